import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MailboxItem, MailboxMessage } from '../../../../../electron/core/mailbox/mailbox-item';
import { parseFromLine, readMbox } from '../../../../../electron/core/mailbox/mbox-reader';
import { buildMbox, fromLineText, mboxMessage } from '../../../../../electron/core/mailbox/mbox-writer';
import { MAIL_FIXTURES } from '../mime/fixtures';

const SAMPLE = path.join(MAIL_FIXTURES, 'mailbox', 'sample.mbox');
const text = (raw: Uint8Array): string => Buffer.from(raw).toString('latin1');

async function collect(items: AsyncIterable<MailboxItem>): Promise<MailboxItem[]> {
  const out: MailboxItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const messages = (items: MailboxItem[]): MailboxMessage[] => items.filter((i): i is MailboxMessage => i.kind === 'message');

const FIRST = [
  'From: Alice <alice@example.com>',
  'To: bob@example.org',
  'Subject: first',
  'Date: Tue, 14 May 2024 09:30:00 +0000',
  '',
  'Hello Bob.',
  'From the mboxrd escaping: this line began with "From ".',
  '>From two levels: this line began with ">From ".',
  '',
].join('\n');

describe('readMbox', () => {
  it('splits messages, unescapes >From lines and reads the From_ envelope line', async () => {
    // 7-byte chunks: every line and every From_ line straddles chunk boundaries.
    const items = await collect(readMbox(createReadStream(SAMPLE, { highWaterMark: 7 }), 'sample.mbox'));
    expect(items.map((i) => [i.kind, i.source])).toEqual([
      ['message', 'sample.mbox#1'],
      ['message', 'sample.mbox#2'],
      ['message', 'sample.mbox#3'],
    ]);
    const [first, second, third] = messages(items);
    expect(text(first!.raw)).toBe(FIRST);
    expect(first!.fromLine).toEqual({ sender: 'alice@example.com', date: Date.UTC(2024, 4, 14, 9, 30, 0) });
    expect(text(second!.raw)).toContain('Body line\nFrom here on: starts with "From " but follows a non-blank line, so it stays.\n');
    expect(text(second!.raw).endsWith('stays.\n')).toBe(true); // the separator is not content
    expect(second!.fromLine).toEqual({ sender: '', date: Date.UTC(2024, 4, 15, 8, 0, 0) });
    expect(third!.fromLine?.date).toBe(Date.UTC(2024, 4, 2, 11, 0, 0));
    expect(text(third!.raw).endsWith('\n\nlast line\n')).toBe(true);
  });

  it('keeps CRLF line endings as they are in the file', async () => {
    const crlf = Buffer.from(readFileSync(SAMPLE, 'latin1').replace(/\n/g, '\r\n'), 'latin1');
    const [first] = messages(await collect(readMbox([crlf.subarray(0, 100), crlf.subarray(100)], 'crlf.mbox')));
    expect(text(first!.raw)).toBe(FIRST.replace(/\n/g, '\r\n'));
  });

  it('starts a message at a strict From_ line even without a blank line before it', async () => {
    const mbox = Buffer.from('From a@x Mon Jan  1 00:00:00 2024\nSubject: a\n\nbody a\nFrom b@x Tue Jan  2 10:00:00 2024\nSubject: b\n\nbody b\n');
    const found = messages(await collect(readMbox([mbox], 'm')));
    expect(found.map((m) => text(m.raw))).toEqual(['Subject: a\n\nbody a\n', 'Subject: b\n\nbody b\n']);
  });

  it('reports a file that is not an mbox, and an empty one', async () => {
    expect(await collect(readMbox([Buffer.from('Subject: hi\n\nbody\n')], 'x.txt'))).toEqual([
      { kind: 'error', source: 'x.txt', error: 'This is not an mbox file: it does not start with a "From " line.' },
    ]);
    expect(await collect(readMbox([Buffer.alloc(0)], 'empty.mbox'))).toEqual([{ kind: 'error', source: 'empty.mbox', error: 'This file is empty: no messages found.' }]);
  });

  it('skips an oversized message with an error and goes on', async () => {
    const big = 'x'.repeat(2000);
    const mbox = Buffer.from(`From a@x Mon Jan  1 00:00:00 2024\nSubject: small\n\nok\n\nFrom b@x Mon Jan  1 00:00:00 2024\nSubject: big\n\n${big}\n\nFrom c@x Mon Jan  1 00:00:00 2024\nSubject: after\n\nok\n`);
    const items = await collect(readMbox([mbox], 'm.mbox', { maxMessageBytes: 1000 }));
    expect(items.map((i) => [i.kind, i.source])).toEqual([
      ['message', 'm.mbox#1'],
      ['error', 'm.mbox#2'],
      ['message', 'm.mbox#3'],
    ]);
    expect(items[1]).toMatchObject({ error: 'This message is larger than 1000 bytes and was skipped.' });
  });

  it('reports a read failure mid-file with the message it stopped at', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('From a@x Mon Jan  1 00:00:00 2024\nSubject: a\n\nbody\n\nFrom b@x Mon Jan  1 00:00:00 2024\nSub');
      throw new Error('disk went away');
    }
    const items = await collect(readMbox(failing(), 'f.mbox'));
    expect(items).toEqual([
      expect.objectContaining({ kind: 'message', source: 'f.mbox#1' }),
      { kind: 'error', source: 'f.mbox#2', error: 'Reading stopped: disk went away' },
    ]);
  });
});

describe('mbox writer', () => {
  it('writes a From_ line with envelope sender and UTC asctime date', () => {
    expect(fromLineText('bounces@esp.example', Date.UTC(2024, 0, 3, 4, 5, 6))).toBe('From bounces@esp.example Wed Jan  3 04:05:06 2024');
    expect(fromLineText('', Date.UTC(2024, 10, 25, 18, 44, 45))).toBe('From MAILER-DAEMON Mon Nov 25 18:44:45 2024');
    expect(parseFromLine(Buffer.from(`${fromLineText('a@b', Date.UTC(2024, 1, 29, 23, 59, 59))}\n`))).toEqual({ sender: 'a@b', date: Date.UTC(2024, 1, 29, 23, 59, 59) });
  });

  it('escapes From lines the mboxrd way', () => {
    const out = text(mboxMessage({ raw: Buffer.from('Subject: x\n\nFrom here\n>From there\nok From\n'), sender: 'a@b', date: 0 }));
    expect(out).toBe('From a@b Thu Jan  1 00:00:00 1970\nSubject: x\n\n>From here\n>>From there\nok From\n\n');
  });

  it('round-trips messages byte for byte through an mbox', async () => {
    const raws = [
      'Subject: lf\n\nFrom the start\n>From quoted\n>>>From deep\n\n\nblank lines above\n',
      'Subject: crlf\r\n\r\nFrom crlf body\r\n>From x\r\n',
      'From: header looks like From_\n\nbody\n',
      'Subject: empty body\n\n',
    ].map((s) => Buffer.from(s, 'latin1'));
    const mbox = buildMbox(raws.map((raw, i) => ({ raw, sender: `s${i}@example.com`, date: Date.UTC(2024, 0, i + 1) })));
    const back = messages(await collect(readMbox([mbox], 'rt.mbox')));
    expect(back.map((m) => text(m.raw))).toEqual(raws.map((r) => text(r)));
    expect(back.map((m) => m.fromLine?.sender)).toEqual(['s0@example.com', 's1@example.com', 's2@example.com', 's3@example.com']);
  });

  it('adds the one line break mbox cannot do without', async () => {
    const mbox = buildMbox([{ raw: Buffer.from('Subject: x\n\nno newline at end'), date: 0 }]);
    const [back] = messages(await collect(readMbox([mbox], 'n.mbox')));
    expect(text(back!.raw)).toBe('Subject: x\n\nno newline at end\n');
  });
});
