/**
 * Shared pieces of the fault-injection integration tests: a real core
 * (createCore: store, capture server on a free loopback port) in a fresh
 * workspace, and a nodemailer send that returns the client-side outcome —
 * delivered, or the error nodemailer raised (code, responseCode, command) —
 * instead of throwing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createCore } from '../../../electron/core/create-core';
import type { Core } from '../../../electron/core/core';
import type { FaultRule, FaultSettings } from '../../../shared/model/faults';
import { DEFAULT_RATE_LIMIT } from '../../../shared/faults/fault-rules';
import type { SmtpSession, TranscriptEntry } from '../../../shared/model/session';

export async function openCore(dir: string): Promise<{ core: Core; port: number }> {
  const core = await createCore({ dataDir: path.join(dir, 'ws'), version: '0.0.0-test', captureOverrides: { port: 0 } });
  const status = await core.getStatus({});
  if (!status.capture.running) throw new Error(`capture did not start: ${status.capture.error}`);
  return { core, port: status.capture.port };
}

/**
 * One core for a whole test file in a fresh workspace (`prefix` names the
 * temporary folder), handed to `opened`; before each test its fault rules are
 * cleared and its messages removed; closed and deleted after the file.
 */
export function useFaultCore(prefix: string, opened: (value: { core: Core; port: number }) => void): void {
  let dir = '';
  let core: Core | null = null;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), prefix));
    const value = await openCore(dir);
    core = value.core;
    opened(value);
  });
  afterAll(async () => {
    await core?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await core?.setFaults({ faults: settings([]) });
    await core?.clearMessages({});
  });
}

/** A rule with defaults for what a test does not care about. */
export function rule(partial: Partial<FaultRule> & Pick<FaultRule, 'stage' | 'action'>): FaultRule {
  return { id: '', enabled: true, sender: '', recipient: '', failFirst: 0, hits: 0, ...partial };
}

export function settings(rules: FaultRule[], rateLimit: Partial<FaultSettings['rateLimit']> = {}): FaultSettings {
  return { rules, rateLimit: { ...DEFAULT_RATE_LIMIT, ...rateLimit } };
}

/** What nodemailer reported. */
export interface SendOutcome {
  ok: boolean;
  /** Accepted / rejected recipients when delivered. */
  accepted: string[];
  rejected: string[];
  /** nodemailer's error fields when it failed. */
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
  message?: string;
  /** Wall time of the whole send, ms. */
  ms: number;
}

export interface SendOptions {
  from?: string;
  to?: string[];
  subject?: string;
  auth?: { user: string; pass: string };
  /** nodemailer's greeting timeout (default 10 s). */
  greetingTimeout?: number;
}

export async function send(port: number, options: SendOptions = {}): Promise<SendOutcome> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    ignoreTLS: true,
    connectionTimeout: 10_000,
    greetingTimeout: options.greetingTimeout ?? 10_000,
    socketTimeout: 20_000,
    ...(options.auth ? { auth: options.auth } : {}),
  });
  const started = performance.now();
  try {
    const info = await transport.sendMail({
      from: options.from ?? 'app@sender.test',
      to: options.to ?? ['user@rcpt.test'],
      subject: options.subject ?? 'fault test',
      text: 'hello',
    });
    return { ok: true, accepted: info.accepted.map(String), rejected: info.rejected.map(String), ms: performance.now() - started };
  } catch (error) {
    const e = error as { code?: string; responseCode?: number; command?: string; response?: string; message?: string };
    return { ok: false, accepted: [], rejected: [], code: e.code, responseCode: e.responseCode, command: e.command, response: e.response, message: e.message, ms: performance.now() - started };
  } finally {
    transport.close();
  }
}

/**
 * The first closed session that started at or after `since` (ms since the
 * epoch, taken before the send), with its transcript. Session rows are
 * written when a connection closes, so counting rows before a send is not
 * enough: a previous test's connection may still be closing.
 */
export async function sessionSince(core: Core, since: number, ms = 5000): Promise<SmtpSession> {
  const until = Date.now() + ms;
  for (;;) {
    const list = await core.listSessions({ limit: 100 });
    const found = list.items.filter((s) => s.endedAt !== null && s.startedAt >= since).sort((a, b) => a.startedAt - b.startedAt)[0];
    if (found) return core.getSession({ id: found.id });
    if (Date.now() > until) throw new Error(`no session closed since ${new Date(since).toISOString()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Every closed session that started at or after `since`, oldest first. */
export async function sessionsSince(core: Core, since: number, count: number, ms = 5000): Promise<SmtpSession[]> {
  const until = Date.now() + ms;
  for (;;) {
    const list = await core.listSessions({ limit: 100 });
    const found = list.items.filter((s) => s.endedAt !== null && s.startedAt >= since).sort((a, b) => a.startedAt - b.startedAt);
    if (found.length >= count || Date.now() > until) return Promise.all(found.map((s) => core.getSession({ id: s.id })));
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The transcript as `kind text` lines, for readable assertions. */
export function lines(transcript: TranscriptEntry[]): string[] {
  return transcript.map((e) => `${e.kind} ${e.text}`);
}
