/**
 * The other built entry points: dist/host/desktop.js (what `npm start` runs)
 * and dist/host/utility.js (the Electron utility process). Without Electron
 * here, the utility entry is run by plain Node, where it reports on stdout
 * what it would post to the shell; desktop.js is run with and without an
 * Electron binary (a stand-in script named by ELECTRON_OVERRIDE_DIST_PATH,
 * the variable the electron package itself honours).
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawRequest, bearer } from '../support/raw-http';
import { PROJECT_ROOT } from '../support/serve-process';

const DESKTOP = path.join(PROJECT_ROOT, 'dist', 'host', 'desktop.js');
const UTILITY = path.join(PROJECT_ROOT, 'dist', 'host', 'utility.js');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-entries-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file, ...args], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      setImmediate(() => resolve({ code, stdout, stderr }));
    });
  });
}

describe('npm start (dist/host/desktop.js)', () => {
  it('without an Electron binary: one clear message pointing to npm run serve, exit 1, no stack trace', async () => {
    const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'no-electron-here') };
    const result = await run(DESKTOP, [], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('The Electron binary is not installed on this machine (it could not be downloaded). Run `npm run serve` to use Mailscope in your browser.\n');
  });

  it.skipIf(process.platform === 'win32')('with a binary: starts it on the project directory with our arguments and passes its exit code on', async () => {
    const fake = path.join(dir, 'electron');
    writeFileSync(fake, `#!/bin/sh\nprintf '%s\\n' "$@" > "${path.join(dir, 'args.txt')}"\nexit 3\n`);
    chmodSync(fake, 0o755);
    const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dir, ELECTRON_RUN_AS_NODE: '1' };
    const result = await run(DESKTOP, ['--data', '/some/where'], env);
    expect(result.code).toBe(3);
    expect(readFileSync(path.join(dir, 'args.txt'), 'utf8').split('\n').filter(Boolean)).toEqual([PROJECT_ROOT, '--data', '/some/where']);
  });
});

describe('Electron utility entry (dist/host/utility.js)', () => {
  it('starts the host with the shell’s flags, reports {type:"ready", url, smtpPort}, stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [UTILITY, '--data', path.join(dir, 'ws'), '--smtp-port', '0', '--http-port', '0'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const ready = await new Promise<{ type: string; url: string; smtpPort: number }>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('utility entry did not report ready')), 30_000);
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (!out.includes('\n')) return;
        clearTimeout(timer);
        resolve(JSON.parse(out.split('\n')[0] as string));
      });
    });
    expect(ready.type).toBe('ready');
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{43}$/);
    expect(ready.smtpPort).toBeGreaterThan(0);
    const url = new URL(ready.url);
    const token = new URLSearchParams(url.hash.slice(1)).get('token') as string;
    const status = await rawRequest(Number(url.port), { path: '/api/status', headers: bearer(token) });
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({ dataDir: path.join(dir, 'ws'), capture: { running: true, port: ready.smtpPort } });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
