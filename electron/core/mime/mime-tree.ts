/**
 * The MIME structure, read from the raw bytes with a light splitter of our
 * own: mailparser flattens a message into text/html/attachments and keeps no
 * tree, no encoded sizes and no word about broken structure, and the MIME tab
 * exists to show exactly those. The splitter works on byte offsets (no copies
 * of part bodies), so a 25 MB message costs one pass of indexOf.
 *
 * Paths: the root is "", its children "1", "2"…, their children "1.1"…. A
 * message/rfc822 part has one child, the embedded message ("2" → "2.1").
 */
import type { HeaderField, MimePart } from '../../../shared/model/message';
import { findField, indexOfByte, parseStructured, readHeaderBlock } from './header-block';

/** Deeper nesting than this is hostile or broken; the rest is shown as opaque. */
const MAX_DEPTH = 32;
/** More parts than this are not itemised (mailparser stops at 1000 too). */
const MAX_PARTS = 2000;

/** The tree plus what was wrong with it. */
export interface MimeTree {
  root: MimePart;
  /** Header fields of the top-level message, in order. */
  headers: HeaderField[];
  /** Problems found while splitting, in plain words. */
  warnings: string[];
}

interface Walk {
  raw: Uint8Array;
  warnings: string[];
  parts: number;
  truncated: boolean;
}

/** Split `raw` into its MIME tree. Never throws. */
export function readMimeTree(raw: Uint8Array): MimeTree {
  const walk: Walk = { raw, warnings: [], parts: 0, truncated: false };
  const top = readHeaderBlock(raw, 0, raw.length, 'the message');
  walk.warnings.push(...top.warnings);
  if (!top.terminated && raw.length > 0) {
    walk.warnings.push('The message has no blank line after its headers, so it has no body (or the headers are not headers).');
  }
  const root = readPart(walk, '', raw.length, 0, 'text/plain', top.fields, top.bodyStart);
  if (walk.truncated) walk.warnings.push(`The message has more than ${MAX_PARTS} MIME parts; only the first ${MAX_PARTS} are listed.`);
  return { root, headers: top.fields, warnings: walk.warnings };
}

/** Read one part whose headers are already split (`fields`); its body spans bodyStart..end. */
function readPart(
  walk: Walk,
  path: string,
  end: number,
  depth: number,
  defaultType: string,
  fields: HeaderField[],
  bodyStart: number,
): MimePart {
  walk.parts++;
  const label = path === '' ? 'the message' : `part ${path}`;
  const ctField = findField(fields, 'content-type');
  const ct = ctField ? parseStructured(ctField.raw) : { value: defaultType, params: defaultType === 'text/plain' ? { charset: 'us-ascii' } : {} };
  let contentType = ct.value;
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(contentType)) {
    walk.warnings.push(`The Content-Type of ${label} ("${ctField?.raw ?? ''}") is not type/subtype; read as ${defaultType}.`);
    contentType = defaultType;
  }
  const cte = findField(fields, 'content-transfer-encoding')?.raw.trim().toLowerCase() ?? '7bit';
  const disposition = parseStructured(findField(fields, 'content-disposition')?.raw ?? '');
  const contentId = (findField(fields, 'content-id')?.raw ?? '').trim().replace(/^<|>$/g, '');
  const part: MimePart = {
    path,
    contentType,
    params: ct.params,
    transferEncoding: cte,
    disposition: disposition.value,
    filename: disposition.params['filename'] ?? ct.params['name'] ?? '',
    contentId,
    encodedSize: end - bodyStart,
    decodedSize: 0,
    children: [],
  };

  if (depth >= MAX_DEPTH && (contentType.startsWith('multipart/') || contentType === 'message/rfc822')) {
    walk.warnings.push(`${cap(label)} is nested more than ${MAX_DEPTH} levels deep; its insides are not split.`);
    part.decodedSize = part.encodedSize;
    return part;
  }

  if (contentType.startsWith('multipart/')) {
    if (cte !== '7bit' && cte !== '8bit' && cte !== 'binary') {
      walk.warnings.push(`${cap(label)} is ${contentType} with Content-Transfer-Encoding ${cte}; multiparts may only be 7bit, 8bit or binary.`);
    }
    const boundary = ct.params['boundary'];
    if (!boundary) {
      walk.warnings.push(`${cap(label)} is ${contentType} without a boundary parameter, so its parts cannot be found.`);
      part.decodedSize = part.encodedSize;
      return part;
    }
    const childDefault = contentType === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
    const bodies = splitMultipart(walk, label, boundary, bodyStart, end);
    bodies.forEach((body, i) => {
      if (walk.parts >= MAX_PARTS) {
        walk.truncated = true;
        return;
      }
      const childPath = path === '' ? String(i + 1) : `${path}.${i + 1}`;
      const head = readHeaderBlock(walk.raw, body.start, body.end, `part ${childPath}`);
      walk.warnings.push(...head.warnings);
      part.children.push(readPart(walk, childPath, body.end, depth + 1, childDefault, head.fields, head.bodyStart));
    });
    return part;
  }

  part.decodedSize = decodedSize(walk, label, cte, bodyStart, end);
  if (contentType === 'message/rfc822' || contentType === 'message/global') {
    if (cte === 'base64' || cte === 'quoted-printable') {
      walk.warnings.push(`${cap(label)} is ${contentType} encoded as ${cte}; the embedded message is not split.`);
      return part;
    }
    const childPath = path === '' ? '1' : `${path}.1`;
    const head = readHeaderBlock(walk.raw, bodyStart, end, `the message embedded in ${label}`);
    walk.warnings.push(...head.warnings);
    part.children.push(readPart(walk, childPath, end, depth + 1, 'text/plain', head.fields, head.bodyStart));
  }
  return part;
}

/**
 * Find the body parts between `--boundary` delimiter lines (RFC 2046 §5.1.1).
 * A delimiter starts a line and is followed by optional whitespace and the line
 * end, or by `--` for the closing one. The line break before a delimiter
 * belongs to the delimiter, not to the part.
 */
function splitMultipart(walk: Walk, label: string, boundary: string, start: number, end: number): { start: number; end: number }[] {
  const raw = walk.raw;
  const marker = new TextEncoder().encode(`--${boundary}`);
  const parts: { start: number; end: number }[] = [];
  let partStart = -1;
  let closed = false;
  let pos = start;
  while (pos < end) {
    const hit = findBytes(raw, marker, pos, end);
    if (hit === -1) break;
    const atLineStart = hit === start || raw[hit - 1] === 0x0a;
    let after = hit + marker.length;
    const isClose = raw[after] === 0x2d && raw[after + 1] === 0x2d;
    if (isClose) after += 2;
    while (after < end && (raw[after] === 0x20 || raw[after] === 0x09)) after++;
    const lineEnds = after >= end || raw[after] === 0x0a || (raw[after] === 0x0d && raw[after + 1] === 0x0a);
    if (!atLineStart || (!lineEnds && !isClose)) {
      pos = hit + 1;
      continue;
    }
    // The CRLF (or LF) before the delimiter belongs to it.
    let bodyEnd = hit;
    if (bodyEnd > start && raw[bodyEnd - 1] === 0x0a) bodyEnd--;
    if (bodyEnd > start && raw[bodyEnd - 1] === 0x0d) bodyEnd--;
    if (partStart !== -1) parts.push({ start: partStart, end: Math.max(partStart, bodyEnd) });
    const eol = indexOfByte(raw, 0x0a, after, end);
    const next = eol === -1 ? end : eol + 1;
    if (isClose) {
      closed = true;
      partStart = -1;
      break;
    }
    partStart = next;
    pos = next;
  }
  if (partStart !== -1) parts.push({ start: partStart, end });
  if (parts.length === 0) {
    walk.warnings.push(`${cap(label)} declares boundary "${boundary}" but no part starts with it.`);
  } else if (!closed) {
    walk.warnings.push(`${cap(label)} has no closing boundary "--${boundary}--": the message may be cut short.`);
  }
  return parts;
}

/** Size after transfer decoding, with a warning for bodies the encoding cannot describe. */
function decodedSize(walk: Walk, label: string, cte: string, start: number, end: number): number {
  const body = walk.raw.subarray(start, end);
  switch (cte) {
    case '7bit':
    case '8bit':
    case 'binary':
      if (cte === '7bit' && hasHighBytes(body)) walk.warnings.push(`${cap(label)} says 7bit but contains 8-bit bytes.`);
      return body.length;
    case 'base64': {
      const stray = countNonBase64(body);
      if (stray > 0) walk.warnings.push(`${cap(label)} is base64 but has ${stray} characters outside the base64 alphabet (skipped when decoding).`);
      return Buffer.from(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1'), 'base64').length;
    }
    case 'quoted-printable':
      return quotedPrintableSize(body);
    default:
      walk.warnings.push(`${cap(label)} has an unknown Content-Transfer-Encoding "${cte}"; its size is shown as sent.`);
      return body.length;
  }
}

function hasHighBytes(body: Uint8Array): boolean {
  for (let i = 0; i < body.length; i++) if ((body[i] as number) > 0x7f) return true;
  return false;
}

function countNonBase64(body: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as number;
    const ok =
      (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ||
      c === 0x2b || c === 0x2f || c === 0x3d || c === 0x0d || c === 0x0a || c === 0x20 || c === 0x09;
    if (!ok) n++;
  }
  return n;
}

/** Decoded length of a quoted-printable body (soft line breaks removed, =XX counted once). */
function quotedPrintableSize(body: Uint8Array): number {
  let size = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== 0x3d) {
      size++;
      continue;
    }
    if (body[i + 1] === 0x0d && body[i + 2] === 0x0a) i += 2;
    else if (body[i + 1] === 0x0a) i += 1;
    else if (isHex(body[i + 1]) && isHex(body[i + 2])) {
      size++;
      i += 2;
    } else size++;
  }
  return size;
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

function findBytes(raw: Uint8Array, needle: Uint8Array, from: number, end: number): number {
  const i = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).indexOf(needle, from);
  return i === -1 || i + needle.length > end ? -1 : i;
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
