/**
 * A DKIM key record (RFC 6376 §3.6.1, RFC 8463 for Ed25519) read and judged
 * for a support engineer: version, key type, key size, testing flag,
 * revocation, allowed hashes and services. The RSA modulus comes from
 * parsing the key itself with node:crypto, not from guessing by length.
 */
import { createPublicKey } from 'node:crypto';

export interface DkimKeyReport {
  /** Tags as written (first value per name). */
  tags: Record<string, string>;
  /** k= (default rsa). */
  keyType: string;
  /** RSA modulus length in bits; 256 for a valid Ed25519 key; null when the key did not parse or is revoked. */
  bits: number | null;
  /** p= is empty: the key was deliberately withdrawn. */
  revoked: boolean;
  /** t=y: the domain is testing DKIM (receivers must not treat failures differently from unsigned mail). */
  testing: boolean;
  /** t=s: the i= domain must equal d= exactly (no subdomains). */
  strictSubdomains: boolean;
  /** h= hashes allowed; null when absent (all). */
  hashes: string[] | null;
  /** Problems that make the key unusable: the selector fails DKIM. */
  errors: string[];
  /** Weaknesses that still verify today. */
  warnings: string[];
}

function tagsOf(text: string): { tags: Record<string, string>; problems: string[] } {
  const tags: Record<string, string> = {};
  const problems: string[] = [];
  for (const part of text.split(';')) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    if (eq < 0) {
      problems.push(`"${part.trim().slice(0, 40)}" is not a tag=value pair`);
      continue;
    }
    const name = part.slice(0, eq).trim();
    if (name in tags) problems.push(`tag ${name}= appears twice — verifiers reject the key (RFC 6376 §3.2)`);
    else tags[name] = part.slice(eq + 1).trim();
  }
  return { tags, problems };
}

/** Read and judge a key record (TXT strings already joined). */
export function judgeDkimKey(text: string): DkimKeyReport {
  const { tags, problems } = tagsOf(text);
  const errors = [...problems];
  const warnings: string[] = [];
  const keyType = (tags.k ?? 'rsa').toLowerCase();
  const flags = (tags.t ?? '').split(':').map((f) => f.trim().toLowerCase());
  const hashes = tags.h ? tags.h.split(':').map((h) => h.trim().toLowerCase()) : null;
  const report: DkimKeyReport = { tags, keyType, bits: null, revoked: false, testing: flags.includes('y'), strictSubdomains: flags.includes('s'), hashes, errors, warnings };

  if (tags.v !== undefined && tags.v !== 'DKIM1') errors.push(`v=${tags.v}: the only version is "DKIM1"; verifiers ignore this record`);
  if (tags.v !== undefined && !/^\s*v\s*=/.test(text)) errors.push('v= must be the first tag when present');
  if (!('p' in tags)) {
    errors.push('no p= tag: the record carries no public key');
    return report;
  }
  const p = (tags.p ?? '').replace(/\s+/g, '');
  if (p === '') {
    report.revoked = true;
    return report;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(p)) {
    errors.push('p= is not valid base64 (stray quotes, spaces or a truncated copy-paste?)');
    return report;
  }
  const der = Buffer.from(p, 'base64');
  if (keyType === 'ed25519') {
    if (der.length === 32) report.bits = 256;
    else errors.push(`an Ed25519 key must be 32 bytes (RFC 8463); this p= decodes to ${der.length}`);
  } else if (keyType === 'rsa') {
    try {
      const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
      report.bits = key.asymmetricKeyDetails?.modulusLength ?? null;
      if (key.asymmetricKeyType !== 'rsa') errors.push(`k=rsa but p= holds a ${key.asymmetricKeyType} key`);
    } catch {
      try {
        // Some generators publish a bare PKCS#1 RSAPublicKey; RFC 6376 asks for SubjectPublicKeyInfo.
        const key = createPublicKey({ key: der, format: 'der', type: 'pkcs1' });
        report.bits = key.asymmetricKeyDetails?.modulusLength ?? null;
        warnings.push('p= is a bare PKCS#1 RSA key instead of the SubjectPublicKeyInfo RFC 6376 asks for; some verifiers reject it');
      } catch {
        errors.push('p= does not decode to an RSA public key (truncated or corrupted — often the record was split and a piece lost)');
      }
    }
    if (report.bits !== null) {
      if (report.bits < 1024) errors.push(`the RSA key is ${report.bits} bits; RFC 8301 requires at least 1024 and verifiers reject shorter keys`);
      else if (report.bits < 2048) warnings.push(`the RSA key is ${report.bits} bits; RFC 8301 recommends 2048, and 1024-bit keys are considered breakable by a determined attacker`);
    }
  } else {
    errors.push(`k=${keyType} is not a DKIM key type (rsa or ed25519)`);
  }
  if (hashes && !hashes.includes('sha256')) {
    if (hashes.includes('sha1')) errors.push('h=sha1 only: RFC 8301 forbids sha1 signatures, so verifiers fail them');
    else errors.push(`h=${tags.h}: no hash verifiers accept`);
  }
  if (tags.s && !tags.s.split(':').map((s) => s.trim()).some((s) => s === '*' || s === 'email')) {
    errors.push(`s=${tags.s}: the key is not for email`);
  }
  return report;
}

/** Email service providers recognised by the CNAME target a selector points at. */
const ESPS: [RegExp, string][] = [
  [/(^|\.)sendgrid\.net$/, 'SendGrid'],
  [/(^|\.)amazonses\.com$/, 'Amazon SES'],
  [/(^|\.)mailgun\.org$/, 'Mailgun'],
  [/(^|\.)mandrillapp\.com$/, 'Mandrill (Mailchimp Transactional)'],
  [/(^|\.)mcsv\.net$/, 'Mailchimp'],
  [/(^|\.)sparkpostmail\.com$/, 'SparkPost'],
  [/(^|\.)mtasv\.net$/, 'Postmark'],
  [/(^|\.)onmicrosoft\.com$/, 'Microsoft 365'],
  [/(^|\.)hubspotemail\.net$/, 'HubSpot'],
  [/(^|\.)zendesk\.com$/, 'Zendesk'],
  [/(^|\.)fmhosted\.com$/, 'Fastmail'],
  [/(^|\.)protonmail\.ch$/, 'Proton Mail'],
  [/(^|\.)mailjet\.com$/, 'Mailjet'],
  [/(^|\.)klaviyodns\.com$/, 'Klaviyo'],
  [/(^|\.)exacttarget\.com$/, 'Salesforce Marketing Cloud'],
  [/(^|\.)mktomail\.com$/, 'Marketo'],
  [/(^|\.)customeriomail\.com$/, 'Customer.io'],
  [/(^|\.)brevo\.com$|(^|\.)sendinblue\.com$/, 'Brevo'],
  [/(^|\.)zoho\.com$|(^|\.)zohomail\.com$/, 'Zoho'],
];

/** The provider a CNAME target belongs to, when known. */
export function espOf(target: string): string | null {
  const name = target.toLowerCase().replace(/\.$/, '');
  return ESPS.find(([re]) => re.test(name))?.[1] ?? null;
}
