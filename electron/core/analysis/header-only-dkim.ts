/**
 * Header-only DKIM verification: the check mailauth cannot do (it looks at
 * bh= first and gives up without the body). When a user pastes only the
 * headers, the signature over the headers can still be verified: canonicalise
 * the fields named in h= (RFC 6376 §3.4.1/3.4.2, picked bottom-up per §5.4.2),
 * then the signature field itself with its b= value emptied (§3.7), and check
 * b= against the published key. The body hash is taken as stated: the result
 * says "the headers are exactly what the signer signed; the body could not be
 * checked".
 *
 * RSA-SHA256, RSA-SHA1 (historic, RFC 8301) and Ed25519-SHA256 (RFC 8463: the
 * Ed25519 signature is over the SHA-256 hash of the canonicalised data).
 * Works for ARC-Message-Signature too, which is signed the same way.
 */
import { createHash, verify as cryptoVerify } from 'node:crypto';
import { type Canon, canonHeader, type HeaderFieldBytes, selectSignedFields, type SplitMessage, splitMessage } from './dkim-canon';
import { type KeyProblem, lookupDkimKey, parseTagList, stripFws } from './dkim-key';
import type { DnsResolver } from './resolver';

/** Which signature fields to check. */
export type SignatureKind = 'dkim-signature' | 'arc-message-signature';

/** Options for `verifyHeaderOnly`. */
export interface HeaderOnlyOptions {
  /** Where keys come from (a recording resolver keeps the evidence). */
  resolver: DnsResolver;
  /** Time for t=/x= checks ("as of"); default now. */
  asOf?: Date;
  /** RSA keys shorter than this are reported as `policy` (default 1024, as mailauth and most receivers). */
  minBitLength?: number;
  /** Signature fields to check (default: DKIM-Signature only). */
  kinds?: SignatureKind[];
}

/** Why a header-only check came out as it did. */
export type HeaderOnlyReason =
  | 'verified'
  | 'bad-signature'
  | 'syntax'
  | 'unsupported-algorithm'
  | 'from-not-signed'
  | 'identity-mismatch'
  | 'expired'
  | 'weak-key'
  | KeyProblem;

/** The outcome for one signature field. */
export interface HeaderOnlyResult {
  kind: SignatureKind;
  /** Position of the signature field among all header fields (0 = top). */
  fieldIndex: number;
  /** 1-based position among fields of this kind, top first. */
  ordinal: number;
  /** The signature field as it appeared (UTF-8 decoded), for evidence. */
  field: string;
  /** d= */
  domain: string | null;
  /** s= */
  selector: string | null;
  /** a= as written, lower-cased. */
  algorithm: string | null;
  /** c= header and body algorithms (defaults applied). */
  canonicalization: { header: Canon; body: Canon } | null;
  /** ARC instance (i=) for an ARC-Message-Signature; null for DKIM. */
  instance: number | null;
  /** h= names in order, lower-cased. */
  signedHeaders: string[];
  /** h= names with no field left to pick (absent when signed, over-signed, or removed in transit). */
  missingHeaders: string[];
  /** RFC 8601 vocabulary: pass, fail, neutral (could not process), permerror (key unusable), temperror (DNS), policy (weak key). */
  result: 'pass' | 'fail' | 'neutral' | 'permerror' | 'temperror' | 'policy';
  reason: HeaderOnlyReason;
  /** Plain words: what happened and what it means. */
  explanation: string;
  /** The cryptographic check itself; null when it was not reached. */
  signatureValid: boolean | null;
  /** The body hash is trusted, never checked, in this mode. */
  bodyHash: { stated: string | null; checked: false };
  /** DNS name of the key. */
  dnsName: string | null;
  /** The key record as found, when one was found. */
  keyRecord: string | null;
  /** The key's type, size and flags, when it could be read. */
  key: { type: 'rsa' | 'ed25519'; bits: number | null; testing: boolean } | null;
  /** t= and x= as ISO times. */
  signTime: string | null;
  expires: string | null;
  /** The "as of" time the t=/x= checks used. */
  asOf: string;
  /** Further observations (over-signing, rsa-sha1, t= in the future, several key records…). */
  notes: string[];
}

const ALGORITHMS: Record<string, { type: 'rsa' | 'ed25519'; hash: 'sha256' | 'sha1' }> = {
  'rsa-sha256': { type: 'rsa', hash: 'sha256' },
  'rsa-sha1': { type: 'rsa', hash: 'sha1' },
  'ed25519-sha256': { type: 'ed25519', hash: 'sha256' },
};

/** Check every signature field of the given kinds in a message or a header block. */
export async function verifyHeaderOnly(input: string | Buffer | SplitMessage, options: HeaderOnlyOptions): Promise<HeaderOnlyResult[]> {
  const message = typeof input === 'string' || Buffer.isBuffer(input) ? splitMessage(input) : input;
  const kinds = options.kinds ?? ['dkim-signature'];
  const results: HeaderOnlyResult[] = [];
  for (const kind of kinds) {
    const fields = message.fields.filter((f) => f.key === kind);
    for (const [i, field] of fields.entries()) results.push(await verifySignatureField(message, field, kind, i + 1, options));
  }
  return results;
}

/** Check one signature field. */
export async function verifySignatureField(
  message: SplitMessage,
  field: HeaderFieldBytes,
  kind: SignatureKind,
  ordinal: number,
  options: HeaderOnlyOptions,
): Promise<HeaderOnlyResult> {
  const asOf = options.asOf ?? new Date();
  const value = field.raw.slice(field.raw.indexOf(':') + 1);
  const { tags, problems } = parseTagList(Buffer.from(value, 'latin1').toString('utf8'));
  const get = (name: string) => tags.get(name) ?? null;
  const algorithm = get('a')?.toLowerCase() ?? null;
  const signedHeaders = (get('h') ?? '').split(':').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const canon = parseCanon(get('c'));
  const instance = kind === 'arc-message-signature' && /^\d+$/.test(get('i') ?? '') ? Number(get('i')) : null;
  const signTime = epoch(get('t'));
  const expires = epoch(get('x'));
  const result: HeaderOnlyResult = {
    kind,
    fieldIndex: field.index,
    ordinal,
    field: Buffer.from(field.raw, 'latin1').toString('utf8'),
    domain: get('d')?.toLowerCase() ?? null,
    selector: get('s') ?? null,
    algorithm,
    canonicalization: canon,
    instance,
    signedHeaders,
    missingHeaders: [],
    result: 'neutral',
    reason: 'syntax',
    explanation: '',
    signatureValid: null,
    bodyHash: { stated: get('bh') === null ? null : stripFws(get('bh') ?? ''), checked: false },
    dnsName: null,
    keyRecord: null,
    key: null,
    signTime: signTime?.toISOString() ?? null,
    expires: expires?.toISOString() ?? null,
    asOf: asOf.toISOString(),
    notes: problems.map((p) => `tag list: ${p}`),
  };
  const stop = (res: HeaderOnlyResult['result'], reason: HeaderOnlyReason, explanation: string) => Object.assign(result, { result: res, reason, explanation });

  const required = kind === 'dkim-signature' ? ['v', 'a', 'b', 'bh', 'd', 'h', 's'] : ['i', 'a', 'b', 'bh', 'd', 'h', 's'];
  const absent = required.filter((t) => !tags.has(t) || (t !== 'b' && tags.get(t) === ''));
  if (absent.length > 0) return stop('neutral', 'syntax', `the signature lacks required tag${absent.length > 1 ? 's' : ''} ${absent.map((t) => `${t}=`).join(', ')}`);
  if (kind === 'dkim-signature' && get('v') !== '1') return stop('neutral', 'syntax', `v=${get('v')} is not a DKIM version (only v=1 exists)`);
  if (!canon) return stop('neutral', 'syntax', `c=${get('c')} is not a known canonicalisation`);
  const alg = algorithm ? ALGORITHMS[algorithm] : undefined;
  if (!alg) return stop('neutral', 'unsupported-algorithm', `a=${algorithm} is not a DKIM algorithm verifiers support (rsa-sha256, ed25519-sha256, historic rsa-sha1)`);
  if (algorithm === 'rsa-sha1') result.notes.push('rsa-sha1 is historic (RFC 8301); many receivers no longer accept it');
  if (!signedHeaders.includes('from')) return stop('neutral', 'from-not-signed', 'h= does not include From, which every DKIM signature must sign');
  const domain = result.domain ?? '';
  const identity = get('i');
  if (kind === 'dkim-signature' && identity !== null) {
    const idDomain = identity.slice(identity.lastIndexOf('@') + 1).toLowerCase();
    if (idDomain !== domain && !idDomain.endsWith(`.${domain}`)) return stop('neutral', 'identity-mismatch', `i=${identity} is not within d=${domain}`);
  }
  if (expires && signTime && expires < signTime) return stop('neutral', 'syntax', 'x= (expiry) is before t= (signing time)');
  if (signTime && signTime.getTime() > asOf.getTime() + 5 * 60_000) result.notes.push(`t= (${signTime.toISOString()}) is later than the as-of time ${asOf.toISOString()}`);

  // The canonicalised data: the signed fields, then this field with b= emptied and no final CRLF.
  const { selected, missing } = selectSignedFields(message.fields, signedHeaders, field);
  result.missingHeaders = missing;
  const data = Buffer.from(
    selected.map((f) => `${canonHeader(f.raw, canon.header)}\r\n`).join('') + canonHeader(emptySignatureValue(field.raw), canon.header),
    'latin1',
  );

  const lookup = await lookupDkimKey(options.resolver, result.selector ?? '', domain, alg.type, alg.hash, options.minBitLength ?? 1024);
  result.dnsName = lookup.dnsName;
  if (!lookup.ok) {
    result.keyRecord = lookup.record;
    return stop(lookup.temporary ? 'temperror' : 'permerror', lookup.problem, lookup.reason);
  }
  result.keyRecord = lookup.key.record;
  result.key = { type: lookup.key.type, bits: lookup.key.bits, testing: lookup.key.testing };
  result.notes.push(...lookup.notes);
  if (lookup.key.testing) result.notes.push('the key has t=y: the domain says it is testing DKIM, so receivers may ignore failures');
  if (kind === 'dkim-signature' && lookup.key.strictIdentity && identity !== null && identity.slice(identity.lastIndexOf('@') + 1).toLowerCase() !== domain) {
    return stop('permerror', 'identity-mismatch', `the key has t=s, so i= must be exactly @${domain}, but it is ${identity}`);
  }

  const signature = Buffer.from(stripFws(get('b') ?? ''), 'base64');
  let valid: boolean;
  try {
    valid =
      alg.type === 'rsa'
        ? cryptoVerify(alg.hash, data, lookup.key.key, signature)
        : cryptoVerify(null, createHash('sha256').update(data).digest(), lookup.key.key, signature);
  } catch {
    valid = false;
  }
  result.signatureValid = valid;
  const overSigned = missing.filter((name) => message.fields.some((f) => f.key === name));
  if (overSigned.length > 0) result.notes.push(`h= names ${[...new Set(overSigned)].join(', ')} more times than the message has it (over-signing, which blocks added copies)`);

  if (!valid) {
    const hints: string[] = [];
    const list = message.fields.find((f) => f.key === 'list-id' || f.key === 'list-post' || f.key === 'x-mailman-version');
    if (list) hints.push(`a mailing list handled the message (${Buffer.from(list.raw, 'latin1').toString('utf8').split('\r\n')[0]}), and lists commonly tag the Subject or rewrite From, To or Reply-To`);
    if (canon.header === 'simple') hints.push('c= uses simple header canonicalisation, which breaks on any re-folding or whitespace change');
    hints.push('a signed header (often Subject, To or Reply-To) was changed after signing, or the paste altered a header');
    const absentNames = [...new Set(missing.filter((name) => !overSigned.includes(name)))];
    if (absentNames.length > 0) hints.push(`h= also names ${absentNames.join(', ')}, absent now: fine if absent when signed, but removing one in transit breaks the signature`);
    return stop('fail', 'bad-signature', `the signature does not match the headers as they are now. Likely: ${hints.join('; ')}`);
  }
  if (expires && expires < asOf) return stop('neutral', 'expired', `the signature is valid but expired at ${expires.toISOString()} (x=), before ${asOf.toISOString()}`);
  if (lookup.weak) return stop('policy', 'weak-key', `the signature is valid, but ${lookup.weak}`);
  return stop('pass', 'verified', 'the signed headers are exactly as signed; the body hash (bh=) was taken as stated, since the body was not checked');
}

/** Empty the value of the last b= tag (RFC 6376 §3.7), keeping everything else byte for byte. */
export function emptySignatureValue(raw: string): string {
  const colon = raw.indexOf(':');
  const segments = raw.slice(colon + 1).split(';');
  for (let i = segments.length - 1; i >= 0; i--) {
    const seg = segments[i] ?? '';
    const eq = seg.indexOf('=');
    if (eq >= 0 && seg.slice(0, eq).replace(/\s+/g, '').toLowerCase() === 'b') {
      segments[i] = seg.slice(0, eq + 1);
      break;
    }
  }
  return raw.slice(0, colon + 1) + segments.join(';');
}

function parseCanon(value: string | null): { header: Canon; body: Canon } | null {
  const [header = 'simple', body = 'simple'] = (value ?? 'simple/simple').toLowerCase().replace(/\s+/g, '').split('/');
  if ((header !== 'simple' && header !== 'relaxed') || (body !== 'simple' && body !== 'relaxed')) return null;
  return { header, body };
}

function epoch(value: string | null): Date | null {
  if (value === null || !/^\d{1,12}$/.test(value.trim())) return null;
  return new Date(Number(value.trim()) * 1000);
}
