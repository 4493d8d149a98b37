/**
 * Fault rules on encrypted connections: the per-connection EHLO/DATA
 * wrappers survive the STARTTLS upgrade (same connection object, new
 * socket), and connect-stage rules act on the implicit-TLS port too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/core';
import { openCore, rule, settings } from './fault-harness';

let dir: string;
let core: Core;
let port: number;
let tlsPort: number;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-faults-tls-'));
  ({ core, port } = await openCore(dir));
  const result = await core.updateSettings({ settings: { tlsPort: 0 } });
  tlsPort = result.status.tlsPort as number;
  port = result.status.port;
});

afterAll(async () => {
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function sendTls(options: { implicit: boolean }): Promise<{ responseCode?: number; command?: string; response?: string }> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: options.implicit ? tlsPort : port,
    secure: options.implicit,
    requireTLS: !options.implicit,
    tls: { rejectUnauthorized: false },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
  });
  try {
    await transport.sendMail({ from: 'a@sender.test', to: 'b@rcpt.test', subject: 'tls', text: 'x' });
    return {};
  } catch (error) {
    return error as { responseCode?: number; command?: string; response?: string };
  } finally {
    transport.close();
  }
}

describe('fault rules over TLS', () => {
  it('refuses the DATA command after STARTTLS', async () => {
    await core.setFaults({ faults: settings([rule({ stage: 'data', action: { kind: 'reply', code: 554, enhanced: '5.7.0', text: 'Refused after TLS' } })]) });
    expect(await sendTls({ implicit: false })).toMatchObject({ responseCode: 554, command: 'DATA' });
    // Both EHLOs of a STARTTLS session (before and after the upgrade) go through the wrapper.
    await core.setFaults({ faults: settings([rule({ stage: 'ehlo', action: { kind: 'delay', ms: 10 } })]) });
    expect(await sendTls({ implicit: false })).toEqual({});
    expect((await core.getFaults({})).rules[0]!.hits).toBe(2);
  });

  it('answers a connect-stage rule on the implicit-TLS port, over TLS', async () => {
    await core.setFaults({ faults: settings([rule({ stage: 'connect', action: { kind: 'reply', code: 554, enhanced: '5.3.2', text: 'Not accepting mail' } })]) });
    const outcome = await sendTls({ implicit: true });
    expect(outcome.responseCode).toBe(554);
    expect(outcome.response).toContain('554 5.3.2 Not accepting mail');
  });
});
