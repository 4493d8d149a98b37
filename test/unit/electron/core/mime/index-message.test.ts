import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { indexMessage, indexPlainText, MAX_INDEXED_TEXT, summarizeHeaders } from '../../../../../electron/core/mime/index-message';
import { crlf, fixture } from './fixtures';

describe('indexMessage', () => {
  it('reads the summary of a plain message', async () => {
    expect(await indexMessage(fixture('plain-text.eml'))).toEqual({
      from: [{ name: 'Shop Billing', address: 'billing@shop.example' }],
      to: [{ name: 'Bob Builder', address: 'bob@example.org' }],
      cc: [],
      subject: 'Your invoice #4411',
      date: Date.UTC(2024, 4, 14, 7, 30, 0), // +0200, with a "(CEST)" comment
      messageId: '4411.1715671800@shop.example',
      attachmentCount: 0,
      snippet: 'Hello Bob, your invoice #4411 over 42.00 EUR is ready. -- Shop Billing',
      bodyText: 'Hello Bob,\n\nyour invoice #4411 over 42.00 EUR is ready.\n\n-- \nShop Billing\n',
      attachmentNames: [],
    });
  });

  it('decodes encoded words, folded and multiple addresses, and quoted-printable text', async () => {
    const index = await indexMessage(fixture('html-alternative.eml'));
    expect(index.from).toEqual([{ name: 'Ana Müller', address: 'ana@example.com' }]);
    expect(index.to).toEqual([
      { name: '', address: 'team@example.com' },
      { name: 'Carol Q.', address: 'carol@example.net' },
    ]);
    expect(index.cc).toEqual([{ name: 'Daniél', address: 'daniel@example.net' }]);
    expect(index.subject).toBe('Weekly report: café numbers ☕');
    expect(index.bodyText).toContain('Café sales went up this week ☕.');
    expect(index.bodyText).toContain('soft-wrapped by quoted-printable so that it stays under seventy-six');
  });

  it('counts named attachments and indexes their RFC 2231 file names', async () => {
    const index = await indexMessage(fixture('attachments.eml'));
    // The inline logo has no file name: not counted, as the summary promises.
    expect(index.attachmentCount).toBe(1);
    expect(index.attachmentNames).toEqual(['Rechnung März 2024.pdf']);
    expect(index.snippet).toBe('Logo:'); // text made from the HTML part
  });

  it('gives null, not "now", for a missing or unreadable Date', async () => {
    expect((await indexMessage(fixture('bare-lf-minimal.eml'))).date).toBeNull();
    expect((await indexMessage(crlf('Date: the day after tomorrow', 'Subject: x', '', 'b'))).date).toBeNull();
  });

  it('reads 8-bit header bytes that are not UTF-8 as Windows-1252', async () => {
    expect((await indexMessage(fixture('broken-mime.eml'))).subject).toBe('Café broken');
  });

  it('never throws on garbage', async () => {
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
    const index = await indexMessage(garbage);
    expect(index.from).toEqual([]);
    expect(index.subject).toBe('');
    expect(await indexMessage(new Uint8Array(0))).toMatchObject({ subject: '', from: [], date: null, messageId: '' });
  });

  it('falls back to the header block when mailparser gives up', async () => {
    // mailparser refuses a part header over its 1 MB limit; our header reader does not.
    const huge = crlf('From: Big <big@example.com>', 'Subject: =?UTF-8?Q?gro=C3=9F?=', `X-Filler: ${'a'.repeat(1_100_000)}`, '', 'body');
    const index = await indexMessage(huge);
    expect(index.from).toEqual([{ name: 'Big', address: 'big@example.com' }]);
    expect(index.subject).toBe('groß');
  });

  it('caps the indexed text', async () => {
    const long = crlf('Subject: long', '', 'word '.repeat(40_000));
    const index = await indexMessage(long);
    expect(index.bodyText.length).toBe(MAX_INDEXED_TEXT);
    expect(index.snippet.length).toBeLessThanOrEqual(200);
  });
});

describe('summarizeHeaders', () => {
  const SUMMARY_KEYS = ['from', 'to', 'cc', 'subject', 'date', 'messageId'] as const;

  it('gives the same summary fields as the full parse, from the header block alone', async () => {
    const names = readdirSync(new URL('../../../../fixtures/mail/', import.meta.url)).filter((n) => n.endsWith('.eml'));
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) {
      const raw = fixture(name);
      const full = await indexMessage(raw);
      const expected = Object.fromEntries(SUMMARY_KEYS.map((k) => [k, full[k]]));
      expect(summarizeHeaders(raw), name).toEqual(expected);
    }
  });

  it('never throws: garbage and an empty message give empty fields', () => {
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
    expect(summarizeHeaders(garbage)).toMatchObject({ from: [], subject: '' });
    expect(summarizeHeaders(new Uint8Array(0))).toEqual({ from: [], to: [], cc: [], subject: '', date: null, messageId: '' });
  });
});

describe('the plain-text shortcut', () => {
  const HEADS = [
    ['From: Ann <ann@example.test>', 'To: b@example.test, "Carl, C." <c@example.test>', 'Subject: plain', 'Message-ID: <p1@example.test>', 'Date: Mon, 05 Jan 2026 09:00:00 +0000'],
    ['From: =?UTF-8?Q?J=C3=B6rg?= <j@example.test>', 'To: team: x@example.test, y@example.test;', 'Cc: z@example.test', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=us-ascii'],
    ['From: a@example.test', 'Content-Type: text/plain; charset="UTF-8"; format=fixed', 'Content-Transfer-Encoding: 7bit', 'Message-ID: bare@example.test'],
    ['Subject: no from', 'Content-Type: TEXT/PLAIN', 'Content-Transfer-Encoding: 8bit'],
  ];
  const BODIES = [
    'line1\r\nline2\r\n',
    'line1\r\nline2',
    '\r\n\r\nafter blanks  \r\n\r\n\r\n',
    'tab\there\r\nlone\rcr\r\n.dot\r\n..two\r\n',
    `${'word '.repeat(3000)}\r\n`,
    '   \r\n\r\n',
    '',
    'nul\u0000inside\r\n',
    '\t\u000b\u000c \r\n',
    'ends in a lone cr\r',
    `${'x'.repeat(70_000)}\r\n${'y'.repeat(10)}`,
  ];

  it('gives exactly what mailparser gives, for every header and body shape it takes', async () => {
    for (const [h, head] of HEADS.entries()) {
      for (const [b, body] of BODIES.entries()) {
        for (const eol of ['\r\n', '\n']) {
          const raw = Buffer.from(head.join(eol) + eol + eol + (eol === '\n' ? body.replace(/\r\n/g, '\n') : body), 'latin1');
          const quick = indexPlainText(raw);
          expect(quick, `head ${h} body ${b}`).not.toBeNull();
          expect(quick, `head ${h} body ${b} eol ${JSON.stringify(eol)}`).toEqual(await indexMessage(raw, { shortcut: false }));
        }
      }
    }
  });

  it('leaves everything else to mailparser', () => {
    const not = [
      crlf('Subject: x', 'Content-Type: text/html', '', '<p>x</p>'),
      crlf('Subject: x', 'Content-Type: multipart/mixed; boundary=b', '', '--b', '', 'x', '--b--'),
      crlf('Subject: x', 'Content-Transfer-Encoding: quoted-printable', '', 'a=3Db'),
      crlf('Subject: x', 'Content-Transfer-Encoding: base64', '', 'eA=='),
      crlf('Subject: x', 'Content-Type: text/plain; charset=utf-16', '', 'x'),
      crlf('Subject: x', 'Content-Type: text/plain; charset=iso-2022-jp', '', 'x'),
      crlf('Subject: x', 'Content-Type: text/plain; format=flowed', '', 'soft \r\nbreak'),
      crlf('Subject: x', 'Content-Disposition: attachment; filename=a.txt', '', 'x'),
      crlf('Subject: x', 'Content-Type: text/plain', 'Content-Type: text/html', '', 'x'),
      crlf('Subject: x', 'Message-ID: <a@x>', 'Message-ID: <b@x>', '', 'x'),
      Buffer.concat([Buffer.from('Subject: x\r\n\r\ncaf'), Buffer.from([0xe9]), Buffer.from('\r\n')]),
      crlf(' orphan continuation', 'Subject: x', '', 'x'),
    ];
    for (const raw of not) expect(indexPlainText(raw), Buffer.from(raw).toString('latin1').slice(0, 60)).toBeNull();
  });
});
