import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMessageDetail, getAttachmentBytes } from '../../../../../electron/core/mime/message-detail';
import { indexMessage } from '../../../../../electron/core/mime/index-message';
import type { Envelope, MessageDetail, MessageSummary } from '../../../../../shared/model/message';
import { crlf, fixture, MAIL_FIXTURES } from './fixtures';

/** Build the summary the way the store would, then the detail. */
async function detail(raw: Uint8Array, envelope: Envelope | null = null, source: 'smtp' | 'import' = 'import'): Promise<MessageDetail> {
  const index = await indexMessage(raw);
  const summary: MessageSummary = {
    id: 1,
    receivedAt: 0,
    source,
    sessionId: null,
    mailFrom: envelope?.mailFrom ?? '',
    rcptTo: envelope?.rcptTo.map((r) => r.address) ?? [],
    from: index.from,
    to: index.to,
    cc: index.cc,
    subject: index.subject,
    date: index.date,
    messageId: index.messageId,
    size: raw.length,
    attachmentCount: index.attachmentCount,
    read: false,
    snippet: index.snippet,
    tags: [],
  };
  return buildMessageDetail(raw, summary, envelope);
}

function envelope(mailFrom: string, rcpt: string[], params: Envelope['mailFromParams'] = {}): Envelope {
  return { mailFrom, mailFromParams: params, rcptTo: rcpt.map((address) => ({ address, params: {} })) };
}

const kinds = (d: MessageDetail): string[] => d.derived.map((f) => f.kind);

describe('buildMessageDetail: headers', () => {
  it('lists every header in order with raw (unfolded) and decoded values', async () => {
    const d = await detail(fixture('html-alternative.eml'));
    expect(d.headers.map((h) => h.name)).toEqual(['From', 'To', 'Cc', 'Subject', 'Date', 'Message-ID', 'X-Mailer', 'MIME-Version', 'Content-Type']);
    expect(d.headers[0]).toEqual({ name: 'From', raw: '=?UTF-8?Q?Ana_M=C3=BCller?= <ana@example.com>', decoded: 'Ana Müller <ana@example.com>' });
    // Unfolding removes the line break and keeps the whitespace after it.
    expect(d.headers[1]?.raw).toBe('team@example.com, "Carol Q." <carol@example.net>');
    expect(d.headers[3]).toEqual({ name: 'Subject', raw: '=?UTF-8?B?V2Vla2x5IHJlcG9ydDogY2Fmw6kgbnVtYmVycyDimJU=?=', decoded: 'Weekly report: café numbers ☕' });
    expect(d.headers[2]?.decoded).toBe('Daniél <daniel@example.net>'); // ISO-8859-1 encoded word
  });

  it('keeps repeated headers, in place', async () => {
    const d = await detail(crlf('Received: from a', 'Subject: one', 'Received: from b', 'Subject: two', '', 'x'));
    expect(d.headers.map((h) => `${h.name}:${h.raw}`)).toEqual(['Received:from a', 'Subject:one', 'Received:from b', 'Subject:two']);
    expect(d.derived.find((f) => f.kind === 'duplicate-header')?.text).toMatch(/2 Subject headers/);
  });
});

describe('buildMessageDetail: bodies and attachments', () => {
  it('returns text and the HTML exactly as sent', async () => {
    const d = await detail(fixture('html-alternative.eml'));
    expect(d.text).toContain('Café sales went up this week ☕.');
    expect(d.html).toBe('<html><head><style>p{color:red}</style></head><body><p>Café sales went <b>up</b> this week &#9749;.</p></body></html>\n');
    expect(d.attachments).toEqual([]);
    expect(d.parseWarnings).toEqual([]);
  });

  it('lists attachments with decoded names, sizes, content ids and SHA-256', async () => {
    const expected = Object.fromEntries(
      readFileSync(path.join(MAIL_FIXTURES, 'attachments.sha256.txt'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(' '))
        .map(([name, sha, size]) => [name, { sha256: sha, size: Number(size) }]),
    );
    const d = await detail(fixture('attachments.eml'));
    expect(d.html).toContain('src="cid:logo@shop.example"'); // cid: links kept, not inlined
    expect(d.attachments).toEqual([
      { index: 0, filename: 'attachment-1.png', contentType: 'image/png', size: expected['logo.png']?.size, contentId: 'logo@shop.example', inline: true, sha256: expected['logo.png']?.sha256 },
      { index: 1, filename: 'Rechnung März 2024.pdf', contentType: 'application/pdf', size: expected['invoice.pdf']?.size, contentId: '', inline: false, sha256: expected['invoice.pdf']?.sha256 },
    ]);
  });

  it('hands out the decoded bytes of one attachment', async () => {
    const raw = fixture('attachments.eml');
    const pdf = await getAttachmentBytes(raw, 1);
    expect(pdf?.contentType).toBe('application/pdf');
    expect(pdf?.filename).toBe('Rechnung März 2024.pdf');
    expect(new TextDecoder().decode(pdf!.bytes).startsWith('%PDF-1.4\n')).toBe(true);
    expect(createHash('sha256').update(pdf!.bytes).digest('hex')).toBe((await detail(raw)).attachments[1]?.sha256);
    expect(await getAttachmentBytes(raw, 2)).toBeNull();
    expect(await getAttachmentBytes(raw, -1)).toBeNull();
    expect(await getAttachmentBytes(new Uint8Array([1, 2, 3]), 0)).toBeNull();
  });
});

describe('buildMessageDetail: MIME tree', () => {
  it('describes nested parts with paths, encodings, dispositions and sizes', async () => {
    const { mime } = await detail(fixture('attachments.eml'));
    expect(mime).toMatchObject({ path: '', contentType: 'multipart/mixed', params: { boundary: 'mixed-1' }, decodedSize: 0 });
    expect(mime.children.map((c) => c.path)).toEqual(['1', '2']);
    const [related, pdf] = mime.children;
    expect(related?.children.map((c) => [c.path, c.contentType, c.disposition, c.contentId])).toEqual([
      ['1.1', 'text/html', '', ''],
      ['1.2', 'image/png', 'inline', 'logo@shop.example'],
    ]);
    expect(related?.children[1]?.decodedSize).toBe(70);
    expect(pdf).toMatchObject({ path: '2', transferEncoding: 'base64', disposition: 'attachment', filename: 'Rechnung März 2024.pdf', decodedSize: 1800 });
    // 1800 bytes in base64 = 2400 characters, in 76-character lines with CRLF.
    expect(pdf?.encodedSize).toBe(2400 + Math.ceil(2400 / 76) * 2 - 2);
  });

  it('opens an embedded message/rfc822', async () => {
    const { mime } = await detail(fixture('forwarded-rfc822.eml'));
    const embedded = mime.children[1];
    expect(embedded).toMatchObject({ path: '2', contentType: 'message/rfc822', filename: 'reset.eml' });
    expect(embedded?.children.map((c) => [c.path, c.contentType])).toEqual([['2.1', 'text/plain']]);
  });

  it('explains broken MIME and still shows what it could read', async () => {
    const d = await detail(fixture('broken-mime.eml'));
    expect(d.headers.map((h) => h.name)).toEqual(['From', 'To', 'Subject', 'MIME-Version', 'Content-Type']);
    expect(d.headers[2]?.decoded).toBe('Café broken');
    expect(d.mime.children.map((c) => c.transferEncoding)).toEqual(['x-uuencode', 'base64']);
    expect(d.parseWarnings).toEqual([
      'Header line 3 of the message has 8-bit bytes that are not UTF-8; shown as Windows-1252.',
      'Header line 4 of the message is not a "Name: value" field and was skipped: "This line has no colon".',
      'The message has no closing boundary "--b1--": the message may be cut short.',
      'Part 1 has an unknown Content-Transfer-Encoding "x-uuencode"; its size is shown as sent.',
      'Part 2 is base64 but has 3 characters outside the base64 alphabet (skipped when decoding).',
    ]);
  });

  it('warns about a multipart without boundary and a boundary never used', async () => {
    const noBoundary = await detail(crlf('Content-Type: multipart/mixed', '', 'x'));
    expect(noBoundary.parseWarnings).toEqual(['The message is multipart/mixed without a boundary parameter, so its parts cannot be found.']);
    const unused = await detail(crlf('Content-Type: multipart/mixed; boundary=zz', '', 'no parts here'));
    expect(unused.parseWarnings).toEqual(['The message declares boundary "zz" but no part starts with it.']);
  });

  it('does not take a longer boundary that merely starts with ours for ours', async () => {
    const raw = crlf(
      'Content-Type: multipart/mixed; boundary=ab',
      '',
      '--ab',
      'Content-Type: multipart/alternative; boundary=abc',
      '',
      '--abc',
      'Content-Type: text/plain',
      '',
      'inner',
      '--abc--',
      '--ab--',
      '',
    );
    const { mime, parseWarnings } = await detail(raw);
    expect(parseWarnings).toEqual([]);
    expect(mime.children).toHaveLength(1);
    expect(mime.children[0]?.children.map((c) => [c.path, c.encodedSize])).toEqual([['1.1', 5]]);
  });

  it('never throws on garbage and says what it could not read', async () => {
    const garbage = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 256);
    const d = await detail(garbage);
    expect(d.parseWarnings.length).toBeGreaterThan(0);
    expect(d.parseWarnings.length).toBeLessThan(20); // summarised, not one line per junk line
    expect(d.mime.path).toBe('');
  });
});

describe('buildMessageDetail: derived facts', () => {
  it('names Bcc recipients from the envelope and what a relay would add', async () => {
    const env = envelope('bounces@esp.example', ['bob@example.org', 'Audit@Example.com'], { BODY: '8BITMIME' });
    const d = await detail(fixture('plain-text.eml'), env, 'smtp');
    expect(d.derived).toContainEqual({ kind: 'bcc', text: 'Bcc (blind copy): Audit@Example.com — an envelope recipient named in no To or Cc header.' });
    expect(d.derived.find((f) => f.kind === 'return-path')?.text).toContain('Return-Path: <bounces@esp.example>');
    expect(d.derived.find((f) => f.kind === 'envelope-sender-domain')?.text).toContain('(esp.example) differs from the From domain (shop.example)');
    expect(kinds(d)).toContain('received');
    expect(kinds(d)).not.toContain('missing-message-id');
    expect(kinds(d)).not.toContain('bare-lf');
  });

  it('flags missing Date and Message-ID, bare LF, and 8-bit without the extensions', async () => {
    const d = await detail(fixture('bare-lf-minimal.eml'), envelope('app@staging.example', ['qa@example.com']), 'smtp');
    expect(kinds(d)).toEqual(expect.arrayContaining(['missing-date', 'missing-message-id', 'bare-lf', 'return-path', 'received']));
    expect(d.derived.find((f) => f.kind === 'bare-lf')?.text).toMatch(/^6 lines end with a bare LF/);
    expect(kinds(d)).not.toContain('bcc');

    const eight = await detail(crlf('From: a@example.com', 'Subject: Grüße', '', 'Grüße'), envelope('a@example.com', ['b@example.com']), 'smtp');
    expect(kinds(eight)).toEqual(expect.arrayContaining(['utf8-without-smtputf8', '8bit-without-8bitmime']));
    const declared = await detail(crlf('From: a@example.com', 'Subject: Grüße', '', 'Grüße'), envelope('a@example.com', ['b@example.com'], { SMTPUTF8: true, BODY: '8BITMIME' }), 'smtp');
    expect(kinds(declared)).not.toContain('utf8-without-smtputf8');
    expect(kinds(declared)).not.toContain('8bit-without-8bitmime');
  });

  it('warns when the message itself carries a Bcc header, and explains the null sender', async () => {
    const raw = crlf('From: a@example.com', 'To: b@example.com', 'Bcc: secret@example.com', 'Date: Mon, 13 May 2024 17:05:12 +0000', 'Message-ID: <x@y>', '', 'hi');
    const d = await detail(raw, envelope('', ['b@example.com', 'secret@example.com']), 'smtp');
    expect(d.derived.find((f) => f.kind === 'bcc-header')?.text).toMatch(/carries a Bcc header \(secret@example.com\)/);
    expect(d.derived.find((f) => f.kind === 'bcc')?.text).toMatch(/secret@example.com/);
    expect(d.derived.find((f) => f.kind === 'return-path')?.text).toMatch(/Return-Path: <>/);
  });

  it('adds no envelope facts for an import without an envelope', async () => {
    const d = await detail(fixture('plain-text.eml'));
    expect(d.derived).toEqual([]);
  });
});
