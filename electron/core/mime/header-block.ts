/**
 * Reads a header block straight from the bytes, keeping what parsers usually
 * throw away: the order of fields, repeated fields, and each value's raw text.
 * mailparser's Map of headers merges repeats and loses order, and the Headers
 * tab must show the message as it is, so the block is split here and only the
 * decoding (RFC 2047 encoded words) is left to libmime.
 *
 * Unfolding follows RFC 5322 §2.2.3: the CRLF (or bare LF) before a line that
 * starts with space or tab is removed, the whitespace itself is kept.
 */
import libmime from 'libmime';
import type { HeaderField } from '../../../shared/model/message';

/** A header block as found in the bytes. */
export interface HeaderBlock {
  /** Fields in order, unfolded. */
  fields: HeaderField[];
  /** Offset of the first body byte (after the blank line), or the end when there is no body. */
  bodyStart: number;
  /** True when a blank line ended the block (false: the bytes ran out first). */
  terminated: boolean;
  /** Problems found, in plain words. */
  warnings: string[];
}

const CR = 0x0d;
const LF = 0x0a;
/** RFC 5322 §2.1.1: lines must not exceed 998 characters, CRLF excluded. */
const MAX_LINE = 998;
/** More than this many warnings of one kind are summarised, so garbage input stays readable. */
const MAX_WARNINGS_PER_KIND = 5;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('windows-1252');

/** Decode RFC 2047 encoded words; never throws (bad words are left as written). */
export function decodeWords(value: string): string {
  // Every pattern libmime looks for starts with "=?": without one it returns
  // the string unchanged, after five regular-expression passes over it (run
  // for every header of every capture).
  if (!value.includes('=?')) return value;
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

/**
 * Split the header block that starts at `start` and ends at the first empty
 * line (or at `end`). `label` names the part in warnings ("the message", "part 1.2").
 */
export function readHeaderBlock(raw: Uint8Array, start = 0, end = raw.length, label = 'the message'): HeaderBlock {
  const fields: HeaderField[] = [];
  const counts = new Map<string, number>();
  const warnings: string[] = [];
  const warn = (kind: string, text: string): void => {
    const n = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, n);
    if (n <= MAX_WARNINGS_PER_KIND) warnings.push(text);
  };

  const found: { name: string; raw: string }[] = [];
  // The field a continuation line belongs to: none at the start or after a skipped line.
  let open: { name: string; raw: string } | undefined;

  let pos = start;
  let lineNo = 0;
  let terminated = false;
  while (pos < end) {
    let eol = indexOfByte(raw, LF, pos, end);
    const next = eol === -1 ? end : eol + 1;
    if (eol === -1) eol = end;
    const contentEnd = eol > pos && raw[eol - 1] === CR ? eol - 1 : eol;
    lineNo++;
    if (contentEnd === pos) {
      // The blank line: the body starts after it.
      pos = next;
      terminated = true;
      break;
    }
    const line = decodeLine(raw.subarray(pos, contentEnd), () =>
      warn('8bit', `Header line ${lineNo} of ${label} has 8-bit bytes that are not UTF-8; shown as Windows-1252.`),
    );
    if (contentEnd - pos > MAX_LINE) warn('long', `Header line ${lineNo} of ${label} is ${contentEnd - pos} characters long (the limit is ${MAX_LINE}).`);

    const first = raw[pos];
    if (first === 0x20 || first === 0x09) {
      if (open) open.raw += line;
      else warn('orphan', `Header line ${lineNo} of ${label} starts with whitespace but continues no field: "${clip(line)}".`);
    } else {
      open = undefined;
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon).replace(/[ \t]+$/, '') : '';
      if (colon <= 0 || !/^[\x21-\x39\x3b-\x7e]+$/.test(name)) {
        warn('nocolon', `Header line ${lineNo} of ${label} is not a "Name: value" field and was skipped: "${clip(line)}".`);
      } else {
        open = { name, raw: line.slice(colon + 1).replace(/^[ \t]+/, '') };
        found.push(open);
      }
    }
    pos = next;
  }
  for (const f of found) fields.push({ name: f.name, raw: f.raw, decoded: decodeWords(f.raw) });
  for (const [kind, n] of counts) {
    if (n > MAX_WARNINGS_PER_KIND) warnings.push(`…and ${n - MAX_WARNINGS_PER_KIND} more header lines of ${label} like the ${kind === 'nocolon' ? 'skipped' : 'previous'} one${kind === 'nocolon' ? 's' : ''}.`);
  }
  return { fields, bodyStart: pos, terminated, warnings };
}

/** The first field named `name` (case-insensitive), or undefined. */
export function findField(fields: readonly HeaderField[], name: string): HeaderField | undefined {
  const lower = name.toLowerCase();
  return fields.find((f) => f.name.toLowerCase() === lower);
}

/** Every field named `name` (case-insensitive), in order. */
export function findFields(fields: readonly HeaderField[], name: string): HeaderField[] {
  const lower = name.toLowerCase();
  return fields.filter((f) => f.name.toLowerCase() === lower);
}

/** A parsed structured value (Content-Type, Content-Disposition) with decoded parameters. */
export interface StructuredValue {
  /** The main value, lower-cased (e.g. "text/plain", "attachment"). */
  value: string;
  /** Parameters by lower-cased name; RFC 2231 continuations joined, RFC 2231/2047 encodings decoded. */
  params: Record<string, string>;
}

/** Parse a Content-Type/Content-Disposition value; never throws. */
export function parseStructured(rawValue: string): StructuredValue {
  try {
    const parsed = libmime.parseHeaderValue(rawValue);
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed.params)) {
      if (typeof value === 'string') params[key.toLowerCase()] = decodeWords(value);
    }
    return { value: String(parsed.value).trim().toLowerCase(), params };
  } catch {
    return { value: rawValue.split(';')[0]?.trim().toLowerCase() ?? '', params: {} };
  }
}

function decodeLine(bytes: Uint8Array, onLatin1: () => void): string {
  // Fast path: pure ASCII (nearly every header line).
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    if ((bytes[i] as number) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return latin1.decode(bytes); // identical to ASCII below 0x80
  try {
    return utf8.decode(bytes); // SMTPUTF8 headers are UTF-8 by definition
  } catch {
    onLatin1();
    return latin1.decode(bytes);
  }
}

export function indexOfByte(raw: Uint8Array, byte: number, from: number, end: number): number {
  const i = raw.indexOf(byte, from);
  return i === -1 || i >= end ? -1 : i;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
