import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { indexMessage, MAX_INDEXED_TEXT, summarizeHeaders } from '../../../../../electron/core/mime/index-message';
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
