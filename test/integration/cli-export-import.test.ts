/**
 * `mailscope export` and `mailscope import` (the built CLI): messages
 * captured by a real serve come out as byte-exact NNNNNN.eml files plus an
 * index.json of summaries and envelopes, and go back in (as .eml files, an
 * mbox and a Maildir) into another workspace unchanged.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope, MessageSummary } from '../support/api-types';
import { runCli, startServe } from '../support/serve-process';

let dir: string;
const sent: Buffer[] = [
  Buffer.from('From: a@example.test\r\nTo: b@example.test\r\nSubject: first\r\nMessage-ID: <1@example.test>\r\n\r\nOne.\r\n'),
  Buffer.concat([Buffer.from('From: a@example.test\r\nTo: b@example.test\r\nSubject: second 8-bit\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'), Buffer.from('Grüße ✓\r\nFrom the start of a line\r\n.dot\r\n', 'utf8')]),
  Buffer.from('From: c@example.test\r\nTo: d@example.test\r\nSubject: third\r\n\r\nThree.\r\n'),
];

interface IndexEntry {
  file: string;
  id: number;
  summary: MessageSummary;
  envelope: Envelope | null;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-cli-'));
  const serve = await startServe(['--data', path.join(dir, 'captured'), '--smtp-port', '0', '--http-port', '0']);
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: serve.line.smtpPort, ignoreTLS: true });
  for (const [i, raw] of sent.entries()) {
    await transport.sendMail({ envelope: { from: 'env-sender@example.test', to: [`rcpt${i}@example.test`, 'bcc@example.test'] }, raw });
  }
  transport.close();
  expect(await serve.stop('SIGTERM')).toEqual({ code: 0, signal: null });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function readIndex(out: string): IndexEntry[] {
  return JSON.parse(readFileSync(path.join(out, 'index.json'), 'utf8')) as IndexEntry[];
}

describe('mailscope export / import', () => {
  it('export writes every message byte-exact as NNNNNN.eml, oldest first, plus index.json', async () => {
    const out = path.join(dir, 'out');
    const result = await runCli(['export', '--data', path.join(dir, 'captured'), '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`Exported 3 messages to ${out}\n`);
    expect(readdirSync(out).sort()).toEqual(['000001.eml', '000002.eml', '000003.eml', 'index.json']);
    sent.forEach((raw, i) => expect(readFileSync(path.join(out, `00000${i + 1}.eml`)).equals(raw)).toBe(true));
    const index = readIndex(out);
    expect(index.map((e) => [e.file, e.id, e.summary.subject])).toEqual([
      ['000001.eml', 1, 'first'],
      ['000002.eml', 2, 'second 8-bit'],
      ['000003.eml', 3, 'third'],
    ]);
    expect(index[1]!.envelope).toEqual({
      mailFrom: 'env-sender@example.test',
      mailFromParams: expect.any(Object),
      rcptTo: [
        { address: 'rcpt1@example.test', params: {} },
        { address: 'bcc@example.test', params: {} },
      ],
    });
    expect(index[0]!.summary).toMatchObject({ source: 'smtp', size: sent[0]!.length, rcptTo: ['rcpt0@example.test', 'bcc@example.test'] });
  });

  it('import takes the exported .eml files back byte-for-byte', async () => {
    const out = path.join(dir, 'out');
    const again = path.join(dir, 'reimported');
    const files = sent.map((_, i) => path.join(out, `00000${i + 1}.eml`));
    const imported = await runCli(['import', '--data', again, ...files]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toBe(`Imported 3 messages into ${again}\n`);
    const out2 = path.join(dir, 'out2');
    expect((await runCli(['export', '--data', again, '--out', out2])).code).toBe(0);
    sent.forEach((raw, i) => expect(readFileSync(path.join(out2, `00000${i + 1}.eml`)).equals(raw)).toBe(true));
    expect(readIndex(out2).every((e) => e.summary.source === 'import')).toBe(true);
  });

  it('import reads an mbox file and a Maildir folder', async () => {
    const mbox = path.join(dir, 'two.mbox');
    writeFileSync(
      mbox,
      'From alice@example.test Thu Jan  1 00:00:00 2026\nFrom: alice@example.test\nSubject: mbox one\n\nHello\n>From here, a quoted line\n\nFrom bob@example.test Thu Jan  1 00:00:01 2026\nFrom: bob@example.test\nSubject: mbox two\n\nBye\n',
    );
    const maildir = path.join(dir, 'Maildir');
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(maildir, sub), { recursive: true });
    writeFileSync(path.join(maildir, 'new', '1700000000.1.host'), 'From: m@example.test\r\nSubject: maildir new\r\n\r\nx\r\n');
    writeFileSync(path.join(maildir, 'cur', '1700000001.2.host:2,S'), 'From: m@example.test\r\nSubject: maildir cur\r\n\r\ny\r\n');
    const target = path.join(dir, 'mixed');
    const result = await runCli(['import', '--data', target, mbox, maildir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`Imported 4 messages into ${target}\n`);
    const out = path.join(dir, 'out-mixed');
    expect((await runCli(['export', '--data', target, '--out', out])).code).toBe(0);
    expect(readIndex(out).map((e) => e.summary.subject).sort()).toEqual(['maildir cur', 'maildir new', 'mbox one', 'mbox two']);
  });

  it('reports what it could not import (exit 1) and refuses to export a workspace that does not exist', async () => {
    const missing = path.join(dir, 'no-such-file.eml');
    const result = await runCli(['import', '--data', path.join(dir, 'errors'), missing]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(missing);
    const nowhere = path.join(dir, 'nowhere');
    const exported = await runCli(['export', '--data', nowhere, '--out', path.join(dir, 'x')]);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain(`There is no Mailscope workspace at ${nowhere}`);
  });
});
