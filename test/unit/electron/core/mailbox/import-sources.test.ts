import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readImportPaths, readUpload } from '../../../../../electron/core/mailbox/import-sources';
import type { MailboxItem } from '../../../../../electron/core/mailbox/mailbox-item';
import { MAIL_FIXTURES } from '../mime/fixtures';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-import-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function collect(items: AsyncIterable<MailboxItem>): Promise<MailboxItem[]> {
  const out: MailboxItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const fixture = (name: string): Buffer => readFileSync(path.join(MAIL_FIXTURES, name));
const rel = (items: MailboxItem[]): string[][] => items.map((i) => [i.kind, path.relative(dir, i.source)]);

describe('readImportPaths', () => {
  it('reads a Maildir: cur/ then new/, tmp/ skipped, the S flag as seen', async () => {
    const maildir = path.join(dir, 'Maildir');
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(maildir, sub), { recursive: true });
    writeFileSync(path.join(maildir, 'cur', '1715671800.M1P1.host:2,S'), fixture('plain-text.eml'));
    writeFileSync(path.join(maildir, 'cur', '1715671900.M2P1.host:2,FR'), fixture('html-alternative.eml'));
    writeFileSync(path.join(maildir, 'new', '1715672000.M3P1.host'), fixture('bare-lf-minimal.eml'));
    writeFileSync(path.join(maildir, 'tmp', '1715672100.M4P1.host'), 'half delivered');
    const items = await collect(readImportPaths([maildir]));
    expect(rel(items)).toEqual([
      ['message', 'Maildir/cur/1715671800.M1P1.host:2,S'],
      ['message', 'Maildir/cur/1715671900.M2P1.host:2,FR'],
      ['message', 'Maildir/new/1715672000.M3P1.host'],
    ]);
    expect(items.map((i) => (i.kind === 'message' ? i.seen : null))).toEqual([true, false, false]);
    expect(items[0]?.kind === 'message' && Buffer.from(items[0].raw).equals(fixture('plain-text.eml'))).toBe(true);
  });

  it('reads a folder of .eml files in name order, byte for byte, and sniffs an mbox named .eml', async () => {
    copyFileSync(path.join(MAIL_FIXTURES, 'plain-text.eml'), path.join(dir, 'b.eml'));
    copyFileSync(path.join(MAIL_FIXTURES, 'attachments.eml'), path.join(dir, 'a.EML'));
    copyFileSync(path.join(MAIL_FIXTURES, 'mailbox', 'sample.mbox'), path.join(dir, 'c.eml'));
    writeFileSync(path.join(dir, 'notes.txt'), 'ignored');
    const items = await collect(readImportPaths([dir]));
    expect(rel(items)).toEqual([
      ['message', 'a.EML'],
      ['message', 'b.eml'],
      ['message', 'c.eml#1'],
      ['message', 'c.eml#2'],
      ['message', 'c.eml#3'],
    ]);
    expect(items[1]?.kind === 'message' && Buffer.from(items[1].raw).equals(fixture('plain-text.eml'))).toBe(true);
  });

  it('reports every unreadable path and goes on', async () => {
    writeFileSync(path.join(dir, 'empty.eml'), '');
    mkdirSync(path.join(dir, 'nothing-here'));
    writeFileSync(path.join(dir, 'big.eml'), Buffer.alloc(2048, 0x61));
    const ok = path.join(dir, 'ok.eml');
    writeFileSync(ok, fixture('plain-text.eml'));
    const paths = [path.join(dir, 'missing.eml'), path.join(dir, 'empty.eml'), path.join(dir, 'nothing-here'), path.join(dir, 'big.eml'), ok];
    const items = await collect(readImportPaths(paths, { maxMessageBytes: 1024 }));
    expect(items).toEqual([
      { kind: 'error', source: paths[0], error: 'No such file or folder.' },
      { kind: 'error', source: paths[1], error: 'The file is empty.' },
      { kind: 'error', source: paths[2], error: 'This folder holds no .eml files and is not a Maildir (no cur/ or new/ inside).' },
      { kind: 'error', source: paths[3], error: 'The message is larger than 1024 bytes and was skipped.' },
      expect.objectContaining({ kind: 'message', source: ok }),
    ]);
  });

  it('streams an mbox file from disk', async () => {
    const items = await collect(readImportPaths([path.join(MAIL_FIXTURES, 'mailbox', 'sample.mbox')]));
    expect(items.map((i) => i.kind)).toEqual(['message', 'message', 'message']);
  });
});

describe('readUpload', () => {
  it('takes uploaded bytes as one message, or as an mbox when they start with From_', async () => {
    const eml = new Uint8Array(fixture('plain-text.eml'));
    expect(await collect(readUpload('x.eml', eml))).toEqual([{ kind: 'message', source: 'x.eml', raw: eml }]);
    const mbox = await collect(readUpload('inbox', new Uint8Array(fixture('mailbox/sample.mbox'))));
    expect(mbox.map((i) => i.source)).toEqual(['inbox#1', 'inbox#2', 'inbox#3']);
    expect(await collect(readUpload('e', new Uint8Array(0)))).toEqual([{ kind: 'error', source: 'e', error: 'The file is empty.' }]);
  });

  it('refuses the wrong file instead of storing it as a message of junk', async () => {
    const wrong: [string, Uint8Array, string][] = [
      ['logo.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), '·PNG'],
      ['report.pdf', new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj'), '%PDF-1.7'],
      ['body.json', new TextEncoder().encode('{"name":"x","limit":10}'), '{"name":"x","limit":10}'],
      ['empty-object', new TextEncoder().encode('{}'), '{}'],
      ['notes.txt', new TextEncoder().encode('hello world\r\nFrom: not at the start\r\n'), 'hello world'],
      ['blank-first.eml', new TextEncoder().encode('\r\nFrom: a@example.test\r\n\r\nbody'), 'a blank line'],
      ['outlook.msg', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), '········'],
    ];
    for (const [name, bytes, shown] of wrong) {
      const [item, ...rest] = await collect(readUpload(name, bytes));
      expect(rest).toEqual([]);
      expect(item).toEqual({ kind: 'error', source: name, error: expect.stringContaining('Not an email message') });
      expect(item?.kind === 'error' && item.error).toContain(shown === 'a blank line' ? 'this starts with a blank line.' : `this starts with "${shown}".`);
    }
    const right = [
      'Received: from mx.example.test by inbound.example.test; Mon, 1 Jan 2024 00:00:00 +0000\r\nFrom: a@example.test\r\n\r\nhi',
      'Return-Path: <a@example.test>\nSubject: bare LF\n\nhi',
      '\ufeffFrom: bom@example.test\r\n\r\nsaved by an editor with a byte-order mark',
      'Subject : obsolete blank before the colon\r\n\r\nhi',
      'X-Spam_score: 1.2\r\nDKIM-Signature: v=1\r\n\r\nhi',
    ];
    for (const text of right) {
      const bytes = new TextEncoder().encode(text);
      expect(await collect(readUpload('ok.eml', bytes))).toEqual([{ kind: 'message', source: 'ok.eml', raw: bytes }]);
    }
  });

  it('reports a wrong file in a folder or a Maildir and still imports the rest', async () => {
    writeFileSync(path.join(dir, 'a.eml'), fixture('plain-text.eml'));
    writeFileSync(path.join(dir, 'b.eml'), '<html><body>saved page</body></html>');
    const maildir = path.join(dir, 'Maildir');
    mkdirSync(path.join(maildir, 'cur'), { recursive: true });
    writeFileSync(path.join(maildir, 'cur', '1.host:2,S'), 'PK\u0003\u0004 a zip');
    writeFileSync(path.join(maildir, 'cur', '2.host:2,'), fixture('html-alternative.eml'));
    const items = await collect(readImportPaths([dir, maildir, path.join(dir, 'b.eml')]));
    expect(rel(items)).toEqual([
      ['message', 'a.eml'],
      ['error', 'b.eml'],
      ['error', 'Maildir/cur/1.host:2,S'],
      ['message', 'Maildir/cur/2.host:2,'],
      ['error', 'b.eml'],
    ]);
    expect(items[1]).toMatchObject({ error: expect.stringContaining('this starts with "<html><body>saved page</"') });
  });
});
