/**
 * The send engine's pure parts: secret forms and scrubbing, AUTH line masking,
 * queue ids from real 250 wordings, header edits on a copy, target checks,
 * and the text export's layout.
 */
import { describe, expect, it } from 'vitest';
import { AuthLineMasker, createScrubber, MASK, secretForms } from '../../../../../electron/core/send/redact';
import { parseQueueId } from '../../../../../electron/core/send/queue-id';
import { applyHeaderEdits, headerAddresses, headerValues } from '../../../../../electron/core/send/header-edits';
import { envelopeFromHeaders } from '../../../../../electron/core/send/message-source';
import { checkEnvelope, checkTarget } from '../../../../../electron/core/send/target-checks';
import { entryPrinter, formatEntry } from '../../../../../electron/core/send/transcript-text';
import { explainConnectionError, explainReply } from '../../../../../electron/core/send/explain';
import { parseServer } from '../../../../../electron/host/send-command';

describe('redaction', () => {
  it('scrubs a secret in clear, URL-encoded, base64 and inside PLAIN/XOAUTH2 payloads at any alignment', () => {
    const secret = 'p@ss w0rd/with+chars';
    const scrub = createScrubber([{ secret, user: 'alice' }]).scrub;
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    for (const text of [secret, encodeURIComponent(secret), b64(secret), b64(`\u0000alice\u0000${secret}`), b64(`user=alice\u0001auth=Bearer ${secret}\u0001\u0001`), `x ${b64(`zz${secret}`)} y`, `x ${b64(`z${secret}q`)} y`]) {
      const out = scrub(`before ${text} after`);
      expect(out, text).toContain(MASK);
      expect(out).not.toContain(secret);
    }
    expect(scrub('nothing here')).toBe('nothing here');
    expect(secretForms('abc')).toEqual([]);
  });

  it('masks AUTH initial responses and every line of the exchange, until the final reply', () => {
    const m = new AuthLineMasker();
    expect(m.client('EHLO x')).toBe('EHLO x');
    expect(m.client('AUTH PLAIN AGFsaWNlAHNlY3JldA==')).toBe(`AUTH PLAIN ${MASK}`);
    m.server('235 ok');
    expect(m.client('AUTH LOGIN')).toBe('AUTH LOGIN');
    m.server('334 VXNlcm5hbWU6');
    expect(m.client('YWxpY2U=')).toBe(MASK);
    m.server('334 UGFzc3dvcmQ6');
    expect(m.client('c2VjcmV0')).toBe(MASK);
    m.server('535 no');
    expect(m.client('MAIL FROM:<a@b>')).toBe('MAIL FROM:<a@b>');
  });
});

describe('queue id', () => {
  it.each([
    ['250 2.0.0 Ok: queued as 4Xyz1234AB', '4Xyz1234AB'],
    ['250 OK id=1tXyZa-000Abc-Cd', '1tXyZa-000Abc-Cd'],
    ['250 OK: stored as message 12', '12'],
    ['250 2.0.0 OK  1700000000 a1b2c3d4e5f6si.123 - gsmtp', 'a1b2c3d4e5f6si.123'],
    ['250 2.0.0 OK <AB12@EUR01.prod.outlook.com> [Hostname=X]', '<AB12@EUR01.prod.outlook.com>'],
    ['250 2.0.0 4AB1cdE1234567 Message accepted for delivery', '4AB1cdE1234567'],
    ['250 Accepted', null],
    ['550 queued as NOPE', null],
  ])('%s → %s', (reply, id) => expect(parseQueueId(reply)).toBe(id));
  it('prefers nodemailer’s server message id', () => expect(parseQueueId('250 Ok', '<x@y>')).toBe('<x@y>'));
});

describe('header edits', () => {
  const raw = Buffer.from('Received: a\r\n b\r\nSubject: old\r\nX-A: 1\r\nX-A: 2\r\nTo: "Q" <q@example.test>, r@example.test\r\n\r\nbody\r\n.\r\n');
  it('set replaces the first and drops the rest, add prepends, remove drops all; body and untouched bytes stay', () => {
    const out = applyHeaderEdits(raw, [{ op: 'set', name: 'x-a', value: '3' }, { op: 'add', name: 'X-New', value: 'n' }, { op: 'remove', name: 'Subject', value: '' }]).toString();
    expect(out).toBe('X-New: n\r\nReceived: a\r\n b\r\nx-a: 3\r\nTo: "Q" <q@example.test>, r@example.test\r\n\r\nbody\r\n.\r\n');
  });
  it('encodes non-ASCII values and refuses header injection', () => {
    expect(applyHeaderEdits(raw, [{ op: 'set', name: 'Subject', value: 'Grüße' }]).toString()).toMatch(/Subject: =\?UTF-8\?Q\?Gr=C3=BC=C3=9Fe\?=\r\n/);
    expect(() => applyHeaderEdits(raw, [{ op: 'add', name: 'X', value: 'a\r\nBcc: evil@x' }])).toThrow(/one line/);
    expect(() => applyHeaderEdits(raw, [{ op: 'add', name: 'Bad Name', value: 'a' }])).toThrow(/not a valid header name/);
  });
  it('reads values and addresses; the envelope falls back to From → To/Cc/Bcc', () => {
    expect(headerValues(raw, 'received')).toEqual(['a b']);
    expect(headerAddresses(raw, ['To'])).toEqual(['q@example.test', 'r@example.test']);
    expect(envelopeFromHeaders(Buffer.from('From: a@x.test\r\nTo: b@y.test\r\nCc: c@y.test\r\n\r\n'))).toEqual({ from: 'a@x.test', to: ['b@y.test', 'c@y.test'] });
    expect(envelopeFromHeaders(Buffer.from('Return-Path: <bounce@x.test>\r\nFrom: a@x.test\r\nTo: b@y.test\r\n\r\n')).from).toBe('bounce@x.test');
  });
});

describe('target and envelope checks', () => {
  it('defaults what is missing (465 for implicit TLS) and names wrong fields', () => {
    expect(checkTarget({ host: 'smtp.example.test' })).toMatchObject({ mode: 'server', port: 587, security: 'starttls', authMethod: 'none', minTlsVersion: 'TLSv1.2' });
    expect(checkTarget({ host: 'h', security: 'tls' }).port).toBe(465);
    expect(() => checkTarget({ host: 'h', port: 70000 })).toThrow(/target\.port/);
    expect(() => checkTarget({ host: 'h', authMethod: 'PLAIN' })).toThrow(/user name/);
    expect(() => checkTarget({ host: 'h\r\nx' })).toThrow(/target\.host/);
    expect(() => checkTarget({ host: 'h', timeouts: { socketMs: 1 } })).toThrow(/socketMs/);
    expect(checkEnvelope({ from: '', to: ['a@b.test'] })).toEqual({ from: '', to: ['a@b.test'] });
    expect(() => checkEnvelope({ from: 'a@b', to: [] })).toThrow(/at least one/);
    expect(() => checkEnvelope({ from: '<a@b>', to: ['c@d'] })).toThrow(/bare address/);
  });
  it('parses --server forms', () => {
    expect(parseServer('smtp.example.test', 587)).toEqual({ host: 'smtp.example.test', port: 587 });
    expect(parseServer('smtp.example.test:2525', 587)).toEqual({ host: 'smtp.example.test', port: 2525 });
    expect(parseServer('[::1]:25', 587)).toEqual({ host: '::1', port: 25 });
    expect(() => parseServer('h:0', 587)).toThrow(/not a port/);
  });
});

describe('explanations and text export', () => {
  it('explains replies at their stage and the engine’s own failures', () => {
    expect(explainReply('535 5.7.8 Authentication credentials invalid', 'auth')).toMatchObject({ code: 535, category: 'permanent' });
    expect(explainReply('not smtp')).toMatchObject({ code: null, title: 'Not an SMTP reply' });
    expect(explainConnectionError({ code: 'ETLS', originalCode: 'STARTTLS_NOT_OFFERED' }).title).toMatch(/STARTTLS required but not offered/);
    expect(explainConnectionError({ code: 'ESOCKET', originalCode: 'ECONNREFUSED', port: 25 }).title).toMatch(/refused/i);
    expect(explainConnectionError({ code: 'ETIMEDOUT', timeoutType: 'GREETING_TIMEOUT', port: 465, security: 'starttls' }).category).toBe('connection');
  });
  it('formats a line with its explanation under failures only', () => {
    const ok = formatEntry({ t: 12.34, kind: 'server', text: '250-a\n250 b', explanation: explainReply('250 b') });
    expect(ok).toBe('    12.3 ms  S:    250-a\n                   250 b');
    const refused = formatEntry({ t: 1, kind: 'server', text: '550 5.1.1 no', explanation: explainReply('550 5.1.1 no', 'rcpt') });
    expect(refused).toMatch(/\n {19}↳ .*\n {21}Fix: /);
  });
  it('says an explanation once when the refusal, its error and the result line repeat it', () => {
    const print = entryPrinter();
    const explanation = explainReply('550 5.1.1 no such user', 'rcpt');
    const lines = [
      print({ t: 1, kind: 'server', text: '550 5.1.1 no such user', explanation }),
      // Pipelined DATA answered 503 in between: its own explanation, said.
      print({ t: 1.5, kind: 'server', text: '503 need RCPT command', explanation: explainReply('503 need RCPT command', 'data') }),
      print({ t: 2, kind: 'error', text: 'Recipient refused', explanation }),
      print({ t: 3, kind: 'error', text: 'Result: rejected in 3 ms', explanation }),
      print({ t: 4, kind: 'server', text: '421 4.7.0 try later', explanation: explainReply('421 4.7.0 try later', 'rcpt') }),
    ];
    expect(lines.map((l) => (l.match(/↳/g) ?? []).length)).toEqual([1, 1, 0, 0, 1]);
  });
});
