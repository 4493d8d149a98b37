import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { espOf, judgeDkimKey } from '../../../../../../electron/core/probes/checks/dkim-key-record';

const rsa = (bits: number, type: 'spki' | 'pkcs1' = 'spki') =>
  generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ type, format: 'der' }).toString('base64');

describe('DKIM key record', () => {
  it('reads the RSA modulus length from the key itself', () => {
    const key = judgeDkimKey(`v=DKIM1; k=rsa; p=${rsa(2048)}`);
    expect(key).toMatchObject({ keyType: 'rsa', bits: 2048, revoked: false, testing: false, errors: [], warnings: [] });
  });

  it('warns on 1024 bits and rejects shorter keys', () => {
    const k1024 = judgeDkimKey(`v=DKIM1; p=${rsa(1024)}`);
    expect(k1024.bits).toBe(1024);
    expect(k1024.warnings.join()).toMatch(/1024 bits/);
    expect(k1024.errors).toEqual([]);
    const k512 = judgeDkimKey(`v=DKIM1; p=${rsa(512)}`);
    expect(k512.bits).toBe(512);
    expect(k512.errors.join()).toMatch(/at least 1024/);
  });

  it('accepts a bare PKCS#1 key with a warning', () => {
    const key = judgeDkimKey(`p=${rsa(2048, 'pkcs1')}`);
    expect(key.bits).toBe(2048);
    expect(key.warnings.join()).toMatch(/PKCS#1/);
  });

  it('reads Ed25519 keys (32 raw bytes, RFC 8463)', () => {
    expect(judgeDkimKey('v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=')).toMatchObject({ keyType: 'ed25519', bits: 256, errors: [] });
    expect(judgeDkimKey('v=DKIM1; k=ed25519; p=AAAA').errors.join()).toMatch(/32 bytes/);
  });

  it('tells revoked (empty p=) from missing p= and from a corrupt key', () => {
    expect(judgeDkimKey('v=DKIM1; p=').revoked).toBe(true);
    expect(judgeDkimKey('v=DKIM1; k=rsa').errors.join()).toMatch(/no p= tag/);
    const truncated = rsa(2048).slice(0, 120);
    expect(judgeDkimKey(`v=DKIM1; p=${truncated}`).errors.join()).toMatch(/does not decode/);
    expect(judgeDkimKey('v=DKIM1; p="abc"').errors.join()).toMatch(/not valid base64/);
  });

  it('reads t=y, h=sha1, s=, unknown k= and a wrong version', () => {
    const p = rsa(2048);
    expect(judgeDkimKey(`v=DKIM1; t=y; p=${p}`).testing).toBe(true);
    expect(judgeDkimKey(`v=DKIM1; t=y:s; p=${p}`).strictSubdomains).toBe(true);
    expect(judgeDkimKey(`v=DKIM1; h=sha1; p=${p}`).errors.join()).toMatch(/sha1/);
    expect(judgeDkimKey(`v=DKIM1; s=tlsrpt; p=${p}`).errors.join()).toMatch(/not for email/);
    expect(judgeDkimKey(`v=DKIM1; k=dsa; p=${p}`).errors.join()).toMatch(/not a DKIM key type/);
    expect(judgeDkimKey(`v=DKIM2; p=${p}`).errors.join()).toMatch(/DKIM1/);
    expect(judgeDkimKey(`k=rsa; v=DKIM1; p=${p}`).errors.join()).toMatch(/first tag/);
  });

  it('names the ESP a selector is delegated to', () => {
    expect(espOf('s1.domainkey.u123.wl.sendgrid.net')).toBe('SendGrid');
    expect(espOf('abc._domainkey.amazonses.com.')).toBe('Amazon SES');
    expect(espOf('selector1-example-com._domainkey.example.onmicrosoft.com')).toBe('Microsoft 365');
    expect(espOf('dkim.example.net')).toBeNull();
  });
});
