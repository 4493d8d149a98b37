/** The SMTP probe's verdicts from session facts, without sockets. */
import { describe, expect, it } from 'vitest';
import { explainConnectionError } from '../../../../../../shared/smtp/explain-connection';
import { explainReply } from '../../../../../../shared/smtp/explain-reply';
import { parseReply } from '../../../../../../shared/smtp/parse-reply';
import { bannerCheck, capabilitiesCheck, certificateCheck, connectFailedCheck, rcptCheck, tlsCheck, type HostEvidence } from '../../../../../../electron/core/probes/checks/smtp-judge';
import { parseEhlo } from '../../../../../../electron/core/smtp-client/ehlo';
import { SmtpClientError, type SmtpReply } from '../../../../../../electron/core/smtp-client/smtp-client';
import type { TlsFacts } from '../../../../../../electron/core/smtp-client/tls-facts';

const ev = (port = 25): HostEvidence => ({ target: { host: 'mx1.example.org', port, implicit: port === 465, priority: 10 }, dns: [], transcript: [{ t: 0, kind: 'tcp', text: 'Connecting' }], timings: { tcp: 12, greeting: 30, tls: 8 } });
const reply = (raw: string, stage: Parameters<typeof explainReply>[2] = {}): SmtpReply => {
  const p = parseReply(raw);
  return { code: p.code ?? 0, raw: raw.split('\n'), lines: p.lines, explanation: explainReply(p.code ?? 0, raw, stage) };
};
const err = (code: string, command: string, port = 25): SmtpClientError => new SmtpClientError('x', code, command, explainConnectionError({ code, command }, { host: 'mx1.example.org', port }));

const facts = (over: Partial<TlsFacts> = {}): TlsFacts => ({
  protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', keyExchange: 'X25519', servername: 'mx1.example.org', nameMatches: true, authorized: true, authorizationError: null,
  expiresInDays: 80, expired: false, notYetValid: false,
  chain: [{ subject: 'CN=mx1.example.org', issuer: 'CN=R11, O=Let\'s Encrypt', subjectAltNames: ['mx1.example.org'], validFrom: '2026-10-01T00:00:00.000Z', validTo: '2027-02-13T00:00:00.000Z', serialNumber: '01', fingerprint256: 'AA', key: 'RSA 2048', selfSigned: false }],
  ...over,
});

describe('connect and banner', () => {
  it('calls a connect timeout on port 25 "could not check", elsewhere a failure', () => {
    expect(connectFailedCheck(ev(25), err('ETIMEDOUT', 'CONNECT'), '192.0.2.1')).toMatchObject({ status: 'error', id: 'smtp.mx1.example.org:25.connect' });
    expect(connectFailedCheck(ev(587), err('ETIMEDOUT', 'CONNECT', 587), '192.0.2.1').status).toBe('fail');
    expect(connectFailedCheck(ev(25), err('ECONNREFUSED', 'CONNECT'), '192.0.2.1')).toMatchObject({ status: 'fail', title: 'Could not connect to mx1.example.org:25 (192.0.2.1): Connection refused' });
  });

  it('explains an implicit-TLS handshake against a plain server', () => {
    const c = connectFailedCheck(ev(465), err('ERR_SSL_WRONG_VERSION_NUMBER', 'TLS', 465), '192.0.2.1');
    expect(c.status).toBe('fail');
    expect(c.title).toMatch(/^TLS handshake failed with/);
    expect(c.explanation).toMatch(/465 answered in plain text/);
  });

  it('judges banners by code', () => {
    expect(bannerCheck(ev(), reply('220 mx1.example.org ESMTP'), '192.0.2.1').status).toBe('pass');
    expect(bannerCheck(ev(), reply('421 4.3.2 Service shutting down', { stage: 'connect' }), null).status).toBe('warn');
    const refused = bannerCheck(ev(), reply('554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org', { stage: 'connect' }), null);
    expect(refused.status).toBe('fail');
    expect(refused.explanation).toMatch(/Spamhaus/);
    expect(refused.fix).toMatch(/check\.spamhaus\.org/);
  });
});

describe('capabilities', () => {
  it('passes AUTH only after TLS, warns on AUTH in the clear and on HELO fallback', () => {
    const before = parseEhlo(['mx', 'PIPELINING', 'STARTTLS', 'SMTPUTF8']);
    const after = parseEhlo(['mx', 'PIPELINING', 'AUTH PLAIN', 'SMTPUTF8']);
    expect(capabilitiesCheck(ev(), before, after, { heloFallback: false, ehloReply: null, tlsUp: true }).status).toBe('pass');
    const clear = parseEhlo(['mx', 'AUTH PLAIN LOGIN', 'STARTTLS']);
    expect(capabilitiesCheck(ev(), clear, after, { heloFallback: false, ehloReply: null, tlsUp: true }).status).toBe('warn');
    expect(capabilitiesCheck(ev(), parseEhlo(['mx']), null, { heloFallback: true, ehloReply: null, tlsUp: false }).explanation).toMatch(/only HELO worked/);
    expect(capabilitiesCheck(ev(), null, null, { heloFallback: true, ehloReply: reply('550 go away'), tlsUp: false }).status).toBe('fail');
  });
});

describe('TLS and certificate', () => {
  it('warns on TLS 1.0/1.1', () => {
    expect(tlsCheck(ev(), facts()).status).toBe('pass');
    expect(tlsCheck(ev(), facts({ protocol: 'TLSv1' })).status).toBe('warn');
  });

  it('grades certificate problems by port', () => {
    expect(certificateCheck(ev(), facts()).status).toBe('pass');
    const selfSigned = facts({ authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(certificateCheck(ev(25), selfSigned).status).toBe('warn');
    expect(certificateCheck(ev(587), selfSigned).status).toBe('fail');
    expect(certificateCheck(ev(587), selfSigned).title).toMatch(/self-signed certificate/);
    const expired = facts({ expired: true, expiresInDays: -3, authorized: false, authorizationError: 'CERT_HAS_EXPIRED' });
    expect(certificateCheck(ev(25), expired)).toMatchObject({ status: 'fail', title: 'mx1.example.org:25: certificate expired 3 days ago' });
    const mismatch = facts({ nameMatches: false, authorized: false, authorizationError: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    const m = certificateCheck(ev(25), mismatch);
    expect(m.title).toBe('mx1.example.org:25: certificate does not name mx1.example.org');
    expect(m.title).not.toMatch(/;/); // the name error is not reported twice
    expect(certificateCheck(ev(), facts({ expiresInDays: 3 })).status).toBe('warn');
    expect(certificateCheck(ev(), facts({ chain: [] })).status).toBe('fail');
  });
});

describe('recipient test', () => {
  const mail = reply('250 2.1.0 Ok', { stage: 'mail' });
  it('passes 250, warns on 4xx, fails on 5xx with the explainer\'s reading', () => {
    expect(rcptCheck(ev(), 'a@example.org', mail, reply('250 2.1.5 Ok', { stage: 'rcpt' })).status).toBe('pass');
    expect(rcptCheck(ev(), 'a@example.org', mail, reply('450 4.2.0 <a@example.org>: Recipient address rejected: Greylisted', { stage: 'rcpt' })).status).toBe('warn');
    const no = rcptCheck(ev(), 'a@example.org', mail, reply('550-5.1.1 The email account that you tried to reach does not exist.\n550 5.1.1 - gsmtp', { stage: 'rcpt' }));
    expect(no).toMatchObject({ status: 'fail', title: 'a@example.org refused: Gmail: no such account (550 5.1.1)' });
    expect(rcptCheck(ev(), 'a@example.org', reply('553 5.7.1 sender refused', { stage: 'mail' }), null).status).toBe('fail');
  });
});
