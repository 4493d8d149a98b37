/**
 * DKIM canonicalisation (RFC 6376 §3.4) on exact bytes, for the checks
 * mailauth cannot do: verifying a header signature without the body, and
 * hashing a body in altered ways to name what changed it.
 *
 * Everything works on "binary" strings (one char per byte, latin1) so UTF-8
 * header values keep their exact bytes: `Buffer.from(s, 'latin1')` gives the
 * bytes back.
 */
import { createHash } from 'node:crypto';

/** One header field of a message, as bytes. */
export interface HeaderFieldBytes {
  /** Lower-cased field name. */
  key: string;
  /** The field as it appeared, folding kept, without the final CRLF (binary string). */
  raw: string;
  /** 0-based position, top first. */
  index: number;
}

/** A message split into its header fields and body (binary strings, CRLF line endings). */
export interface SplitMessage {
  fields: HeaderFieldBytes[];
  /** The body after the blank line; null when the input had no blank line (headers only). */
  body: string | null;
  /** True when bare LF line endings were turned into CRLF, as they travel on the wire. */
  lineEndingsNormalised: boolean;
}

/** Bytes of a message, from text (a paste, encoded as UTF-8) or a Buffer (a file, as is). */
export function toBinary(input: string | Buffer): string {
  return (typeof input === 'string' ? Buffer.from(input, 'utf8') : input).toString('latin1');
}

/** Turn bare LF (and bare CR) into CRLF. Returns the text and whether anything changed. */
export function normaliseLineEndings(binary: string): { text: string; changed: boolean } {
  const text = binary.replace(/\r\n|\r|\n/g, '\r\n');
  return { text, changed: text !== binary };
}

/**
 * Split a message into fields and body. A line starting with space or tab
 * continues the previous field; a line without a colon that does not continue
 * anything is dropped (it is not a field a signer could have signed).
 */
export function splitMessage(input: string | Buffer): SplitMessage {
  const { text, changed } = normaliseLineEndings(toBinary(input));
  let headerPart = text;
  let body: string | null = null;
  if (text.startsWith('\r\n')) {
    headerPart = '';
    body = text.slice(2);
  } else {
    const end = text.indexOf('\r\n\r\n');
    if (end >= 0) {
      headerPart = text.slice(0, end);
      body = text.slice(end + 4);
    }
  }
  const fields: HeaderFieldBytes[] = [];
  let current: string[] | null = null;
  const flush = () => {
    if (!current) return;
    const raw = current.join('\r\n');
    const colon = raw.indexOf(':');
    fields.push({ key: raw.slice(0, colon).trim().toLowerCase(), raw, index: fields.length });
    current = null;
  };
  for (const line of headerPart.split('\r\n')) {
    if (line === '') continue;
    if ((line.startsWith(' ') || line.startsWith('\t')) && current) {
      current.push(line);
      continue;
    }
    flush();
    if (line.includes(':')) current = [line];
  }
  flush();
  return { fields, body, lineEndingsNormalised: changed };
}

/** Header canonicalisation algorithm. */
export type Canon = 'simple' | 'relaxed';

/** One header field canonicalised, without a trailing CRLF (RFC 6376 §3.4.1 / §3.4.2). */
export function canonHeader(raw: string, canon: Canon): string {
  if (canon === 'simple') return raw;
  const unfolded = raw.replace(/\r\n/g, '');
  const colon = unfolded.indexOf(':');
  const name = unfolded.slice(0, colon).replace(/[ \t]+$/, '').replace(/^[ \t]+/, '').replace(/[A-Z]/g, (c) => c.toLowerCase());
  const value = unfolded
    .slice(colon + 1)
    .replace(/[ \t]+/g, ' ')
    .replace(/^ | $/g, '');
  return `${name}:${value}`;
}

/**
 * Pick the fields named in h= per RFC 6376 §5.4.2: for each name, the
 * bottom-most instance not used yet; a name with no instance left contributes
 * nothing (it may have been absent when signed, or removed since).
 */
export function selectSignedFields(
  fields: HeaderFieldBytes[],
  names: string[],
  exclude: HeaderFieldBytes,
): { selected: HeaderFieldBytes[]; missing: string[] } {
  const pool = fields.filter((f) => f !== exclude);
  const used = new Set<HeaderFieldBytes>();
  const selected: HeaderFieldBytes[] = [];
  const missing: string[] = [];
  for (const rawName of names) {
    const name = rawName.trim().toLowerCase();
    if (!name) continue;
    let found: HeaderFieldBytes | undefined;
    for (let i = pool.length - 1; i >= 0; i--) {
      const f = pool[i];
      if (f && f.key === name && !used.has(f)) {
        found = f;
        break;
      }
    }
    if (found) {
      used.add(found);
      selected.push(found);
    } else {
      missing.push(name);
    }
  }
  return { selected, missing };
}

/** Body canonicalisation (RFC 6376 §3.4.3 / §3.4.4) of a CRLF body (binary string). */
export function canonBody(body: string, canon: Canon): string {
  let lines = body.split('\r\n');
  // A body ending in CRLF splits into a final empty string that is not a line.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (canon === 'relaxed') lines = lines.map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return canon === 'simple' ? '\r\n' : '';
  return `${lines.join('\r\n')}\r\n`;
}

/** base64 body hash of a canonicalised body, optionally cut at l= bytes. */
export function bodyHash(canonical: string, algorithm: 'sha256' | 'sha1', limit?: number): string {
  const bytes = Buffer.from(limit === undefined ? canonical : canonical.slice(0, limit), 'latin1');
  return createHash(algorithm).update(bytes).digest('base64');
}

/**
 * Find the longest proper prefix of the body (cut at a line end) whose hash
 * equals `expected`: if one exists, the body was signed as that prefix and
 * lines were appended later (a footer, a list trailer, a disclaimer). Linear:
 * the hash state is copied at each line end rather than rehashing.
 * Returns the number of canonical lines the signer saw, or null.
 */
export function findSignedPrefix(body: string, canon: Canon, algorithm: 'sha256' | 'sha1', expected: string, maxBytes = 8 * 1024 * 1024): number | null {
  const canonical = canonBody(body, canon);
  if (canonical.length > maxBytes) return null;
  const lines = canonical.split('\r\n');
  lines.pop();
  const hash = createHash(algorithm);
  let pendingEmpty = 0;
  let best: number | null = null;
  const emptyBody = canon === 'simple' ? '\r\n' : '';
  if (createHash(algorithm).update(Buffer.from(emptyBody, 'latin1')).digest('base64') === expected && lines.length > 0) best = 0;
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i] ?? '';
    if (line === '') {
      // Trailing empty lines are not part of a canonical body: hold them until a non-empty line follows.
      pendingEmpty += 1;
      continue;
    }
    hash.update(Buffer.from('\r\n'.repeat(pendingEmpty) + line + '\r\n', 'latin1'));
    pendingEmpty = 0;
    if (hash.copy().digest('base64') === expected) best = i + 1;
  }
  return best;
}
