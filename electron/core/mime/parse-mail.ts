/**
 * One place that runs mailparser, so the index, the message view and the
 * attachment download all see the same attachments in the same order (the
 * attachment `index` in the API is a position in that list).
 */
import { simpleParser, type AddressObject, type Attachment, type EmailAddress, type ParsedMail } from 'mailparser';
import type { Address } from '../../../shared/model/message';

/** HTML longer than this is not run through html-to-text (slow on megabytes); a quick strip is used instead. */
const MAX_HTML_TO_TEXT = 1_000_000;

export interface ParseOptions {
  /** Compute SHA-256 checksums of attachments (the message view needs them; the index does not). */
  checksums: boolean;
}

/** Run mailparser over the bytes. Rejects on input mailparser cannot read at all; callers catch. */
export function parseMail(raw: Uint8Array, options: ParseOptions): Promise<ParsedMail> {
  return simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), {
    // The HTML is shown exactly as sent: no cid: → data: rewriting, no generated HTML from text.
    keepCidLinks: true,
    skipImageLinks: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    maxHtmlLengthToParse: MAX_HTML_TO_TEXT,
    checksumAlgo: options.checksums ? 'sha256' : false,
  });
}

/** The plain text of a parsed message: its text part, else text made from its HTML. */
export function textOf(mail: ParsedMail): string {
  if (typeof mail.text === 'string' && mail.text.trim() !== '') return mail.text;
  if (typeof mail.html === 'string') return htmlToPlainText(mail.html);
  return '';
}

/** The HTML body, or null. */
export function htmlOf(mail: ParsedMail): string | null {
  return typeof mail.html === 'string' ? mail.html : null;
}

/**
 * A quick, dependency-free HTML-to-text for search and snippets: drops
 * head/style/script content and tags, decodes the common entities. Not a
 * renderer; good enough to find words.
 */
export function htmlToPlainText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(head|style|script|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<(br|\/p|\/div|\/tr|\/li|\/h[1-6])\b[^>]*>/gi, '\n')
      .replace(/<[^>]*>/g, ' '),
  );
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', reg: '®', hellip: '…', mdash: '—', ndash: '–', euro: '€' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Flatten mailparser's address objects (several headers, groups) into a list of mailboxes. */
export function addressesOf(value: AddressObject | AddressObject[] | undefined): Address[] {
  if (!value) return [];
  const out: Address[] = [];
  const add = (entries: readonly EmailAddress[]): void => {
    for (const entry of entries) {
      if (entry.group) add(entry.group);
      else out.push({ name: entry.name ?? '', address: entry.address ?? '' });
    }
  };
  for (const object of Array.isArray(value) ? value : [value]) add(object.value);
  return out;
}

/** Whether an attachment counts in the summary: it has a name, or says it is an attachment. */
export function isNamedAttachment(attachment: Attachment): boolean {
  return Boolean(attachment.filename) || attachment.contentDisposition === 'attachment';
}

/**
 * Parse a Date header value into ms since the epoch, or null. mailparser turns
 * an unreadable Date into "now", which would be wrong with confidence.
 */
export function parseDateHeader(value: string | undefined): number | null {
  if (value === undefined) return null;
  // Comments such as "(UTC)" or "(Pacific Standard Time)" are not part of the date.
  const cleaned = value.replace(/\([^()]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  if (cleaned === '') return null;
  const ms = Date.parse(cleaned);
  return Number.isFinite(ms) ? ms : null;
}

/** What `\s` matches in a JavaScript regular expression (the snippet collapses exactly these). */
function isJsSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Collapse whitespace and cut to `max` characters: the first `max * 8`
 * characters with every whitespace run made one space, trimmed, and cut
 * with an ellipsis. One pass that stops once it has enough, collecting
 * character codes (this runs for every capture on the SMTP thread; a
 * regular-expression replace over the window allocated ~17 KB per message).
 */
export function snippetOf(text: string, max = 200): string {
  const codes: number[] = [];
  const end = Math.min(text.length, max * 8);
  let space = false;
  for (let i = 0; i < end && codes.length <= max; i++) {
    const code = text.charCodeAt(i);
    if (isJsSpace(code)) {
      space = codes.length > 0;
      continue;
    }
    if (space) {
      codes.push(0x20);
      space = false;
    }
    codes.push(code);
  }
  if (codes.length <= max) return String.fromCharCode(...codes);
  const cut = codes.slice(0, max - 1);
  // Never end on half a surrogate pair (an emoji cut in two renders as garbage).
  const last = cut.at(-1);
  if (last !== undefined && last >= 0xd800 && last <= 0xdbff) cut.pop();
  return `${String.fromCharCode(...cut)}…`;
}
