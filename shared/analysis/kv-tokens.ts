/**
 * A small tokenizer for the structured `key=value` headers of RFC 8601
 * (Authentication-Results) and RFC 7208 §9.1 (Received-SPF): CFWS with
 * nested comments, quoted strings, `;` and `=`. Keeping comments and quoted
 * strings as single tokens is what stops a quoted local part like
 * `"a) dmarc=pass (b"@x` from leaking a fake result (the regex-parsing
 * hazard described in the field notes).
 */
import { type ParseWarning, warn } from './warnings';

/** One token of a structured header value. */
export interface KvToken {
  /** `word`: a run of non-special characters; `comment`: (…) content; `quoted`: "…" content; `semi`: ';'; `eq`: '='. */
  type: 'word' | 'comment' | 'quoted' | 'semi' | 'eq';
  /** Token text without delimiters; quoted-pairs resolved in quoted strings and comments. */
  text: string;
  /** Offset of the token's first character in the input. */
  start: number;
  /** Offset just after the token. */
  end: number;
}

/** Tokenize; unterminated comments/quotes run to the end of the input and add a warning. */
export function tokenizeKv(s: string, warnings: ParseWarning[]): KvToken[] {
  const toks: KvToken[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') { i++; continue; }
    const start = i;
    if (c === '(') {
      let depth = 0;
      let text = '';
      for (; i < n; i++) {
        const d = s[i]!;
        if (d === '\\' && i + 1 < n) { text += s[++i]; continue; }
        if (d === '(') { if (depth++ > 0) text += d; continue; }
        if (d === ')') { if (--depth === 0) break; text += d; continue; }
        text += d;
      }
      if (i >= n) warnings.push(warn('unclosed-comment', 'A comment "(" was never closed; the rest of the field was read as comment.', { text: s.slice(start, start + 60) }));
      toks.push({ type: 'comment', text: text.trim(), start, end: Math.min(i + 1, n) });
      i++;
      continue;
    }
    if (c === '"') {
      let text = '';
      i++;
      for (; i < n && s[i] !== '"'; i++) {
        if (s[i] === '\\' && i + 1 < n) i++;
        text += s[i];
      }
      if (i >= n) warnings.push(warn('unclosed-quote', 'A quoted string was never closed; read to the end.', { text: s.slice(start, start + 60) }));
      toks.push({ type: 'quoted', text, start, end: Math.min(i + 1, n) });
      i++;
      continue;
    }
    if (c === ';') { toks.push({ type: 'semi', text: ';', start, end: i + 1 }); i++; continue; }
    if (c === '=') { toks.push({ type: 'eq', text: '=', start, end: i + 1 }); i++; continue; }
    if (c === ')') { i++; continue; } // stray closer
    while (i < n && !/[\s()";=]/.test(s[i]!)) i++;
    toks.push({ type: 'word', text: s.slice(start, i), start, end: i });
  }
  return toks;
}

/** Split tokens at top-level ';' (comments and quotes were already kept whole). */
export function splitSemis(toks: KvToken[]): KvToken[][] {
  const out: KvToken[][] = [[]];
  for (const t of toks) {
    if (t.type === 'semi') out.push([]);
    else out[out.length - 1]!.push(t);
  }
  return out;
}

/** One `name=value` item read from a segment. */
export interface KvItem {
  /** The name, with CFWS around '.' and '/' removed ("policy . expired" → "policy.expired"). */
  name: string;
  /** The value; quoted strings unquoted; empty when nothing followed '='. */
  value: string;
  /** True when the value was a quoted string. */
  quoted: boolean;
  /** Comments that followed this item (before the next item). */
  comments: string[];
  /** Offsets of the item in the input (name start to value end). */
  start: number;
  end: number;
}

/** A segment read as items, plus words that belonged to no item. */
export interface KvSegment {
  /** Words before the first item (authserv-id and version live here). */
  leading: string[];
  /** Comments before the first item. */
  leadingComments: string[];
  /** The `name=value` items in order. */
  items: KvItem[];
  /** Words after an item's value that were not followed by '=' (e.g. Microsoft's receiving-domain tokens). */
  stray: string[];
}

const joiner = (w: string) => w === '.' || w === '/' || w.endsWith('.') || w.endsWith('/') || w.startsWith('.') || w.startsWith('/');

/**
 * Read a segment as `name=value` items. A name is the last word before '=',
 * extended backwards across '.' and '/' joins (RFC 8601 allows CFWS there).
 * A value is the token after '='; '=' signs glued to it (base64 padding in
 * header.b) stay part of it.
 */
export function readItems(seg: KvToken[]): KvSegment {
  const out: KvSegment = { leading: [], leadingComments: [], items: [], stray: [] };
  let pending: KvToken[] = [];
  let last: KvItem | null = null;
  for (let i = 0; i < seg.length; i++) {
    const t = seg[i]!;
    if (t.type === 'comment') {
      if (last) last.comments.push(t.text);
      else out.leadingComments.push(t.text);
      continue;
    }
    if (t.type !== 'eq') { pending.push(t); continue; }
    // Build the name from the pending words.
    let k = pending.length - 1;
    while (k > 0 && (joiner(pending[k]!.text) || joiner(pending[k - 1]!.text))) k--;
    const nameToks = k >= 0 ? pending.slice(k) : [];
    const rest = k >= 0 ? pending.slice(0, k) : pending;
    if (last) out.stray.push(...rest.map((x) => x.text));
    else out.leading.push(...rest.map((x) => x.text));
    pending = [];
    // The value: next non-comment token, unless it is another '=' or nothing.
    let j = i + 1;
    const between: string[] = [];
    while (j < seg.length && seg[j]!.type === 'comment') between.push(seg[j++]!.text);
    let value = '';
    let quoted = false;
    let end = t.end;
    if (j < seg.length && (seg[j]!.type === 'word' || seg[j]!.type === 'quoted')) {
      value = seg[j]!.text;
      quoted = seg[j]!.type === 'quoted';
      end = seg[j]!.end;
      // Glued '=' (base64 padding) and glued words stay in the value.
      while (j + 1 < seg.length && seg[j + 1]!.start === end && (seg[j + 1]!.type === 'eq' || seg[j + 1]!.type === 'word')) {
        value += seg[j + 1]!.text;
        end = seg[j + 1]!.end;
        j++;
      }
      i = j;
    } else {
      i = j - 1;
    }
    last = {
      name: nameToks.map((x) => x.text).join(''),
      value,
      quoted,
      comments: between,
      start: nameToks[0]?.start ?? t.start,
      end,
    };
    out.items.push(last);
  }
  if (last) out.stray.push(...pending.map((x) => x.text));
  else out.leading.push(...pending.map((x) => x.text));
  return out;
}
