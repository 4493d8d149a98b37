/**
 * DKIM tag lists (RFC 6376 §3.2) and key records (§3.6.1), read the way a
 * verifier needs them: with a plain reason for every way a key lookup can fail
 * (not published, revoked, wrong type, hash or service not allowed, too short),
 * because "key rotated since the message was sent" is one of the most useful
 * things the analyzer can say.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { type DnsQueryError, type DnsResolver, summariseAnswer } from './resolver';

/** A tag list: tag name → value (later duplicates win, as mailauth reads them), plus problems seen. */
export interface TagList {
  tags: Map<string, string>;
  /** Names in the order written. */
  order: string[];
  /** Syntax problems, in words. */
  problems: string[];
}

/** Parse "a=b; c=d" tag lists. Names are lower-cased; values keep inner whitespace (callers strip FWS where the RFC says). */
export function parseTagList(value: string): TagList {
  const tags = new Map<string, string>();
  const order: string[] = [];
  const problems: string[] = [];
  for (const segment of value.split(';')) {
    if (segment.trim() === '') continue;
    const eq = segment.indexOf('=');
    if (eq < 0) {
      problems.push(`"${segment.trim()}" is not a tag=value pair`);
      continue;
    }
    const name = segment.slice(0, eq).replace(/\s+/g, '').toLowerCase();
    const tagValue = segment.slice(eq + 1).replace(/^\s+|\s+$/g, '');
    if (tags.has(name)) problems.push(`tag ${name}= appears twice`);
    tags.set(name, tagValue);
    order.push(name);
  }
  return { tags, order, problems };
}

/** Remove folding whitespace from a value (b=, bh=, p= are base64 with FWS allowed anywhere). */
export function stripFws(value: string): string {
  return value.replace(/[\s]+/g, '');
}

/** Why a key could not be used. */
export type KeyProblem =
  | 'key-not-found'
  | 'dns-error'
  | 'key-revoked'
  | 'key-invalid'
  | 'key-version'
  | 'key-type-mismatch'
  | 'key-hash-mismatch'
  | 'key-service';

/** A published DKIM key as read from DNS. */
export interface DkimKey {
  /** The record text as published (chunks joined). */
  record: string;
  /** Key type: what the record says (k=, default rsa) and what the key data is. */
  type: 'rsa' | 'ed25519';
  /** RSA modulus length in bits; null for Ed25519. */
  bits: number | null;
  /** t=y: the domain is testing DKIM. */
  testing: boolean;
  /** t=s: i= must be exactly d=, not a subdomain. */
  strictIdentity: boolean;
  /** h= hash algorithms the key allows; null when not restricted. */
  hashes: string[] | null;
  key: KeyObject;
}

/** The outcome of a key lookup: a usable key, or a problem with a reason. */
export type KeyLookup =
  | {
      ok: true;
      dnsName: string;
      key: DkimKey;
      notes: string[];
      /** Set when the key is usable but shorter than `minBitLength`: receivers report `policy`. */
      weak: string | null;
    }
  | { ok: false; dnsName: string; problem: KeyProblem; reason: string; record: string | null; temporary: boolean };

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * Fetch and parse `selector._domainkey.domain` for a signature with algorithm
 * `sigType`/`hashAlgo` (e.g. rsa + sha256).
 */
export async function lookupDkimKey(
  resolver: DnsResolver,
  selector: string,
  domain: string,
  sigType: 'rsa' | 'ed25519',
  hashAlgo: string,
  minBitLength = 1024,
): Promise<KeyLookup> {
  const dnsName = `${selector}._domainkey.${domain}`.toLowerCase();
  let records: string[];
  try {
    records = summariseAnswer(await resolver(dnsName, 'TXT'));
  } catch (err) {
    const code = (err as DnsQueryError).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') {
      return {
        ok: false,
        dnsName,
        problem: 'key-not-found',
        reason: `no key record at ${dnsName} (${code === 'ENOTFOUND' ? 'the name does not exist' : 'no TXT record there'}): the selector was removed, renamed, or never published`,
        record: null,
        temporary: false,
      };
    }
    return { ok: false, dnsName, problem: 'dns-error', reason: `looking up ${dnsName} failed (${code}); try again or choose another DNS server`, record: null, temporary: true };
  }
  const notes: string[] = [];
  const candidates = records.filter((r) => /(^|;)\s*p\s*=/i.test(r));
  if (records.length > 1) notes.push(`${records.length} TXT records at ${dnsName}; used the first that has p=`);
  const record = candidates[0] ?? records[0] ?? '';
  const fail = (problem: KeyProblem, reason: string): KeyLookup => ({ ok: false, dnsName, problem, reason, record, temporary: false });

  const { tags } = parseTagList(record);
  if (!tags.has('p')) return fail('key-invalid', `the TXT record at ${dnsName} is not a DKIM key (no p= tag)`);
  const v = tags.get('v');
  if (v !== undefined && v !== 'DKIM1') return fail('key-version', `the key record says v=${v}; only DKIM1 exists`);
  const p = stripFws(tags.get('p') ?? '');
  if (p === '') return fail('key-revoked', `the key at ${dnsName} is revoked (empty p=): the signer withdrew it`);
  const services = tags.get('s');
  if (services !== undefined) {
    const list = services.split(':').map((s) => s.trim().toLowerCase());
    if (!list.includes('email') && !list.includes('*')) return fail('key-service', `the key is published for service ${services}, not email`);
  }
  const hashList = tags.get('h');
  const hashes = hashList === undefined ? null : hashList.split(':').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (hashes && !hashes.includes(hashAlgo)) return fail('key-hash-mismatch', `the key allows only ${hashes.join(', ')}, but the signature uses ${hashAlgo}`);

  const declared = (tags.get('k') ?? 'rsa').trim().toLowerCase();
  if (declared !== 'rsa' && declared !== 'ed25519') return fail('key-invalid', `unknown key type k=${declared}`);
  if (declared !== sigType) return fail('key-type-mismatch', `the signature is ${sigType} but the published key is k=${declared}`);

  const raw = Buffer.from(p, 'base64');
  let key: KeyObject;
  try {
    key = toKeyObject(raw, declared);
  } catch {
    return fail('key-invalid', `the p= value at ${dnsName} is not a usable ${declared} public key`);
  }
  if (key.asymmetricKeyType !== declared) return fail('key-type-mismatch', `the record says k=${declared} but the key data is ${key.asymmetricKeyType}`);
  const bits = declared === 'rsa' ? (key.asymmetricKeyDetails?.modulusLength ?? null) : null;
  const flags = (tags.get('t') ?? '').split(':').map((s) => s.trim().toLowerCase());
  const parsed: DkimKey = { record, type: declared, bits, testing: flags.includes('y'), strictIdentity: flags.includes('s'), hashes, key };
  const weak = bits !== null && bits < minBitLength ? `the RSA key is ${bits} bits, under the ${minBitLength}-bit minimum receivers apply` : null;
  return { ok: true, dnsName, key: parsed, notes, weak };
}

/** SubjectPublicKeyInfo (usual), bare RSAPublicKey (RFC 6376's own example), or raw 32-byte Ed25519 (RFC 8463). */
function toKeyObject(raw: Buffer, declared: 'rsa' | 'ed25519'): KeyObject {
  if (declared === 'ed25519' && raw.length === 32) {
    return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  }
  try {
    return createPublicKey({ key: raw, format: 'der', type: 'spki' });
  } catch (err) {
    if (declared !== 'rsa') throw err;
    return createPublicKey({ key: raw, format: 'der', type: 'pkcs1' });
  }
}
