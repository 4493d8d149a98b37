/** Connection-level failures, with error shapes as Node and nodemailer 10 produce them (field notes §3.4). */
import { describe, expect, it } from 'vitest';
import { explainConnectionError } from '../../../../shared/smtp/explain-connection';

describe('explainConnectionError', () => {
  it('reads nodemailer\'s wrapped TLS error by originalCode: implicit TLS on a STARTTLS port', () => {
    const e = explainConnectionError({ code: 'ESOCKET', originalCode: 'ERR_SSL_WRONG_VERSION_NUMBER', command: 'CONN', message: 'whatever BoringSSL says' }, { host: 'smtp.example.org', port: 587, security: 'tls' });
    expect(e).toMatchObject({ code: null, enhanced: null, category: 'connection', provider: null });
    expect(e.title).toBe('TLS spoken to a plain-text port');
    expect(e.meaning).toContain('port 587');
    expect(e.fix).toMatch(/STARTTLS for port 587/);
  });

  it('accepts the BoringSSL-style bare reason as a code', () => {
    expect(explainConnectionError({ code: 'WRONG_VERSION_NUMBER' }).title).toBe('TLS spoken to a plain-text port');
  });

  it('tells a greeting timeout on 465 (plain client on an implicit-TLS port) from a connect timeout on 25', () => {
    const greeting = explainConnectionError({ code: 'ETIMEDOUT', message: 'Greeting never received', command: 'CONN' }, { port: 465, security: 'starttls' });
    expect(greeting.title).toMatch(/465 expects implicit TLS/);
    const ours = explainConnectionError({ code: 'ETIMEDOUT', command: 'GREETING' }, { port: 2525 });
    expect(ours.title).toBe('Greeting never received');
    const connect = explainConnectionError({ code: 'ETIMEDOUT', command: 'CONN', message: 'Connection timeout' }, { host: 'mx.example.org', port: 25 });
    expect(connect.title).toBe('Connection timed out');
    expect(connect.meaning).toMatch(/port 25 is blocked/);
    const stalled = explainConnectionError({ code: 'ETIMEDOUT', command: 'RCPT TO' });
    expect(stalled.title).toBe('Server stopped answering');
    expect(explainConnectionError({ code: 'ETIMEDOUT', command: 'STARTTLS' }).title).toBe('TLS handshake timed out');
  });

  it.each([
    ['ECONNREFUSED', 'Connection refused'],
    ['ECONNRESET', 'Connection reset by the server'],
    ['ENOTFOUND', 'Host name not found'],
    ['EAI_AGAIN', 'DNS temporarily failed'],
    ['CERT_HAS_EXPIRED', 'Certificate expired'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'Self-signed certificate'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'Untrusted root in the chain'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'Incomplete certificate chain'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'Certificate name mismatch'],
    ['ENOAUTH', 'Authentication not possible'],
    ['EREQUIRETLS', 'REQUIRETLS not supported'],
    ['EPROTOCOL', 'Unexpected server response'],
    ['ETLS', 'STARTTLS failed'],
  ])('%s → %s', (code, title) => {
    const e = explainConnectionError({ code });
    expect(e.title).toBe(title);
    expect(e.fix).toBeTruthy();
    expect(e.category).toBe('connection');
  });

  it('explains the server reply when the error carries one (EAUTH with 535)', () => {
    const e = explainConnectionError({ code: 'EAUTH', response: '535 5.7.8 Authentication credentials invalid', responseCode: 535, command: 'AUTH PLAIN' });
    expect(e).toMatchObject({ code: 535, enhanced: '5.7.8', category: 'permanent', title: 'Authentication credentials invalid' });
  });

  it('reads the stage from the command for envelope errors', () => {
    const e = explainConnectionError({ code: 'EENVELOPE', response: '550 5.1.1 <x@example.org>: Recipient address rejected', responseCode: 550, command: 'RCPT TO' });
    expect(e.code).toBe(550);
    expect(e.title).toBe('Bad destination mailbox address');
  });

  it('adds "nothing is listening" for a refused loopback connection', () => {
    expect(explainConnectionError({ code: 'ECONNREFUSED' }, { host: '127.0.0.1', port: 2525 }).meaning).toMatch(/no server is running/);
  });

  it('degrades for unknown codes and says which code it was', () => {
    const e = explainConnectionError({ code: 'EWEIRD' }, { host: 'h', port: 1 });
    expect(e.title).toBe('Connection failed');
    expect(e.meaning).toContain('EWEIRD');
    expect(explainConnectionError({}).category).toBe('connection');
  });
});
