import { describe, expect, it } from 'vitest';
import { buildProbeRequest, emptyProbeForm, formFromRequest, inFormWords } from '../../../../../renderer/features/probe/probe-form';

describe('Probe form', () => {
  it('turns typed lists into arrays and empty fields into nulls', () => {
    const built = buildProbeRequest({ ...emptyProbeForm(), domain: ' example.org ', selectors: 's1, s2  google', dnsServers: '127.0.0.1:5353 9.9.9.9', mxHost: 'mail.example.org:587', rcptTest: 'postmaster@example.org' });
    expect(built).toEqual({
      request: {
        domain: 'example.org',
        ip: null,
        selectors: ['s1', 's2', 'google'],
        smtp: { enabled: true, host: 'mail.example.org:587', port: null, rcptTest: 'postmaster@example.org' },
        dns: { servers: ['127.0.0.1:5353', '9.9.9.9'] },
      },
    });
  });

  it('drops the SMTP fields when the SMTP probe is off, and asks for a domain', () => {
    const built = buildProbeRequest({ ...emptyProbeForm(), domain: 'example.org', smtpEnabled: false, mxHost: 'mx.example.org', rcptTest: 'a@example.org' });
    expect('request' in built && built.request.smtp).toEqual({ enabled: false, host: null, port: null, rcptTest: null });
    expect(buildProbeRequest(emptyProbeForm())).toEqual({ error: 'Type the domain to check, e.g. example.org.' });
  });

  it('fills the form back from a stored request (re-run, history)', () => {
    const form = formFromRequest({ domain: 'example.org', ip: '2001:db8::1', selectors: ['s1', 's2'], smtp: { enabled: true, host: '2001:db8::25', port: 587, rcptTest: null }, dns: { servers: ['[::1]:53'] } });
    expect(form).toEqual({ domain: 'example.org', ip: '2001:db8::1', selectors: 's1 s2', mxHost: '[2001:db8::25]:587', dnsServers: '[::1]:53', smtpEnabled: true, rcptTest: '' });
    expect(formFromRequest({ domain: 'a.org', ip: null, selectors: [], smtp: { enabled: true, host: 'mx.a.org', port: 25, rcptTest: null }, dns: { servers: [] } }).mxHost).toBe('mx.a.org');
  });

  it("says the core's complaints in the form's words", () => {
    expect(inFormWords('"dns.servers": "dns.google" is not an IP address (a resolver is named by its address, e.g. 9.9.9.9).')).toBe('Resolver: "dns.google" is not an IP address (a resolver is named by its address, e.g. 9.9.9.9).');
    expect(inFormWords('"smtp.host": the port must be a number from 1 to 65535 ("mx:0").')).toBe('Server: the port must be a number from 1 to 65535 ("mx:0").');
    expect(inFormWords('"ip" is not an IPv4 or IPv6 address ("x").')).toBe('Sending IP is not an IPv4 or IPv6 address ("x").');
  });
});
