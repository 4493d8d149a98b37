/**
 * Authentication-Results (RFC 8601) and ARC-Authentication-Results
 * (RFC 8617 §4.1.1) parser, with the quirks real receivers have:
 *
 * - Microsoft 365: no authserv-id at all, or receiving-domain tokens between
 *   results (`…; outlook.com; dkim=…`), `action=` without a ptype,
 *   `dmarc=bestguesspass`, empty values (`header.from=;`), no space after ';'.
 * - Yahoo: `dkim=dkim_pass`, `dmarc=success(p=REJECT)`, and the older form
 *   with `from=domain;` segments and key/values beside the authserv-id.
 * - iCloud: one AR header per milter; group them with `groupAuthResults`.
 * - Fastmail/others: properties without a ptype (`x-bits=1024`).
 *
 * It keeps every result per method in order (mailauth's internal parser keeps
 * only the last), keeps every comment, and never throws. Results are not
 * trusted here: which header counts is decided with `groupAuthResults` and
 * the receiver's authserv-id (RFC 8601 §5).
 */
import { type KvItem, readItems, splitSemis, tokenizeKv } from './kv-tokens';
import { type ParseWarning, clip, warn } from './warnings';

/** Canonical result values across methods (RFC 8601 §2.7 plus common extras). */
export type AuthResultValue =
  | 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror' | 'policy' | 'skipped' | 'unknown';

/** One property (`ptype.property=value`) of a result. */
export interface AuthResultProperty {
  /** Property type: `smtp`, `header`, `body`, `policy`; empty string for vendor properties without one (`action=none`, `x-bits=1024`). */
  ptype: string;
  /** Property name (`mailfrom`, `d`, `i`, `b`, `from`…), lower-cased. */
  property: string;
  /** The value as written (quotes removed); empty string when the header left it empty. */
  value: string;
}

/** One result (resinfo) such as `dkim=pass header.d=example.com`. */
export interface AuthResult {
  /** Method, lower-cased (`spf`, `dkim`, `dmarc`, `arc`, `iprev`, `auth`, `compauth`, `bimi`, `dkim-adsp`…). */
  method: string;
  /** Method version when written (`dkim/1`), else null. */
  methodVersion: string | null;
  /** The result token as written, lower-cased (`pass`, `bestguesspass`, `dkim_pass`, `success`). */
  result: string;
  /** `result` mapped to the canonical set (`success`/`dkim_pass` → pass, `hardfail` → fail, `tempfail` → temperror, `bestguesspass` → none). */
  normalized: AuthResultValue;
  /** The `reason=` value, else null (Microsoft's compauth reason code is here: "100"). */
  reason: string | null;
  /** Properties in order. */
  properties: AuthResultProperty[];
  /** Every comment attached to this result, in order (nested parentheses kept). */
  comments: string[];
  /** `key=value` pairs found inside the comments (Gmail's `p=REJECT sp=REJECT dis=NONE`, arc's `spf=pass spfdomain=…`), keys lower-cased. */
  commentValues: Record<string, string>;
  /** Vendor quirks handled while reading this result, in plain words. */
  notes: string[];
}

/** One parsed Authentication-Results or ARC-Authentication-Results field. */
export interface AuthResultsHeader {
  /** Which field this was. */
  kind: 'authentication-results' | 'arc-authentication-results';
  /** ARC instance `i=` for ARC-Authentication-Results; null otherwise or when missing. */
  instance: number | null;
  /** The authserv-id (who wrote the results); null when the header has none (Microsoft). */
  authservId: string | null;
  /** Where `authservId` came from: the standard position, a token found after the first result (Microsoft's receiving domain), or nowhere. */
  authservIdSource: 'standard' | 'misplaced' | 'missing';
  /** The authres-version after the authserv-id, when written. */
  version: string | null;
  /** True when the header says `none` (service provided, nothing checked). */
  none: boolean;
  /** Every result in order; several per method are kept. */
  results: AuthResult[];
  /** Bare tokens between results (Microsoft's receiving-domain tokens), in order. */
  strayTokens: string[];
  /** Key/values written beside the authserv-id (old Yahoo), as properties. */
  extras: AuthResultProperty[];
  /** Which quirk modes were needed: `microsoft`, `yahoo`. Empty for a clean header. */
  quirks: ('microsoft' | 'yahoo')[];
  /** The value as given (unfolded). */
  raw: string;
  /** What was malformed or guessed. */
  warnings: ParseWarning[];
}

const SYNONYMS: Record<string, AuthResultValue> = {
  pass: 'pass', fail: 'fail', softfail: 'softfail', neutral: 'neutral', none: 'none', temperror: 'temperror', permerror: 'permerror',
  policy: 'policy', skipped: 'skipped', success: 'pass', hardfail: 'fail', tempfail: 'temperror', permfail: 'permerror', 'temp-error': 'temperror',
  'perm-error': 'permerror', error: 'temperror', bestguesspass: 'none', softpass: 'pass', ok: 'pass', nxdomain: 'fail', signed: 'none', unknown: 'unknown',
};

/** Map a result token (any vendor spelling) to the canonical set. */
export function normalizeResult(method: string, result: string): { value: AuthResultValue; note: string | null } {
  let r = result.toLowerCase();
  let note: string | null = null;
  const prefixed = new RegExp(`^${method.replace(/[^a-z0-9-]/g, '')}_(.+)$`).exec(r);
  if (prefixed) { r = prefixed[1]!; note = `Non-standard result "${result}" (Yahoo style) read as "${r}".`; }
  if (r === 'success') note = `Non-standard result "success" (Yahoo style) read as pass.`;
  if (r === 'bestguesspass') note = 'Microsoft "bestguesspass": the domain publishes no DMARC record; it would have passed if it did. Counted as DMARC none.';
  if (r === 'softpass') note = 'Microsoft "softpass": passed with low confidence.';
  const v = SYNONYMS[r];
  return { value: v ?? 'unknown', note: v ? note : `Result "${result}" is not a known value.` };
}

function propertyOf(item: KvItem): AuthResultProperty {
  const dot = item.name.indexOf('.');
  if (dot < 0) return { ptype: '', property: item.name.toLowerCase(), value: item.value };
  return { ptype: item.name.slice(0, dot).toLowerCase(), property: item.name.slice(dot + 1).toLowerCase(), value: item.value };
}

function commentValues(comments: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of comments) {
    for (const m of c.matchAll(/([A-Za-z][\w-]*)=([^\s,;()]+)/g)) out[m[1]!.toLowerCase()] = m[2]!;
  }
  return out;
}

const DOMAINISH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+\.?$/;

/**
 * Parse one Authentication-Results value (or, with `arc: true`, an
 * ARC-Authentication-Results value starting with `i=N;`). Never throws.
 */
export function parseAuthResults(input: string, options: { arc?: boolean } = {}): AuthResultsHeader {
  const raw = (typeof input === 'string' ? input : '').replace(/\r?\n[ \t]*/g, ' ').trim();
  const warnings: ParseWarning[] = [];
  const out: AuthResultsHeader = {
    kind: options.arc ? 'arc-authentication-results' : 'authentication-results',
    instance: null, authservId: null, authservIdSource: 'missing', version: null, none: false,
    results: [], strayTokens: [], extras: [], quirks: [], raw, warnings,
  };
  if (!raw) { warnings.push(warn('ar-empty', 'The header is empty.')); return out; }
  try {
    const segments = splitSemis(tokenizeKv(raw.length > 16_000 ? raw.slice(0, 16_000) : raw, warnings)).map(readItems);
    let s = 0;
    const quirk = (q: 'microsoft' | 'yahoo') => { if (!out.quirks.includes(q)) out.quirks.push(q); };

    // ARC: "i=N" comes first.
    if (options.arc) {
      const first = segments[0];
      const iItem = first?.items.length === 1 && first.items[0]!.name.toLowerCase() === 'i' ? first.items[0]! : null;
      if (iItem && /^\d+$/.test(iItem.value)) { out.instance = Number(iItem.value); s = 1; }
      else warnings.push(warn('arc-missing-instance', 'ARC-Authentication-Results does not start with "i=N;".'));
    }

    // The authserv-id segment: words and no result, normally.
    const head = segments[s];
    if (head) {
      if (head.items.length === 0 || head.leading.length > 0) {
        const [id, ver, ...more] = head.leading;
        if (id) { out.authservId = id.replace(/^"|"$/g, ''); out.authservIdSource = 'standard'; }
        if (ver && /^\d+$/.test(ver)) out.version = ver;
        else if (ver) more.unshift(ver);
        if (more.length > 0) warnings.push(warn('ar-extra-words', `Unexpected words after the authserv-id: ${clip(more.join(' '), 60)}.`));
        if (head.items.length > 0) {
          // Old Yahoo: "mta4011.mail.gq1.yahoo.com  from=fastmail.com; …"
          for (const it of head.items) out.extras.push(propertyOf(it));
          quirk('yahoo');
          warnings.push(warn('ar-authserv-props', 'Key/values were written beside the authserv-id (old Yahoo style); kept as extras.'));
        }
        s++;
      } else {
        // Microsoft: the header starts with a result.
        quirk('microsoft');
        warnings.push(warn('ar-missing-authserv-id', 'The header has no authserv-id (Microsoft 365 writes it this way), so who wrote these results must be inferred from its position.'));
      }
    }

    let pendingFrom: string | null = null;
    for (; s < segments.length; s++) {
      const seg = segments[s]!;
      if (seg.items.length === 0) {
        const words = [...seg.leading];
        if (words.length === 0) continue; // empty segment (trailing ';')
        if (words.length === 1 && words[0]!.toLowerCase() === 'none') { out.none = true; continue; }
        for (const w of words) {
          out.strayTokens.push(w);
          if (DOMAINISH.test(w)) {
            quirk('microsoft');
            if (out.authservId === null) { out.authservId = w.replace(/\.$/, ''); out.authservIdSource = 'misplaced'; }
          }
        }
        warnings.push(warn('ar-stray-token', `Bare token "${clip(words.join(' '), 40)}" between results (Microsoft writes the receiving domain there); not a result.`));
        continue;
      }
      const [first, ...rest] = seg.items;
      if (seg.leading.length > 0) {
        out.strayTokens.push(...seg.leading);
        warnings.push(warn('ar-stray-token', `Words before a result were ignored: ${clip(seg.leading.join(' '), 60)}.`));
      }
      const methodName = first!.name;
      // Old Yahoo: "from=messagingengine.com;" names the domain for the next result.
      if (methodName.toLowerCase() === 'from' && rest.length === 0 && first!.value.includes('.')) {
        pendingFrom = first!.value;
        quirk('yahoo');
        continue;
      }
      const mm = /^([^/]+?)(?:\/(.*))?$/.exec(methodName) ?? [methodName, methodName, undefined];
      const method = (mm[1] ?? methodName).toLowerCase();
      const result: AuthResult = {
        method,
        methodVersion: mm[2] ? mm[2] : null,
        result: first!.value.toLowerCase(),
        normalized: 'unknown',
        reason: null,
        properties: [],
        comments: [...seg.leadingComments, ...first!.comments],
        commentValues: {},
        notes: [],
      };
      if (!/^[a-z0-9][a-z0-9_-]*$/.test(method)) warnings.push(warn('ar-bad-method', `"${clip(methodName, 40)}" is not a valid method name.`));
      if (!first!.value) warnings.push(warn('ar-empty-result', `The ${method} result is empty.`));
      const norm = normalizeResult(method, first!.value);
      result.normalized = norm.value;
      if (norm.note) {
        result.notes.push(norm.note);
        if (/Yahoo/.test(norm.note)) quirk('yahoo');
        if (/Microsoft/.test(norm.note)) quirk('microsoft');
      }
      for (const it of rest) {
        result.comments.push(...it.comments);
        if (it.name.toLowerCase() === 'reason' && result.reason === null) { result.reason = it.value; continue; }
        const p = propertyOf(it);
        if (!p.value) warnings.push(warn('ar-empty-property', `Property ${p.ptype ? `${p.ptype}.` : ''}${p.property} of ${method} is empty.`));
        if (!p.ptype && p.property === 'action') quirk('microsoft');
        result.properties.push(p);
      }
      if (pendingFrom) {
        result.properties.push({ ptype: '', property: 'from', value: pendingFrom });
        result.notes.push(`Domain "${pendingFrom}" came from a preceding "from=" segment (old Yahoo style).`);
        pendingFrom = null;
      }
      if (seg.stray.length > 0) {
        out.strayTokens.push(...seg.stray);
        warnings.push(warn('ar-stray-token', `Unreadable words after the ${method} result: ${clip(seg.stray.join(' '), 60)}.`));
      }
      result.commentValues = commentValues(result.comments);
      out.results.push(result);
    }
    if (out.results.length === 0 && !out.none) warnings.push(warn('ar-no-results', 'No results could be read from this header.'));
  } catch (e) {
    warnings.push(warn('ar-internal-error', `Internal parser error: ${e instanceof Error ? e.message : String(e)}`));
  }
  return out;
}

/** Parse an ARC-Authentication-Results value (`i=N; authserv-id; results`). */
export function parseArcAuthResults(input: string): AuthResultsHeader {
  return parseAuthResults(input, { arc: true });
}

/** First property matching `ptype.property` (e.g. `header.d`, `smtp.mailfrom`, or `action` for ptype-less). */
export function getProperty(result: AuthResult, name: string): string | null {
  const dot = name.indexOf('.');
  const ptype = dot < 0 ? '' : name.slice(0, dot).toLowerCase();
  const prop = (dot < 0 ? name : name.slice(dot + 1)).toLowerCase();
  return result.properties.find((p) => p.ptype === ptype && p.property === prop)?.value ?? null;
}

/**
 * Does an authserv-id match a trusted pattern? Patterns: exact (`mx.google.com`),
 * wildcard suffix (`*.me.com` — iCloud's per-milter ids), or a bare domain
 * which also matches its subdomains.
 */
export function authservIdMatches(id: string | null, pattern: string): boolean {
  if (!id) return false;
  const a = id.toLowerCase().replace(/\.$/, '');
  const p = pattern.toLowerCase().trim();
  if (p.startsWith('*.')) return a.endsWith(p.slice(1));
  return a === p || a.endsWith(`.${p}`);
}

/** AR headers sharing one authserv-id, in message order. */
export interface AuthResultsGroup {
  /** The authserv-id; null for headers without one (Microsoft). */
  authservId: string | null;
  /** Positions (0-based, topmost first) of these headers among all AR/AAR headers passed in. */
  positions: number[];
  /** The headers. */
  headers: AuthResultsHeader[];
  /** True when the authserv-id matches a trusted pattern, or when no patterns were given and this is the topmost group (the final receiver's, by position). */
  trusted: boolean;
  /** Why `trusted` is what it is, in plain words. */
  trustReason: string;
}

/**
 * Group Authentication-Results headers (topmost first, as in the message) by
 * authserv-id. With `trusted` patterns, groups matching them are trusted
 * (RFC 8601 §5); without, the topmost group is assumed to be the receiver's
 * and everything else is labelled upstream.
 */
export function groupAuthResults(headers: AuthResultsHeader[], trusted: string[] = []): AuthResultsGroup[] {
  const groups: AuthResultsGroup[] = [];
  headers.forEach((h, i) => {
    const key = h.authservId?.toLowerCase() ?? null;
    let g = groups.find((x) => (x.authservId?.toLowerCase() ?? null) === key);
    if (!g) { g = { authservId: h.authservId, positions: [], headers: [], trusted: false, trustReason: '' }; groups.push(g); }
    g.positions.push(i);
    g.headers.push(h);
  });
  for (const [i, g] of groups.entries()) {
    if (trusted.length > 0) {
      const hit = trusted.find((p) => authservIdMatches(g.authservId, p));
      g.trusted = !!hit;
      g.trustReason = hit ? `Written by ${g.authservId}, which matches the trusted ${hit}.` : g.authservId ? `Written by ${g.authservId}, not a server you trust: upstream or forged.` : 'No authserv-id: cannot be attributed to a trusted server.';
    } else {
      g.trusted = i === 0;
      g.trustReason = i === 0 ? 'Topmost Authentication-Results: assumed to be the final receiver\'s (set the receiver to be sure).' : 'Below the topmost receiver\'s results: written upstream, for information only.';
    }
  }
  return groups;
}
