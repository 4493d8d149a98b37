import { describe, expect, it } from 'vitest';
import { normaliseDomain, normaliseIp, normaliseProbeRequest, normaliseSelectors, parseHostPort } from '../../../../../electron/core/probes/probe-request';

const bad = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect((error as { code?: string }).code).toBe('bad_request');
    return (error as Error).message;
  }
  throw new Error('expected a bad_request');
};

describe('probe request normalisation', () => {
  it('lower-cases the domain, drops the trailing dot and turns IDN labels into A-labels', () => {
    expect(normaliseDomain(' Example.ORG. ')).toBe('example.org');
    expect(normaliseDomain('bücher.example')).toBe('xn--bcher-kva.example');
    expect(normaliseDomain('münchen.de')).toBe('xn--mnchen-3ya.de');
  });

  it('refuses what is not a domain, saying what it is instead', () => {
    expect(bad(() => normaliseDomain(''))).toContain('required');
    expect(bad(() => normaliseDomain('user@example.org'))).toContain('not an address');
    expect(bad(() => normaliseDomain('https://example.org/'))).toContain('not a URL');
    expect(bad(() => normaliseDomain('192.0.2.1'))).toContain('not an IP address');
    expect(bad(() => normaliseDomain('localhost'))).toContain('two labels');
    expect(bad(() => normaliseDomain('a..b.org'))).toMatch(/empty label|not a valid/);
    expect(bad(() => normaliseDomain('-bad.example.org'))).toContain('invalid label');
    expect(bad(() => normaliseDomain(`${'a'.repeat(64)}.org`))).toMatch(/invalid label|not a valid/);
    expect(bad(() => normaliseDomain('exa mple.org'))).toContain('spaces');
  });

  it('validates the IP and writes IPv6 in lower case', () => {
    expect(normaliseIp('192.0.2.10')).toBe('192.0.2.10');
    expect(normaliseIp('2001:DB8::1')).toBe('2001:db8::1');
    expect(normaliseIp('[2001:db8::1]')).toBe('2001:db8::1');
    expect(normaliseIp('')).toBeNull();
    expect(bad(() => normaliseIp('192.0.2.300'))).toContain('not an IPv4 or IPv6');
  });

  it('takes selectors as a list or text, lower-cases them, cuts a pasted ._domainkey name and drops duplicates', () => {
    expect(normaliseSelectors(['S1', 's1', 'google', ' k1._domainkey.example.org '])).toEqual(['s1', 'google', 'k1']);
    expect(normaliseSelectors('s1, s2 s3')).toEqual(['s1', 's2', 's3']);
    expect(normaliseSelectors(['2024.eu'])).toEqual(['2024.eu']);
    expect(bad(() => normaliseSelectors(['bad selector!']))).toContain('not a valid DKIM selector');
  });

  it('parses host:port, bracketed IPv6 and bare IPv6', () => {
    expect(parseHostPort('MX1.Example.org:2525', 'f')).toEqual({ host: 'mx1.example.org', port: 2525 });
    expect(parseHostPort('127.0.0.1', 'f')).toEqual({ host: '127.0.0.1', port: null });
    expect(parseHostPort('[2001:db8::1]:465', 'f')).toEqual({ host: '2001:db8::1', port: 465 });
    expect(parseHostPort('2001:db8::25', 'f')).toEqual({ host: '2001:db8::25', port: null });
    expect(bad(() => parseHostPort('mx.example.org:99999', 'f'))).toContain('1 to 65535');
    expect(bad(() => parseHostPort(':25', 'f'))).toContain('needs a host');
  });

  it('fills defaults and folds smtp.host:port', () => {
    const r = normaliseProbeRequest({ domain: 'Example.org', smtp: { host: 'mail.example.org:587' }, dns: { servers: ['127.0.0.1:5353', '', '9.9.9.9'] } });
    expect(r).toEqual({
      domain: 'example.org',
      ip: null,
      selectors: [],
      smtp: { enabled: true, host: 'mail.example.org', port: 587, rcptTest: null },
      dns: { servers: ['127.0.0.1:5353', '9.9.9.9'] },
    });
    expect(normaliseProbeRequest({ domain: 'example.org', smtp: { host: 'mx.example.org' } }).smtp.port).toBe(25);
    expect(normaliseProbeRequest({ domain: 'example.org', smtp: { rcptTest: 'a@example.org', mailFrom: ' probe@example.net ' } }).smtp).toMatchObject({ rcptTest: 'a@example.org', mailFrom: 'probe@example.net' });
  });

  it('refuses contradictory or malformed options', () => {
    expect(bad(() => normaliseProbeRequest({ domain: 'example.org', smtp: { port: 25 } }))).toContain('needs "smtp.host"');
    expect(bad(() => normaliseProbeRequest({ domain: 'example.org', smtp: { host: 'a.example.org:25', port: 587 } }))).toContain('port 25');
    expect(bad(() => normaliseProbeRequest({ domain: 'example.org', smtp: { rcptTest: 'not an address' } }))).toContain('rcptTest');
    expect(bad(() => normaliseProbeRequest({ domain: 'example.org', dns: { servers: ['dns.google'] } }))).toContain('not an IP address');
    expect(bad(() => normaliseProbeRequest({ domain: 'example.org', dns: { timeoutMs: 5 } }))).toContain('dns.timeoutMs');
    expect(bad(() => normaliseProbeRequest(null))).toContain('Send the probe request');
  });
});
