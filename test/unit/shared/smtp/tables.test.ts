/** Every entry of the shipped tables is complete, so no reply is ever explained with a blank. */
import { describe, expect, it } from 'vitest';
import { CONNECTION_ERRORS, TIMEOUT_READINGS } from '../../../../shared/smtp/connection-errors';
import { ENHANCED_CODES, ENHANCED_SUBJECTS } from '../../../../shared/smtp/enhanced-codes';
import { PROVIDER_RULES } from '../../../../shared/smtp/providers/index';
import { REPLY_CODES } from '../../../../shared/smtp/reply-codes';
import { explainReply } from '../../../../shared/smtp/explain-reply';

describe('basic reply code table', () => {
  it('covers RFC 5321 §4.2.3 and the AUTH/STARTTLS/null-MX codes', () => {
    const required = [211, 214, 220, 221, 235, 250, 251, 252, 334, 354, 421, 432, 450, 451, 452, 454, 455, 500, 501, 502, 503, 504, 521, 523, 530, 534, 535, 538, 550, 551, 552, 553, 554, 555, 556];
    expect(required.filter((c) => !REPLY_CODES.has(c))).toEqual([]);
  });

  it.each([...REPLY_CODES.values()].map((e) => [e.code, e] as const))('%i has a title, meaning, references and a fix exactly when it is a failure', (code, e) => {
    expect(e.title.length).toBeGreaterThan(1);
    expect(e.meaning.length).toBeGreaterThan(20);
    expect(e.references.length).toBeGreaterThan(0);
    if (code >= 400) expect(e.fix && e.fix.length > 10).toBe(true);
    else expect(e.fix).toBeNull();
    if (e.implies) expect(ENHANCED_CODES.has(e.implies.slice(2))).toBe(true);
    const x = explainReply(code, 'text');
    expect(x.title).toBeTruthy();
    if (code >= 400) expect(x.fix).toBeTruthy();
  });
});

describe('enhanced code table', () => {
  it('covers the IANA registry from X.0.0 to X.7.30', () => {
    const required = ['0.0', '1.0', '1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.8', '1.10', '2.0', '2.1', '2.2', '2.3', '2.4', '3.0', '3.1', '3.2', '3.3', '3.4', '3.5', '4.0', '4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '5.0', '5.1', '5.2', '5.3', '5.4', '5.5', '5.6', '6.0', '6.1', '6.2', '6.3', '6.4', '6.5', '6.7', '6.8', '6.9', '7.0', '7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '7.7', '7.8', '7.9', '7.10', '7.11', '7.12', '7.13', '7.14'];
    for (let d = 15; d <= 30; d++) required.push(`7.${d}`);
    expect(required.filter((k) => !ENHANCED_CODES.has(k))).toEqual([]);
  });

  it.each([...ENHANCED_CODES.entries()])('X.%s has a title, meaning, fix and reference', (key, e) => {
    expect(e.title.length).toBeGreaterThan(2);
    expect(e.meaning.length).toBeGreaterThan(15);
    expect(e.fix.length).toBeGreaterThan(5);
    expect(e.reference).toMatch(/RFC|IANA/);
    const subject = Number(key.split('.')[0]);
    expect(ENHANCED_SUBJECTS[subject]).toBeDefined();
    for (const cls of [4, 5]) {
      const x = explainReply(cls * 100 + 50, `${cls}.${key} text`);
      expect(x.enhanced).toBe(`${cls}.${key}`);
      expect(x.meaning).toContain(e.title);
      expect(x.fix).toBeTruthy();
    }
  });
});

describe('provider rules', () => {
  it('have unique ids and complete wording', () => {
    const ids = PROVIDER_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of PROVIDER_RULES) {
      expect(r.provider, r.id).toBeTruthy();
      expect(r.title, r.id).toBeTruthy();
      expect(r.meaning.length, r.id).toBeGreaterThan(20);
      expect(r.fix.length, r.id).toBeGreaterThan(10);
      expect(r.source.length, r.id).toBeGreaterThan(5);
    }
  });

  it('never key on the basic code alone (a 550 says nothing about the provider)', () => {
    for (const r of PROVIDER_RULES) expect(Boolean(r.text || r.enhanced || r.enhancedRange), r.id).toBe(true);
  });

  it('use stateless regular expressions (no g or y flag: exec would carry lastIndex between replies)', () => {
    for (const r of PROVIDER_RULES) for (const re of [r.text, r.also]) if (re) expect(re.flags, r.id).not.toMatch(/[gy]/);
  });
});

describe('connection error table', () => {
  it('covers the codes sends and probes meet', () => {
    const required = ['ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_SSL_WRONG_VERSION_NUMBER', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'EAUTH', 'ENOAUTH', 'ECONNECTION', 'ESOCKET', 'ETLS', 'EREQUIRETLS', 'EPROTOCOL', 'EENVELOPE', 'EMESSAGE'];
    expect(required.filter((c) => !CONNECTION_ERRORS.has(c))).toEqual([]);
  });

  it('has complete entries', () => {
    for (const [code, e] of [...CONNECTION_ERRORS.entries(), ...Object.entries(TIMEOUT_READINGS)]) {
      expect(e.title, code).toBeTruthy();
      expect(e.meaning.length, code).toBeGreaterThan(15);
      expect(e.fix.length, code).toBeGreaterThan(10);
      expect(e.references.length, code).toBeGreaterThan(0);
    }
  });
});
