/**
 * Header edits on a copy of a raw message, for "replay edited": the header
 * block is split into fields (continuation lines kept with their field), the
 * edits are applied in order, and the body bytes follow unchanged. Fields
 * not edited keep their exact bytes, so a DKIM signature over them still
 * verifies if the signed fields were left alone.
 */
import addressparser from 'nodemailer/lib/addressparser';
import * as mimeFuncs from 'nodemailer/lib/mime-funcs';
import { decodeWords } from '../mime/header-block';

export interface HeaderEdit {
  op: 'set' | 'add' | 'remove';
  name: string;
  value: string;
}

/** Where the header block ends: the index of the blank line's first byte and the body start. */
export function splitHeader(raw: Buffer): { header: Buffer; separator: Buffer; body: Buffer } {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { header: raw.subarray(0, crlf + 2), separator: raw.subarray(crlf + 2, crlf + 4), body: raw.subarray(crlf + 4) };
  if (lf !== -1) return { header: raw.subarray(0, lf + 1), separator: raw.subarray(lf + 1, lf + 2), body: raw.subarray(lf + 2) };
  return { header: raw, separator: Buffer.alloc(0), body: Buffer.alloc(0) };
}

interface Field {
  name: string;
  /** The field's bytes, continuation lines and line ending included. */
  bytes: Buffer;
}

function splitFields(header: Buffer): Field[] {
  const fields: Field[] = [];
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf('\n', start);
    end = end === -1 ? header.length : end + 1;
    const line = header.subarray(start, end);
    const continuation = line[0] === 0x20 || line[0] === 0x09;
    const last = fields[fields.length - 1];
    if (continuation && last) last.bytes = Buffer.concat([last.bytes, line]);
    else {
      const colon = line.indexOf(':');
      fields.push({ name: colon > 0 ? line.subarray(0, colon).toString('latin1').trim() : '', bytes: Buffer.from(line) });
    }
    start = end;
  }
  return fields;
}

const NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/** Apply edits to a copy; throws on a malformed header name or a value with line breaks. */
export function applyHeaderEdits(raw: Buffer, edits: readonly HeaderEdit[]): Buffer {
  const { header, separator, body } = splitHeader(raw);
  const eol = header.includes('\r\n') || header.length === 0 ? '\r\n' : '\n';
  let fields = splitFields(header);
  for (const edit of edits) {
    if (!NAME.test(edit.name)) throw new Error(`"${edit.name}" is not a valid header name.`);
    if (/[\r\n]/.test(edit.value)) throw new Error(`The value of ${edit.name} must be on one line.`);
    const lower = edit.name.toLowerCase();
    // Non-ASCII values become RFC 2047 encoded words; long ones are folded.
    const value = /[^\x20-\x7e\t]/.test(edit.value) ? mimeFuncs.encodeWords(edit.value, 'Q', 52) : edit.value;
    const folded = mimeFuncs.foldLines(`${edit.name}: ${value}`, 76).replace(/\r?\n/g, eol);
    const field: Field = { name: edit.name, bytes: Buffer.from(`${folded}${eol}`, 'utf8') };
    if (edit.op === 'remove') fields = fields.filter((f) => f.name.toLowerCase() !== lower);
    else if (edit.op === 'add') fields.unshift(field);
    else {
      // Replace the first occurrence in place, drop the others.
      const at = fields.findIndex((f) => f.name.toLowerCase() === lower);
      if (at === -1) fields.unshift(field);
      else fields = fields.flatMap((f, i) => (i === at ? [field] : f.name.toLowerCase() === lower ? [] : [f]));
    }
  }
  return Buffer.concat([...fields.map((f) => f.bytes), separator.length > 0 ? separator : Buffer.from(eol), body]);
}

/** Unfolded, decoded values of a header field (all occurrences). */
export function headerValues(raw: Buffer, name: string): string[] {
  const lower = name.toLowerCase();
  return splitFields(splitHeader(raw).header)
    .filter((f) => f.name.toLowerCase() === lower)
    .map((f) => {
      const text = f.bytes.toString('utf8');
      return decodeWords(text.slice(text.indexOf(':') + 1).replace(/\r?\n[ \t]/g, ' ').trim());
    });
}

/** Addresses in the given header fields (From/To/Cc/Bcc…), in order, without duplicates. */
export function headerAddresses(raw: Buffer, names: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (entries: ReturnType<typeof addressparser>): void => {
    for (const entry of entries) {
      if ('group' in entry && entry.group) walk(entry.group);
      else if ('address' in entry && entry.address && !out.includes(entry.address)) out.push(entry.address);
    }
  };
  for (const name of names) for (const value of headerValues(raw, name)) walk(addressparser(value));
  return out;
}
