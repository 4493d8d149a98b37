/**
 * Analyze on a captured message, through the real core: a real SMTP client
 * delivers to the capture server with an envelope sender different from the
 * From header and no Return-Path; the analysis must take RFC5321.MailFrom
 * from the stored envelope and say so in the alignment table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createCore } from '../../../../electron/core/create-core';
import type { Core } from '../../../../electron/core/core';

let dir: string;
let core: Core | null;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-analyze-captured-'));
  core = null;
});

afterEach(async () => {
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('uses the captured MAIL FROM as RFC5321.MailFrom when there is no Return-Path', async () => {
  core = await createCore({ dataDir: path.join(dir, 'ws'), version: '9.9.9', captureOverrides: { port: 0 } });
  const { port } = (await core.getStatus({})).capture;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope: { from: 'bounces+123@esp.example', to: ['b@example.test'] }, from: 'news@brand.example', to: 'b@example.test', subject: 'envelope', text: 'hi' });
  } finally {
    transport.close();
  }
  await core.idle();
  const id = (await core.listMessages({})).items[0]!.id;

  const report = await core.analyzeMessage({ id, options: { offline: true } });
  expect(report.input).toMatchObject({ capturedMessageId: id, returnPath: null });
  const mailFrom = report.alignment.rows.find((r) => r.identifier === 'mailfrom');
  expect(mailFrom).toMatchObject({ domain: 'esp.example', source: 'SMTP envelope as captured (MAIL FROM:<bounces+123@esp.example>)', relaxed: false });
  expect(report.alignment.fromDomain).toBe('brand.example');
});
