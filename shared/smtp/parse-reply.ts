/**
 * Reading an SMTP reply as it comes off the wire or out of a client library:
 * the basic code, the enhanced status code, and the text without either.
 *
 * RFC 5321 §4.2: a reply is one or more lines `NNN-text` ending with `NNN text`;
 * the last line's code governs. RFC 2034: after ENHANCEDSTATUSCODES every line
 * starts with `class.subject.detail`, so it is stripped from each line, not
 * only the first. nodemailer hands multi-line replies over joined by "\n"
 * with the code prefixes kept; explainers also get the text without a code
 * (the code passed separately), so both forms are accepted.
 */

/** An SMTP reply taken apart. */
export interface ParsedReply {
  /** The basic reply code of the final line, or null when the text carried none. */
  code: number | null;
  /** The enhanced status code (e.g. "5.7.26") found at the start of a line or inside the text; null when none. */
  enhanced: string | null;
  /** Where the enhanced code was found: at the start of a line (RFC 2034 position), elsewhere in the text, or nowhere. */
  enhancedAt: 'prefix' | 'text' | null;
  /** Each line's text with the reply code, separator and leading enhanced code removed. */
  lines: string[];
  /** The lines joined by a space: the human text of the reply. */
  text: string;
  /** True when the reply had more than one line. */
  multiline: boolean;
  /** True when the code prefixes were inconsistent between lines (a broken server or a pasted mix). */
  inconsistent: boolean;
}

/** `550-`, `550 `, or a bare `550` line. */
const CODE_PREFIX = /^([2-5]\d\d)(?:([ -])|$)/;
/**
 * An enhanced code: class 2/4/5, subject 0–7, detail up to 3 digits. Not part
 * of a longer dotted number (Yahoo appends "- 4.16.55.1", IP addresses abound).
 * Some servers write "#5.1.1"; the # is allowed by the look-behind. A full
 * stop right after it (end of a sentence) is fine.
 */
const ENHANCED_ANYWHERE = /(?<![\d.])([245])\.([0-7])\.(\d{1,3})(?!\d|\.\d)/;
const ENHANCED_PREFIX = /^#?([245])\.([0-7])\.(\d{1,3})(?=\s|$)/;

/** The first enhanced status code in a string (anywhere), normalised (no leading zeros); null when none. */
export function findEnhancedCode(text: string): string | null {
  const m = ENHANCED_ANYWHERE.exec(text);
  return m ? normaliseEnhanced(m[1]!, m[2]!, m[3]!) : null;
}

function normaliseEnhanced(cls: string, subject: string, detail: string): string {
  return `${cls}.${Number(subject)}.${Number(detail)}`;
}

/** Splits "5.7.26" into numbers; null when it is not an enhanced status code. */
export function splitEnhancedCode(enhanced: string): { cls: number; subject: number; detail: number } | null {
  const m = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(enhanced.trim());
  if (!m) return null;
  return { cls: Number(m[1]), subject: Number(m[2]), detail: Number(m[3]) };
}

/**
 * Takes a reply apart. Accepts "250 OK", a multi-line reply joined by \n or
 * \r\n, or text without any code ("5.7.8 Authentication credentials invalid").
 */
export function parseReply(raw: string): ParsedReply {
  const rawLines = raw.replace(/\r\n?/g, '\n').split('\n');
  while (rawLines.length > 1 && rawLines[rawLines.length - 1]!.trim() === '') rawLines.pop();
  let code: number | null = null;
  let firstCode: number | null = null;
  let inconsistent = false;
  let enhanced: string | null = null;
  let enhancedAt: ParsedReply['enhancedAt'] = null;
  const lines: string[] = [];
  for (const rawLine of rawLines) {
    let line = rawLine;
    const cm = CODE_PREFIX.exec(line);
    if (cm) {
      const c = Number(cm[1]);
      if (firstCode === null) firstCode = c;
      else if (c !== firstCode) inconsistent = true;
      code = c;
      line = line.slice(cm[0].length);
    }
    line = line.trimStart();
    const em = ENHANCED_PREFIX.exec(line);
    if (em) {
      const e = normaliseEnhanced(em[1]!, em[2]!, em[3]!);
      // The final line's code governs, as for the basic code.
      enhanced = e;
      enhancedAt = 'prefix';
      line = line.slice(em[0].length).trimStart();
    }
    lines.push(line.trimEnd());
  }
  const text = lines.filter((l) => l !== '').join(' ');
  if (enhanced === null) {
    enhanced = findEnhancedCode(text);
    if (enhanced !== null) enhancedAt = 'text';
  }
  return { code, enhanced, enhancedAt, lines, text, multiline: rawLines.length > 1, inconsistent };
}
