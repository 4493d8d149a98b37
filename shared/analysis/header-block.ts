/**
 * Split pasted text (a whole message, or just the headers a webmail's "show
 * original" gave the user) into ordered header fields.
 *
 * Real pastes are messy, so the splitter is lenient and says what it guessed:
 * - CRLF, LF or a mix; folded (continuation lines start with space/tab) or
 *   already unfolded.
 * - Indentation lost in copy-paste: a line that does not start with a
 *   plausible `Name:` continues the previous field (see `looksLikeFieldStart`).
 * - Leading junk: blank lines, an mbox `From ` separator, Gmail's "Show
 *   original" summary table (up to its "Download Original" / "Copy to
 *   clipboard" line), stray prose before the first field.
 * - The header block ends at the first blank line when what follows is a
 *   body. A blank line followed by more header fields (web UIs sometimes
 *   double-space a copy) is skipped with a warning instead.
 * - Double-spaced pastes (a blank line after every line, as Outlook and some
 *   web pages copy): when the lines from the first field on alternate with
 *   single blank lines and the lines between the blanks read as fields or
 *   folds, those blank lines are ignored (see `doubleSpacedBlanks`); the run
 *   of alternation ends where two blank lines (or two text lines) meet, so a
 *   body after the headers is still found.
 */
import { decodeEncodedWords } from './encoded-words';
import { type ParseWarning, warn } from './warnings';

/** One header field as it appeared in the input. */
export interface RawHeaderField {
  /** Field name as written (case kept), without the colon. */
  name: string;
  /** Lower-cased name, for lookups. */
  key: string;
  /**
   * The value, unfolded: line breaks removed (the whitespace that started each
   * continuation line kept, so tokens do not run together), leading/trailing
   * whitespace trimmed. Not RFC 2047 decoded: structured parsers read this.
   */
  value: string;
  /** The value with RFC 2047 encoded words decoded, for display. */
  decoded: string;
  /** The field's exact text in the input, name and line breaks included. */
  raw: string;
  /** 1-based line number of the field's first line in the input. */
  line: number;
  /** 1-based line number of the field's last line. */
  endLine: number;
  /** 0-based position of the field in the returned list (message order, top first). */
  index: number;
  /** True when at least one continuation line had lost its indentation and was joined by guess. */
  repaired: boolean;
}

/** Line-ending style of the header block. */
export type LineEnding = 'crlf' | 'lf' | 'cr' | 'mixed' | 'none';

/** The result of splitting an input into header fields. */
export interface HeaderBlock {
  /** Header fields in message order (the topmost, most recently added, first). */
  fields: RawHeaderField[];
  /** True when a body followed the header block. */
  hasBody: boolean;
  /** Character offset in the input where the body starts; null when there is no body. */
  bodyOffset: number | null;
  /** 1-based line number where the body starts; null when there is no body. */
  bodyLine: number | null;
  /** Line endings seen in the header block. */
  lineEnding: LineEnding;
  /** Lines skipped before the first field (mbox separator, UI chrome, prose), with their line numbers. */
  skipped: { line: number; text: string }[];
  /** What could not be read, or was read by guess. */
  warnings: ParseWarning[];
}

/** Options for `splitHeaderBlock`. */
export interface SplitOptions {
  /**
   * How to treat a blank line: `auto` (default) ends the block unless header
   * fields clearly continue after it; `end` always ends the block (strict RFC 5322).
   */
  blankLine?: 'auto' | 'end';
  /** Stop after this many fields (default 5000) so a pathological paste stays fast. */
  maxFields?: number;
}

/** A field name per RFC 5322 ftext, which the real world narrows to letters, digits, '-', '_' and '.'. */
const FIELD_START = /^([!-9;-~]+)[ \t]*:/;
/** Starts with a letter; any other printable except '=' (a folded DKIM `h=from:to` is not a field). `X-Copyright(C)` and `X-It'S` are real names. */
const PLAUSIBLE_NAME = /^[A-Za-z][!-9;-<>-~]*$/;

/** Well-known names without a hyphen: anything else short, hyphenless and upper-case is probably a folded fragment. */
const HYPHENLESS = new Set([
  'from', 'to', 'cc', 'bcc', 'subject', 'date', 'received', 'sender', 'comments', 'keywords', 'references',
  'organization', 'organisation', 'importance', 'priority', 'precedence', 'lines', 'path', 'newsgroups', 'xref',
  'status', 'encoding', 'thread-topic', 'sensitivity', 'expires', 'supersedes', 'approved', 'distribution',
  'followup-to', 'summary', 'article', 'envelope-to', 'delivered-to', 'x-status', 'x-uid',
]);

/** URL schemes: `https://…` at the start of a line is a folded List-Unsubscribe, not a field named "https". */
const URL_SCHEMES = /^(https?|mailto|ftp|cid|mid|urn|tel|sip|news|data)$/i;

/** Gmail's "Show original" page chrome, copied along with the headers. */
const GMAIL_CHROME_END = /^\s*(Download Original|Copy to clipboard)\b/i;
const GMAIL_CHROME = /^\s*(Original Message|Message ID|Created at:|From:|To:|Subject:|SPF:|DKIM:|DMARC:)/;

/**
 * Whether a line that does not start with whitespace begins a new field.
 * Used both for the first line and for unindented lines after it.
 */
export function looksLikeFieldStart(line: string, previousKey?: string): boolean {
  const m = FIELD_START.exec(line);
  if (!m) return false;
  const name = m[1]!;
  if (!PLAUSIBLE_NAME.test(name)) return false; // e.g. "h=from:to" from a DKIM h= tag
  const rest = line.slice(m[0].length);
  if (URL_SCHEMES.test(name) && (rest.startsWith('//') || /^mailto$/i.test(name))) return false;
  if (!name.includes('-') && !HYPHENLESS.has(name.toLowerCase())) {
    // "SFS:(13230040)…" or "CIP:1.2.3.4;CTRY:…" folded out of Microsoft's report headers.
    if (name === name.toUpperCase() && name.length <= 6) return false;
    if (previousKey && /antispam|forefront/.test(previousKey) && /^[A-Za-z]{2,6}$/.test(name)) return false;
  }
  return true;
}

/** Split input into lines, remembering each line's start offset and terminator. */
function splitLines(input: string): { text: string; start: number; eol: string }[] {
  const lines: { text: string; start: number; eol: string }[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = re.exec(input); m; m = re.exec(input)) {
    lines.push({ text: input.slice(start, m.index), start, eol: m[0] });
    start = m.index + m[0].length;
  }
  if (start < input.length) lines.push({ text: input.slice(start), start, eol: '' });
  return lines;
}

const isBlank = (s: string) => /^[ \t]*$/.test(s);
const isContinuation = (s: string) => s.length > 0 && (s[0] === ' ' || s[0] === '\t');

/**
 * Split raw input (a whole message or just headers) into ordered header
 * fields. Never throws; anything odd is reported in `warnings`.
 */
export function splitHeaderBlock(input: string, options: SplitOptions = {}): HeaderBlock {
  const maxFields = options.maxFields ?? 5000;
  const blankMode = options.blankLine ?? 'auto';
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input; // BOM from Windows editors
  const offsetShift = input.length - text.length;
  const lines = splitLines(text);
  const warnings: ParseWarning[] = [];
  const skipped: { line: number; text: string }[] = [];
  const fields: RawHeaderField[] = [];
  const eols = new Set<string>();
  const repairedLines: number[] = [];

  let i = 0;
  // --- leading junk -------------------------------------------------------
  const gmailEnd = lines.slice(0, 40).findIndex((l) => GMAIL_CHROME_END.test(l.text));
  if (gmailEnd >= 0 && lines.slice(0, gmailEnd).some((l) => GMAIL_CHROME.test(l.text))) {
    for (; i <= gmailEnd; i++) skipped.push({ line: i + 1, text: lines[i]!.text });
    warnings.push(warn('gmail-summary-skipped', "Skipped Gmail's \"Show original\" summary table above the headers.", { line: 1 }));
  }
  for (; i < lines.length; i++) {
    const l = lines[i]!.text;
    if (isBlank(l)) continue;
    if (/^>?From [^ ]/.test(l) && !FIELD_START.test(l)) {
      skipped.push({ line: i + 1, text: l });
      continue;
    }
    if (looksLikeFieldStart(l)) break;
    skipped.push({ line: i + 1, text: l });
  }
  const junk = skipped.filter((s) => !/^>?From /.test(s.text) && !GMAIL_CHROME.test(s.text) && !GMAIL_CHROME_END.test(s.text));
  if (junk.length > 0 && skipped.length > 0) {
    warnings.push(warn('leading-text-skipped', `Skipped ${junk.length} line(s) before the first header field that were not headers.`, { line: junk[0]!.line, text: junk[0]!.text }));
  }

  // --- double-spaced paste ---------------------------------------------------
  const spacedBlanks = blankMode === 'auto' ? doubleSpacedBlanks(lines, i) : null;
  if (spacedBlanks) {
    warnings.push(warn('double-spaced-paste', 'Blank lines between header lines were ignored (double-spaced paste).', { line: i + 2, text: `${spacedBlanks.size} blank line(s)` }));
  }

  // --- fields ---------------------------------------------------------------
  let bodyStart: number | null = null;
  let current: { startLine: number; endLine: number; parts: string[]; repaired: boolean } | null = null;
  const flush = () => {
    if (!current) return;
    if (fields.length >= maxFields) { current = null; return; }
    const first = lines[current.startLine]!;
    const last = lines[current.endLine]!;
    const raw = text.slice(first.start, last.start + last.text.length);
    const m = FIELD_START.exec(first.text)!;
    const name = m[1]!;
    const value = [first.text.slice(m[0].length), ...current.parts].join('').trim();
    const decoded = decodeEncodedWords(value);
    for (const w of decoded.warnings) warnings.push({ ...w, line: current.startLine + 1 });
    fields.push({
      name,
      key: name.toLowerCase(),
      value,
      decoded: decoded.text,
      raw,
      line: current.startLine + 1,
      endLine: current.endLine + 1,
      index: fields.length,
      repaired: current.repaired,
    });
    current = null;
  };

  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const l = line.text;
    if (isBlank(l)) {
      if (spacedBlanks?.has(i)) continue;
      if (current && blankMode === 'auto' && headersResumeAfter(lines, i)) {
        warnings.push(warn('blank-line-in-headers', 'A blank line inside the header block was skipped because header fields continue after it (common in copied text).', { line: i + 1 }));
        continue;
      }
      if (line.eol) eols.add(line.eol);
      flush();
      // The body starts after this blank line, if anything follows it.
      const next = i + 1 < lines.length ? lines[i + 1]!.start : text.length;
      bodyStart = next < text.length ? next : null;
      if (bodyStart === null && lines.slice(i + 1).some((x) => !isBlank(x.text))) bodyStart = next;
      break;
    }
    if (line.eol) eols.add(line.eol);
    if (isContinuation(l)) {
      if (current) { current.parts.push(l); current.endLine = i; }
      else skipped.push({ line: i + 1, text: l });
      continue;
    }
    if (/^>+\S/.test(l) && looksLikeFieldStart(l.replace(/^>+/, ''))) {
      // ">Received: …" — a header line quoted by broken list software. Not a field of this message; skip it and its folds.
      flush();
      skipped.push({ line: i + 1, text: l });
      warnings.push(warn('quoted-header-line', 'A header line starting with ">" (quoted by some software) was skipped with its continuation lines.', { line: i + 1, text: l }));
      while (i + 1 < lines.length && isContinuation(lines[i + 1]!.text)) skipped.push({ line: i + 2, text: lines[++i]!.text });
      continue;
    }
    if (current && !looksLikeFieldStart(l, lines[current.startLine]!.text.split(':', 1)[0]!.trim().toLowerCase())) {
      // Indentation lost in copy-paste: join with a space so tokens stay apart.
      current.parts.push(` ${l}`);
      current.endLine = i;
      current.repaired = true;
      repairedLines.push(i + 1);
      continue;
    }
    flush();
    if (!looksLikeFieldStart(l)) {
      skipped.push({ line: i + 1, text: l });
      warnings.push(warn('unreadable-line', 'A line in the header block is not a header field; it was skipped.', { line: i + 1, text: l }));
      continue;
    }
    current = { startLine: i, endLine: i, parts: [], repaired: false };
  }
  flush();

  if (repairedLines.length > 0) {
    warnings.push(warn('lost-indentation', `${repairedLines.length} line(s) did not start with a header name or whitespace (indentation lost in copying?); each was joined to the field above it.`, { line: repairedLines[0]!, text: `lines ${repairedLines.slice(0, 10).join(', ')}${repairedLines.length > 10 ? '…' : ''}` }));
  }
  if (fields.length >= maxFields) warnings.push(warn('too-many-fields', `Only the first ${maxFields} header fields were read.`));
  if (fields.length === 0) warnings.push(warn('no-header-fields', 'No header fields were found. Paste the raw headers ("Show original" in Gmail, "View message source" in Outlook) or a whole .eml file.'));

  const lineEnding: LineEnding = eols.size === 0 ? 'none' : eols.size > 1 ? 'mixed' : eols.has('\r\n') ? 'crlf' : eols.has('\n') ? 'lf' : 'cr';
  let bodyLine: number | null = null;
  if (bodyStart !== null) bodyLine = lines.findIndex((l) => l.start === bodyStart) + 1 || null;
  return {
    fields,
    hasBody: bodyStart !== null,
    bodyOffset: bodyStart === null ? null : bodyStart + offsetShift,
    bodyLine,
    lineEnding,
    skipped,
    warnings,
  };
}

/**
 * After a blank line at `at`, do header fields clearly continue? True only
 * when the next non-blank line starts a trace, authentication, MIME or `X-`
 * field and the line after it is a field start or a continuation too: a body
 * that begins with "Note: …" or a quoted "From: …" block does not qualify.
 */
function headersResumeAfter(lines: { text: string }[], at: number): boolean {
  let j = at + 1;
  while (j < lines.length && isBlank(lines[j]!.text)) j++;
  if (j >= lines.length) return false;
  const first = lines[j]!.text;
  if (!looksLikeFieldStart(first)) return false;
  const name = first.split(':', 1)[0]!.trim().toLowerCase();
  // Trace and authentication fields never open a body; From/To/Subject can (a forwarded message quoted in the body).
  if (!/^(received|x-|arc-|dkim-|authentication-results|received-spf|return-path|delivered-to|message-id|mime-version|content-|list-)/.test(name)) return false;
  let k = j + 1;
  while (k < lines.length && isBlank(lines[k]!.text)) k++;
  if (k >= lines.length) return true;
  const second = lines[k]!.text;
  return isContinuation(second) || looksLikeFieldStart(second);
}

/** Fewest alternations (text line, one blank line) before a paste counts as double-spaced. */
const DOUBLE_SPACED_MIN_BLANKS = 3;
/** Share of the alternating text lines that must read as a field start or a fold. */
const DOUBLE_SPACED_MIN_HEADERISH = 0.8;

/**
 * Blank lines to ignore in a double-spaced paste, or null when the input is
 * not one. From `start` (the first field line) it follows the run of text
 * line / single blank line / text line…; the run ends at two blank lines in a
 * row (the real end of the headers, itself double-spaced) or two text lines
 * in a row. It counts as double-spaced when the run has at least
 * DOUBLE_SPACED_MIN_BLANKS blanks and most of its text lines look like a field
 * start or a fold: a real message has no blank line between its first two
 * header lines, and a one-field paste followed by a body of blank-separated
 * paragraphs fails the "looks like headers" test. The blank line that ends
 * the run is not included, so it still ends the header block.
 */
function doubleSpacedBlanks(lines: { text: string }[], start: number): Set<number> | null {
  const blanks: number[] = [];
  let text = 0;
  let headerish = 0;
  let j = start;
  for (;;) {
    if (j >= lines.length || isBlank(lines[j]!.text)) break;
    text++;
    const l = lines[j]!.text;
    if (isContinuation(l) || looksLikeFieldStart(l)) headerish++;
    const next = j + 1 < lines.length && isBlank(lines[j + 1]!.text);
    const after = j + 2 < lines.length && !isBlank(lines[j + 2]!.text);
    if (!next || !after) break;
    blanks.push(j + 1);
    j += 2;
  }
  if (blanks.length < DOUBLE_SPACED_MIN_BLANKS || headerish < DOUBLE_SPACED_MIN_HEADERISH * text) return null;
  return new Set(blanks);
}

/** All fields with this name (case-insensitive), in message order. */
export function fieldsNamed(block: { fields: RawHeaderField[] }, name: string): RawHeaderField[] {
  const key = name.toLowerCase();
  return block.fields.filter((f) => f.key === key);
}
