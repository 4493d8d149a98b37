/**
 * DKIM-Signature (RFC 6376 §3.5), ARC-Message-Signature and ARC-Seal
 * (RFC 8617 §4.1) tag parsing with validation warnings. This reads and
 * checks the syntax only; verifying the signature needs DNS (the core does
 * that with mailauth, plus our header-only check).
 */
import { parseTagList, type TagList } from './tag-list';
import { type ParseWarning, clip, warn } from './warnings';

/** Which signature field this is. */
export type SignatureKind = 'dkim-signature' | 'arc-message-signature' | 'arc-seal';

/** A parsed signature field. */
export interface DkimSignature {
  /** Which field was parsed. */
  kind: SignatureKind;
  /** `v=` (DKIM only; must be "1"); null when absent. */
  version: string | null;
  /** ARC instance `i=` (ARC fields only); null for DKIM or when missing/invalid. */
  instance: number | null;
  /** `a=` as written (e.g. `rsa-sha256`); null when absent. */
  algorithm: string | null;
  /** Key type from `a=`: `rsa`, `ed25519`, or null when absent/unknown. */
  keyType: 'rsa' | 'ed25519' | null;
  /** Hash from `a=`: `sha256`, `sha1`, or null when absent/unknown. */
  hash: 'sha256' | 'sha1' | null;
  /** `b=` with whitespace removed (the signature, base64); empty when absent. */
  signature: string;
  /** First 8 characters of `b=`: what Authentication-Results puts in `header.b` (RFC 6008) to tell signatures apart. */
  signatureShort: string;
  /** `bh=` with whitespace removed (body hash, base64); null when absent (ARC-Seal has none). */
  bodyHash: string | null;
  /** `c=` split into header/body canonicalisation (defaults `simple/simple` when absent); null for ARC-Seal. */
  canonicalization: { header: string; body: string } | null;
  /** `d=`, the signing domain (SDID), lower-cased; null when absent. */
  domain: string | null;
  /** `s=`, the selector; null when absent. The key lives at `<s>._domainkey.<d>`. */
  selector: string | null;
  /** `h=` as a list of lower-cased header names in order (repeats kept: repeated names are over-signing). */
  signedHeaders: string[];
  /** Header names listed more than once in `h=` (over-signed, so an added copy breaks the signature). */
  overSigned: string[];
  /** DKIM `i=` (the AUID, e.g. `@example.com`); null when absent or for ARC. */
  auid: string | null;
  /** `l=` body length limit in bytes; null when absent. */
  bodyLength: number | null;
  /** `q=` query methods; null when absent (default dns/txt). */
  queryMethods: string | null;
  /** `t=` signing time, seconds since the epoch; null when absent or invalid. */
  timestamp: number | null;
  /** `x=` expiry, seconds since the epoch; null when absent or invalid. */
  expiration: number | null;
  /** `z=` copied header fields, decoded (DKIM-Quoted-Printable); empty when absent. */
  copiedHeaders: string[];
  /** ARC-Seal `cv=` chain validation status (`none`, `pass`, `fail`); null when absent or not a seal. */
  chainValidation: string | null;
  /** The underlying tag list (every tag, in order). */
  tags: TagList;
  /** Validation problems, each with a code: missing required tags, x before t, rsa-sha1, l=, … */
  warnings: ParseWarning[];
  /** The value as given (unfolded). */
  raw: string;
}

const REQUIRED: Record<SignatureKind, string[]> = {
  'dkim-signature': ['v', 'a', 'b', 'bh', 'd', 'h', 's'],
  'arc-message-signature': ['i', 'a', 'b', 'bh', 'd', 'h', 's'],
  'arc-seal': ['i', 'a', 'b', 'cv', 'd', 's'],
};

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeDkimQp(s: string): string {
  return s.replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Options for `parseDkimSignature`. */
export interface DkimParseOptions {
  /** "Now" in ms, to flag signatures expired or signed in the future; omit to skip time checks (old messages). */
  now?: number;
}

/** Parse and check a DKIM-Signature, ARC-Message-Signature or ARC-Seal value. Never throws. */
export function parseDkimSignature(input: string, kind: SignatureKind = 'dkim-signature', options: DkimParseOptions = {}): DkimSignature {
  const raw = (typeof input === 'string' ? input : '').replace(/\r?\n[ \t]*/g, ' ').trim();
  const tags = parseTagList(raw);
  const m = tags.map;
  const warnings: ParseWarning[] = [...tags.warnings];
  const w = (code: string, message: string, text?: string) => warnings.push(warn(code, message, text !== undefined ? { text } : undefined));
  const get = (k: string) => (k in m ? m[k]! : null);
  const compact = (k: string) => tags.tags.find((t) => t.name === k)?.compact ?? null;

  const algorithm = get('a');
  const [keyPart, hashPart] = (algorithm ?? '').toLowerCase().split('-');
  const keyType = keyPart === 'rsa' || keyPart === 'ed25519' ? keyPart : null;
  const hash = hashPart === 'sha256' || hashPart === 'sha1' ? hashPart : null;
  const signature = compact('b') ?? '';
  const cRaw = kind === 'arc-seal' ? null : (get('c') ?? 'simple/simple').toLowerCase();
  const [ch, cb] = cRaw ? cRaw.split('/') : [];
  const signedHeaders = (compact('h') ?? '').split(':').map((x) => x.trim().toLowerCase()).filter(Boolean);
  const counts = new Map<string, number>();
  for (const h of signedHeaders) counts.set(h, (counts.get(h) ?? 0) + 1);
  const num = (k: string) => {
    const v = get(k);
    if (v === null) return null;
    if (!/^\d{1,12}$/.test(v.trim())) { w('tag-not-number', `${k}= should be a number of seconds or bytes, not "${clip(v, 30)}".`); return null; }
    return Number(v.trim());
  };
  const iRaw = get('i');
  let instance: number | null = null;
  if (kind !== 'dkim-signature' && iRaw !== null) {
    if (/^\d+$/.test(iRaw.trim()) && Number(iRaw) >= 1 && Number(iRaw) <= 50) instance = Number(iRaw);
    else w('arc-bad-instance', `ARC i= must be 1–50, not "${clip(iRaw, 20)}".`);
  }

  const sig: DkimSignature = {
    kind,
    version: get('v'),
    instance,
    algorithm,
    keyType,
    hash,
    signature,
    signatureShort: signature.slice(0, 8),
    bodyHash: compact('bh'),
    canonicalization: cRaw ? { header: ch ?? 'simple', body: cb ?? 'simple' } : null,
    domain: get('d')?.toLowerCase() ?? null,
    selector: get('s'),
    signedHeaders,
    overSigned: [...counts].filter(([, n]) => n > 1).map(([h]) => h),
    auid: kind === 'dkim-signature' ? iRaw : null,
    bodyLength: num('l'),
    queryMethods: get('q'),
    timestamp: num('t'),
    expiration: num('x'),
    copiedHeaders: get('z') ? get('z')!.replace(/\s+/g, '').split('|').map(decodeDkimQp) : [],
    chainValidation: kind === 'arc-seal' ? (get('cv')?.toLowerCase() ?? null) : null,
    tags,
    warnings,
    raw,
  };

  if (!raw) { w('sig-empty', 'The field is empty.'); return sig; }
  for (const k of REQUIRED[kind]) if (!(k in m)) w('sig-missing-tag', `Required tag ${k}= is missing; the signature cannot verify.`, k);
  if (kind === 'dkim-signature' && sig.version !== null && sig.version.trim() !== '1') w('dkim-bad-version', `v=${clip(sig.version, 10)}: only v=1 exists.`);
  if (algorithm !== null && (!keyType || !hash)) w('sig-unknown-algorithm', `Unknown algorithm a=${clip(algorithm, 30)}.`);
  if (hash === 'sha1') w('sig-weak-hash', 'a=rsa-sha1: SHA-1 is obsolete (RFC 8301); many receivers treat it as a failure. Sign with rsa-sha256.');
  if ('b' in m && !signature) w('sig-empty-b', 'b= is empty: there is no signature.');
  if (signature && !B64.test(signature)) w('sig-bad-base64', 'b= is not valid base64.');
  if (sig.bodyHash !== null && !B64.test(sig.bodyHash)) w('sig-bad-base64', 'bh= is not valid base64.');
  if (sig.canonicalization) {
    const ok = (x: string) => x === 'simple' || x === 'relaxed';
    if (!ok(sig.canonicalization.header) || !ok(sig.canonicalization.body)) w('sig-bad-canonicalization', `c=${clip(cRaw ?? '', 30)} is not simple or relaxed.`);
  }
  if (kind !== 'arc-seal' && 'h' in m && !signedHeaders.includes('from')) w('sig-from-not-signed', 'h= does not include From: the signature does not protect the author address (RFC 6376 §5.4 requires it).');
  if (kind === 'arc-seal' && 'h' in m) w('arc-seal-has-h', 'ARC-Seal must not have h= (RFC 8617 §4.1.3).');
  if (sig.bodyLength !== null) w('sig-body-length', `l=${sig.bodyLength}: only the first ${sig.bodyLength} body bytes are signed, so anyone can append content (a footer, or a phishing link) and the signature still verifies.`);
  if (sig.queryMethods !== null && !/^dns\/txt$/i.test(sig.queryMethods.trim())) w('sig-bad-query', `q=${clip(sig.queryMethods, 20)}: only dns/txt is defined.`);
  if (sig.auid !== null && sig.domain) {
    const auidDomain = sig.auid.slice(sig.auid.lastIndexOf('@') + 1).toLowerCase();
    if (auidDomain !== sig.domain && !auidDomain.endsWith(`.${sig.domain}`)) w('dkim-auid-mismatch', `i=${clip(sig.auid, 40)} is not in d=${sig.domain} or a subdomain: verifiers must reject it (RFC 6376 §3.5).`);
  }
  if (sig.timestamp !== null && sig.expiration !== null && sig.expiration < sig.timestamp) w('sig-expires-before-signed', `x= (${sig.expiration}) is before t= (${sig.timestamp}): the signature was never valid.`);
  if (options.now !== undefined) {
    const nowS = Math.floor(options.now / 1000);
    if (sig.expiration !== null && sig.expiration < nowS) w('sig-expired', `The signature expired at ${new Date(sig.expiration * 1000).toISOString()} (x=); re-verifying now fails even if it passed on delivery.`);
    if (sig.timestamp !== null && sig.timestamp > nowS + 300) w('sig-future', `t= is in the future (${new Date(sig.timestamp * 1000).toISOString()}): the signer's clock is wrong.`);
  }
  if (kind === 'arc-seal') {
    if (sig.chainValidation !== null && !['none', 'pass', 'fail'].includes(sig.chainValidation)) w('arc-bad-cv', `cv=${clip(sig.chainValidation, 20)} is not none, pass or fail.`);
    if (sig.instance === 1 && sig.chainValidation && sig.chainValidation !== 'none') w('arc-first-cv', 'The first ARC set (i=1) must have cv=none.');
    if (sig.instance !== null && sig.instance > 1 && sig.chainValidation === 'none') w('arc-later-cv-none', `ARC set i=${sig.instance} says cv=none, which is only valid for i=1.`);
  }
  return sig;
}
