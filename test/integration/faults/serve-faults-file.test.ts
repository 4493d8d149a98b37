/**
 * `mailscope serve --faults FILE` (the built CLI, as CI runs it): the rules
 * in a short JSON file are in force before the JSON line is printed, so the
 * first message the app under test sends already meets them; a bad file is a
 * usage error (exit 2) naming the rule, and nothing starts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultSettings } from '../../../shared/model/faults';
import { assertBuilt, runCli, startServe } from '../../support/serve-process';
import type { ServeProcess } from '../../support/serve-process';
import { send } from './fault-harness';

let dir: string;
let serve: ServeProcess | null = null;

beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-faults-cli-'));
});

afterAll(async () => {
  await serve?.stop('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('serve --faults FILE', () => {
  it('applies the rules before the host reports ready (short form: defaults filled in)', async () => {
    const file = path.join(dir, 'faults.json');
    writeFileSync(file, JSON.stringify({ rules: [{ stage: 'rcpt', recipient: '*@gone.test', action: { kind: 'reply', code: 550, enhanced: '5.1.1', text: 'No such user here' } }] }));
    serve = await startServe(['--data', path.join(dir, 'ws'), '--smtp-port', '0', '--http-port', '0', '--faults', file]);
    const outcome = await send(serve.line.smtpPort, { to: ['lost@gone.test'] });
    expect(outcome).toMatchObject({ ok: false, responseCode: 550, command: 'RCPT TO' });
    const faults = await serve.api<FaultSettings>('GET', '/api/faults');
    expect(faults.rules).toHaveLength(1);
    expect(faults.rules[0]).toMatchObject({ enabled: true, sender: '', failFirst: 0, hits: 1 });
    expect(faults.rateLimit.enabled).toBe(false);
  });

  it('refuses a bad file with exit 2 and the problem, before starting', async () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ faults: { rules: [{ stage: 'mail', action: { kind: 'reply', code: 250, enhanced: '', text: 'ok' } }] } }));
    const result = await runCli(['serve', '--data', path.join(dir, 'ws2'), '--smtp-port', '0', '--http-port', '0', '--faults', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Rule 1: 250 is not a failure');
    expect(result.stdout).toBe('');

    const missing = await runCli(['serve', '--data', path.join(dir, 'ws3'), '--faults', path.join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
  });
});
