/**
 * Fault rules seen by clients Mailscope did not write — swaks and Python's
 * smtplib — and by a bare socket client that reads every reply byte for
 * byte: each sees the configured code at the right step (swaks reports the
 * failing step in its exit code: 21 banner, 23 MAIL, 24 RCPT, 25 DATA,
 * 26 after the data, 28 AUTH), and the drop closes the socket.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/core';
import type { FaultStage } from '../../../shared/model/faults';
import { RawSmtp } from '../../support/raw-smtp';
import { hasTool, runTool } from '../../support/run-tool';
import { PROJECT_ROOT } from '../../support/serve-process';
import { openCore, rule, settings } from './fault-harness';

const HAVE_SWAKS = hasTool('swaks', ['--version']);
const HAVE_PYTHON = hasTool('python3', ['--version']);
const PY_SENDER = path.join(PROJECT_ROOT, 'test', 'support', 'smtp_send.py');

let dir: string;
let core: Core;
let port: number;
let eml: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-faults-clients-'));
  ({ core, port } = await openCore(dir));
  eml = path.join(dir, 'message.eml');
  writeFileSync(eml, 'From: app@sender.test\r\nTo: user@rcpt.test\r\nSubject: fault client test\r\n\r\nhello\r\n');
});

afterAll(async () => {
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await core.setFaults({ faults: settings([]) });
});

async function only(stage: FaultStage, code: number, enhanced: string, text: string): Promise<void> {
  await core.setFaults({ faults: settings([rule({ stage, action: { kind: 'reply', code, enhanced, text } })]) });
}

describe.skipIf(!HAVE_SWAKS)('swaks', () => {
  const swaks = (extra: string[] = []) =>
    runTool('swaks', ['--server', `127.0.0.1:${port}`, '--from', 'app@sender.test', '--to', 'user@rcpt.test', '--helo', 'swaks.test', '--data', `@${eml}`, ...extra], { timeoutMs: 20_000 });

  it.each([
    { stage: 'connect' as const, code: 554, enhanced: '5.7.1', text: 'No SMTP service here', exit: 21 },
    { stage: 'mail' as const, code: 553, enhanced: '5.1.8', text: 'Sender domain does not exist', exit: 23 },
    { stage: 'rcpt' as const, code: 550, enhanced: '5.1.1', text: 'No such user here', exit: 24 },
    { stage: 'data' as const, code: 554, enhanced: '5.5.1', text: 'Transaction failed', exit: 25 },
    { stage: 'after-data' as const, code: 552, enhanced: '5.3.4', text: 'Message too big', exit: 26 },
  ])('$stage → $code: swaks exits $exit and prints the reply', async (c) => {
    await only(c.stage, c.code, c.enhanced, c.text);
    const result = await swaks();
    expect(result.code, result.stdout + result.stderr).toBe(c.exit);
    expect(result.stdout).toContain(`<** ${c.code} ${c.enhanced} ${c.text}`);
  });

  it('AUTH → 535: swaks exits 28', async () => {
    await only('auth', 535, '5.7.8', 'Authentication credentials invalid');
    const result = await swaks(['--auth', 'PLAIN', '--auth-user', 'qa', '--auth-password', 'not-a-real-secret']);
    expect(result.code, result.stdout).toBe(28);
    expect(result.stdout).toContain('<** 535 5.7.8 Authentication credentials invalid');
  });
});

describe.skipIf(!HAVE_PYTHON)("Python's smtplib", () => {
  const python = async () => {
    const result = await runTool('python3', [PY_SENDER, '--port', String(port), '--from', 'app@sender.test', '--to', 'user@rcpt.test', '--file', eml], { timeoutMs: 20_000 });
    return JSON.parse(result.stdout.trim()) as { ok: boolean; code: number; error: string; refused?: Record<string, unknown> };
  };

  it('sees 452 4.2.2 at RCPT as a refused recipient', async () => {
    await only('rcpt', 452, '4.2.2', 'Mailbox full');
    const outcome = await python();
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toContain('452');
    expect(outcome.error).toContain('4.2.2 Mailbox full');
  });

  it('sees 554 5.7.1 after DATA as SMTPDataError', async () => {
    await only('after-data', 554, '5.7.1', 'Message rejected as spam');
    const outcome = await python();
    expect(outcome).toMatchObject({ ok: false, code: 554, error: '5.7.1 Message rejected as spam' });
  });

  it('sees 421 at MAIL and the connection closing', async () => {
    await only('mail', 421, '4.7.0', 'Try again later');
    const outcome = await python();
    expect(outcome.ok).toBe(false);
    expect(outcome).toMatchObject({ ok: false, code: 421, error: '4.7.0 Try again later' });
  });
});

describe('a bare socket client', () => {
  it('EHLO refused with 550 is answered instead of 250; HELO too; then MAIL is refused for want of a greeting', async () => {
    await only('ehlo', 550, '5.7.1', 'Client host rejected');
    const { client, greeting } = await RawSmtp.open(port);
    expect(greeting.code).toBe(220);
    expect(await client.command('EHLO raw.test')).toEqual({ code: 550, text: '550 5.7.1 Client host rejected' });
    expect((await client.command('HELO raw.test')).code).toBe(550);
    expect((await client.command('MAIL FROM:<a@b.test>')).code).toBe(503);
    await client.quit();
  });

  it('DATA refused with 554 instead of 354; the session goes on (RSET, QUIT)', async () => {
    await only('data', 554, '5.5.1', 'No valid recipients');
    const { client } = await RawSmtp.open(port);
    await client.command('EHLO raw.test');
    await client.command('MAIL FROM:<a@b.test>');
    await client.command('RCPT TO:<c@d.test>');
    expect(await client.command('DATA')).toEqual({ code: 554, text: '554 5.5.1 No valid recipients' });
    expect((await client.command('RSET')).code).toBe(250);
    // DATA with no recipient is the client's mistake: smtp-server's own 503, the rule is not consulted.
    expect((await client.command('DATA')).code).toBe(503);
    expect((await core.getFaults({})).rules[0]!.hits).toBe(1);
    await client.quit();
  });

  it('421 at RCPT closes the connection after the reply', async () => {
    await only('rcpt', 421, '4.3.2', 'Shutting down');
    const { client } = await RawSmtp.open(port);
    await client.command('EHLO raw.test');
    await client.command('MAIL FROM:<a@b.test>');
    expect((await client.command('RCPT TO:<c@d.test>')).code).toBe(421);
    await expect(client.command('NOOP')).rejects.toThrow();
  });

  it('a drop at EHLO closes the socket without any reply', async () => {
    await core.setFaults({ faults: settings([rule({ stage: 'ehlo', action: { kind: 'drop' } })]) });
    const { client } = await RawSmtp.open(port);
    await expect(client.command('EHLO raw.test')).rejects.toThrow(/closed/);
  });
});
