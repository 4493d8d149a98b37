import { describe, expect, it } from 'vitest';
import { describeTls, sniFor, type TlsFacts } from '../../../../../electron/core/smtp-client/tls-facts';

const base: TlsFacts = {
  protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', keyExchange: 'X25519', servername: 'mx1.example.org', nameMatches: true, authorized: true, authorizationError: null,
  expiresInDays: 40, expired: false, notYetValid: false,
  chain: [
    { subject: 'CN=mx1.example.org', issuer: 'CN=Test CA', subjectAltNames: ['mx1.example.org', 'mx2.example.org'], validFrom: '2026-11-01T00:00:00.000Z', validTo: '2027-01-05T00:00:00.000Z', serialNumber: '01', fingerprint256: 'AA', key: 'RSA 2048', selfSigned: false },
    { subject: 'CN=Test CA', issuer: 'CN=Test CA', subjectAltNames: [], validFrom: '2026-01-01T00:00:00.000Z', validTo: '2030-01-01T00:00:00.000Z', serialNumber: '02', fingerprint256: 'BB', key: 'RSA 2048', selfSigned: true },
  ],
};

describe('describeTls', () => {
  it('says protocol, cipher, certificate, issuer, validity, name and verdict in one line', () => {
    expect(describeTls(base)).toBe('TLSv1.3 TLS_AES_256_GCM_SHA384 (X25519); certificate CN=mx1.example.org [mx1.example.org, mx2.example.org] RSA 2048; issued by CN=Test CA; valid until 2027-01-05 (40 days); name mx1.example.org matches ✓; verified ✓');
  });

  it('says what is wrong', () => {
    const bad = describeTls({ ...base, expired: true, expiresInDays: -2, nameMatches: false, authorized: false, authorizationError: 'CERT_HAS_EXPIRED', chain: [{ ...base.chain[0]!, selfSigned: true }] });
    expect(bad).toContain('self-signed');
    expect(bad).toContain('EXPIRED on 2027-01-05 (2 days ago)');
    expect(bad).toContain('name mx1.example.org does NOT match ✗');
    expect(bad).toContain('NOT verified (CERT_HAS_EXPIRED) ✗');
    expect(describeTls({ ...base, chain: [] })).toContain('no certificate');
  });
});

describe('sniFor', () => {
  it('sends host names, never IP literals', () => {
    expect(sniFor('mx1.example.org.')).toBe('mx1.example.org');
    expect(sniFor('192.0.2.1')).toBeUndefined();
    expect(sniFor('2001:db8::1')).toBeUndefined();
  });
});
