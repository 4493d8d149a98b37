/**
 * RFC 2047 encoded-word decoding (`=?charset?Q|B?text?=`) without Node's
 * Buffer or iconv: shared/ runs in the renderer too, so bytes are decoded with
 * the WHATWG TextDecoder, which both Node (full ICU) and Chromium provide.
 *
 * Choices, and why:
 * - Adjacent encoded words (separated only by whitespace) are joined, as
 *   RFC 2047 §6.2 says. Their bytes are concatenated *before* charset decoding
 *   when the charset matches, because senders routinely split one UTF-8
 *   character across two words.
 * - An unknown charset is not fatal: the bytes are shown as Latin-1 (every
 *   byte maps to one character, nothing is lost) and a warning names it.
 * - Malformed words (bad base64, truncated) are kept as written, with a warning.
 */
import { type ParseWarning, warn } from './warnings';

/** Result of decoding one header value. */
export interface DecodedText {
  /** The value with every readable encoded word replaced by its text. */
  text: string;
  /** Charsets, malformed words and other problems met on the way (empty when clean). */
  warnings: ParseWarning[];
}

/** RFC 2231 allows `charset*language`; the language part is dropped. Encoded text has no spaces or '?'. */
const ENCODED_WORD = /=\?([^?\s*]+)(?:\*[^?\s]*)?\?([QqBb])\?([^?\s]*)\?=/g;

/** Charset labels seen in real mail that TextDecoder does not know under that name. */
const CHARSET_ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  'utf-7': '', // no decoder anywhere; handled by the fallback
  'ks_c_5601': 'euc-kr',
  'x-gbk': 'gbk',
  cp1252: 'windows-1252',
  cp1251: 'windows-1251',
  cp1250: 'windows-1250',
  cp936: 'gbk',
  cp932: 'shift_jis',
  'x-sjis': 'shift_jis',
  'iso-8859-8-i': 'iso-8859-8-i',
  'us-ascii': 'windows-1252', // ASCII is a subset; 8-bit garbage then still shows
  ascii: 'windows-1252',
  latin1: 'windows-1252',
};

const decoderCache = new Map<string, TextDecoder | null>();

/** A TextDecoder for a MIME charset label, or null when the runtime has none for it. */
export function decoderFor(charset: string): TextDecoder | null {
  const key = charset.trim().toLowerCase();
  if (decoderCache.has(key)) return decoderCache.get(key) ?? null;
  const label = key in CHARSET_ALIASES ? CHARSET_ALIASES[key]! : key;
  let decoder: TextDecoder | null = null;
  if (label) {
    try {
      decoder = new TextDecoder(label, { fatal: false });
    } catch {
      decoder = null; // RangeError: label unknown to this runtime
    }
  }
  if (decoderCache.size > 200) decoderCache.clear(); // garbage input must not grow it forever
  decoderCache.set(key, decoder);
  return decoder;
}

/** Decode bytes in a MIME charset; unknown charsets fall back to Latin-1 and say so. */
export function decodeBytes(bytes: Uint8Array, charset: string): { text: string; known: boolean } {
  const decoder = decoderFor(charset);
  if (decoder) return { text: decoder.decode(bytes), known: true };
  return { text: latin1(bytes), known: false };
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return s;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;
B64_INDEX['-'.charCodeAt(0)] = 62; // base64url, seen from some webmailers
B64_INDEX['_'.charCodeAt(0)] = 63;

/**
 * Lenient base64: skips characters outside the alphabet and missing padding.
 * `ok` is false when anything had to be skipped or the length was impossible.
 */
export function base64Bytes(text: string): { bytes: Uint8Array; ok: boolean } {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let n = 0;
  let acc = 0;
  let bits = 0;
  let ok = true;
  let padding = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 61) { padding = true; continue; } // '='
    const v = c < 128 ? B64_INDEX[c]! : -1;
    if (v < 0 || padding) { if (!/\s/.test(text[i]!)) ok = false; continue; }
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  if (bits >= 6) ok = false; // a single dangling sextet cannot be a byte
  return { bytes: out.subarray(0, n), ok };
}

/** RFC 2047 "Q" encoding: `_` is a space, `=XX` a byte; everything else is itself. */
export function qBytes(text: string): { bytes: Uint8Array; ok: boolean } {
  const out = new Uint8Array(text.length);
  let n = 0;
  let ok = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '_') out[n++] = 0x20;
    else if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out[n++] = parseInt(text.slice(i + 1, i + 3), 16);
      i += 2;
    } else {
      if (ch === '=') ok = false;
      const c = ch.charCodeAt(0);
      out[n++] = c < 256 ? c : 0x3f;
    }
  }
  return { bytes: out.subarray(0, n), ok };
}

interface Word {
  start: number;
  end: number;
  charset: string;
  bytes: Uint8Array;
  ok: boolean;
  raw: string;
}

/**
 * Decode every RFC 2047 encoded word in a header value. Text outside encoded
 * words is kept as is (it may already hold raw UTF-8 from an SMTPUTF8 message).
 */
export function decodeEncodedWords(value: string): DecodedText {
  if (!value.includes('=?')) return { text: value, warnings: [] };
  const warnings: ParseWarning[] = [];
  const words: Word[] = [];
  ENCODED_WORD.lastIndex = 0;
  for (let m = ENCODED_WORD.exec(value); m; m = ENCODED_WORD.exec(value)) {
    const [raw, charset, enc, payload] = m as unknown as [string, string, string, string];
    const { bytes, ok } = enc === 'B' || enc === 'b' ? base64Bytes(payload) : qBytes(payload);
    words.push({ start: m.index, end: m.index + raw.length, charset: charset.toLowerCase(), bytes, ok, raw });
  }
  if (words.length === 0) return { text: value, warnings };

  let out = '';
  let cursor = 0;
  const unknown = new Set<string>();
  for (let i = 0; i < words.length; ) {
    const first = words[i]!;
    // Join a run of adjacent words in the same charset so split characters survive.
    let j = i + 1;
    const parts = [first.bytes];
    let runOk = first.ok;
    while (j < words.length) {
      const next = words[j]!;
      const gap = value.slice(words[j - 1]!.end, next.start);
      if (!/^[ \t\r\n]*$/.test(gap)) break;
      if (next.charset !== first.charset) break;
      parts.push(next.bytes);
      runOk &&= next.ok;
      j++;
    }
    out += value.slice(cursor, first.start);
    const bytes = concat(parts);
    const { text, known } = decodeBytes(bytes, first.charset);
    if (!known) unknown.add(first.charset);
    if (!runOk) warnings.push(warn('malformed-encoded-word', 'An encoded word was malformed; decoded what could be read.', { text: first.raw }));
    out += text;
    cursor = words[j - 1]!.end;
    // Whitespace between this run and a following encoded word (other charset) is dropped too (§6.2).
    if (j < words.length && /^[ \t\r\n]*$/.test(value.slice(cursor, words[j]!.start))) cursor = words[j]!.start;
    i = j;
  }
  out += value.slice(cursor);
  for (const cs of unknown) {
    warnings.push(warn('unknown-charset', `The charset "${cs}" is not known to this runtime; its bytes are shown as Latin-1.`, { text: cs }));
  }
  return { text: out, warnings };
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
