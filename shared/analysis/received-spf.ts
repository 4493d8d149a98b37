/**
 * Received-SPF (RFC 7208 §9.1):
 *   result [comment] [key=value; …]
 * e.g. `pass (mybox.example.org: domain of myname@example.com designates
 * 192.0.2.1 as permitted sender) receiver=mybox.example.org;
 * client-ip=192.0.2.1; envelope-from="myname@example.com"; helo=foo.example.com;`
 *
 * Real writers vary the case of the result (`Pass`, `SoftFail`), put the
 * first key right after the comment without ';', or write only the comment
 * (Gmail: `softfail (google.com: …) client-ip=…;`). Never throws.
 */
import { type AuthResultValue, normalizeResult } from './auth-results';
import { readItems, tokenizeKv } from './kv-tokens';
import { type ParseWarning, warn } from './warnings';

/** A parsed Received-SPF field. */
export interface ReceivedSpf {
  /** The result as written, lower-cased (`pass`, `softfail`…); empty when missing. */
  result: string;
  /** The result mapped to the canonical set. */
  normalized: AuthResultValue;
  /** The explanatory comment after the result (who checked, what was designated), else null. */
  comment: string | null;
  /** All key=value pairs, keys lower-cased, in order of appearance (later duplicates ignored). */
  fields: Record<string, string>;
  /** `client-ip`: the address SPF was evaluated for; null when absent. */
  clientIp: string | null;
  /** `envelope-from`: the MAIL FROM that was checked (may be empty for `<>`); null when absent. */
  envelopeFrom: string | null;
  /** `helo`: the HELO/EHLO name; null when absent. */
  helo: string | null;
  /** `receiver`: who did the check; null when absent. */
  receiver: string | null;
  /** `identity`: `mailfrom` or `helo` (which identity the result is about); null when absent. */
  identity: string | null;
  /** `mechanism` that matched, when stated. */
  mechanism: string | null;
  /** `problem` text for permerror/temperror, when stated. */
  problem: string | null;
  /** The value as given, unfolded. */
  raw: string;
  /** What was malformed. */
  warnings: ParseWarning[];
}

const KNOWN = new Set(['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror']);

/** Parse a Received-SPF value. */
export function parseReceivedSpf(input: string): ReceivedSpf {
  const raw = (typeof input === 'string' ? input : '').replace(/\r?\n[ \t]*/g, ' ').trim();
  const warnings: ParseWarning[] = [];
  const out: ReceivedSpf = {
    result: '', normalized: 'unknown', comment: null, fields: {}, clientIp: null, envelopeFrom: null, helo: null,
    receiver: null, identity: null, mechanism: null, problem: null, raw, warnings,
  };
  if (!raw) { warnings.push(warn('spf-empty', 'The Received-SPF field is empty.')); return out; }
  try {
    const toks = tokenizeKv(raw.slice(0, 8000), warnings);
    const first = toks[0];
    if (!first || first.type !== 'word') {
      warnings.push(warn('spf-no-result', 'Received-SPF does not start with a result.'));
    } else {
      out.result = first.text.toLowerCase();
      const n = normalizeResult('spf', first.text);
      out.normalized = n.value;
      if (!KNOWN.has(out.result)) warnings.push(warn('spf-unknown-result', `"${first.text}" is not an RFC 7208 result.`));
    }
    let i = first?.type === 'word' ? 1 : 0;
    if (toks[i]?.type === 'comment') out.comment = toks[i++]!.text;
    // The rest: key=value pairs separated by ';' (or only by spaces, as some writers do).
    const rest = toks.slice(i).filter((t) => t.type !== 'semi');
    const seg = readItems(rest);
    for (const it of seg.items) {
      const k = it.name.toLowerCase();
      if (!(k in out.fields)) out.fields[k] = it.value;
    }
    if (seg.leading.length > 0 || seg.stray.length > 0) warnings.push(warn('spf-stray-words', `Words that are not key=value pairs were ignored: ${[...seg.leading, ...seg.stray].join(' ').slice(0, 60)}.`));
    const f = out.fields;
    out.clientIp = f['client-ip'] ?? null;
    out.envelopeFrom = f['envelope-from'] !== undefined ? f['envelope-from'].replace(/^<|>$/g, '') : null;
    out.helo = f.helo ?? null;
    out.receiver = f.receiver ?? null;
    out.identity = f.identity ?? null;
    out.mechanism = f.mechanism ?? null;
    out.problem = f.problem ?? null;
    // Gmail puts the client IP only in the comment for some results.
    if (!out.clientIp && out.comment) {
      const m = /designates?\s+([0-9a-fA-F:.]+)\s+as/.exec(out.comment);
      if (m) out.clientIp = m[1]!;
    }
  } catch (e) {
    warnings.push(warn('spf-internal-error', `Internal parser error: ${e instanceof Error ? e.message : String(e)}`));
  }
  return out;
}
