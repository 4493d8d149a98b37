import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseReceived, type ParsedReceived } from '../../../../shared/analysis/received';

interface Row {
  source: string;
  mta: string;
  raw: string;
  expect: Record<string, string | number | boolean | null>;
}

const rows = JSON.parse(readFileSync(fileURLToPath(new URL('../../../fixtures/headers/received-lines.json', import.meta.url)), 'utf8')) as Row[];

/** Pick the field the fixture names out of a parse result. */
function actual(r: ParsedReceived, key: string): unknown {
  switch (key) {
    case 'ip': case 'helo': case 'rdns': case 'ident': case 'ipSource':
      return r.from ? r.from[key] : null;
    case 'from_': return r.from;
    case 'tlsVersion': return r.tls?.version ?? null;
    case 'tlsCipher': return r.tls?.cipher ?? null;
    case 'tlsBits': return r.tls?.bits ?? null;
    case 'tlsImplied': return r.tls?.impliedOnly ?? null;
    case 'tls': return r.tls;
    case 'date': return r.date?.ms == null ? null : new Date(r.date.ms).toISOString();
    case 'warning': return r.warnings.map((w) => w.code);
    default: return (r as unknown as Record<string, unknown>)[key];
  }
}

describe('parseReceived: real Received lines from many MTAs', () => {
  it('has a large, varied fixture set', () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(new Set(rows.map((r) => r.mta.split(' ')[0])).size).toBeGreaterThanOrEqual(20);
  });

  it.each(rows.map((r) => [`${r.mta}: ${r.raw.slice(0, 70)}`, r] as const))('%s', (_name, row) => {
    const r = parseReceived(row.raw);
    for (const [key, want] of Object.entries(row.expect)) {
      const got = actual(r, key);
      if (key === 'warning') expect(got, key).toContain(want);
      else expect(got, key).toEqual(want);
    }
    if (!('status' in row.expect)) expect(r.status, 'status').toBe('parsed');
    expect(r.raw.length).toBeGreaterThan(0);
  });
});

describe('parseReceived: behaviour', () => {
  it('prefers the bracketed TCP-info address over an address-looking HELO (rspamd#1727)', () => {
    const r = parseReceived('from [10.10.10.215] (Collation_Software.demarc.cogentco.com [66.250.6.18]) (authenticated bits=0) by waste.org (8.12.3/8.12.3/Debian-6.6) with ESMTP id i46MehGO005108 for <fork@xent.com>; Thu, 6 May 2004 17:40:44-0500');
    expect(r.from).toMatchObject({ ip: '66.250.6.18', helo: '[10.10.10.215]', rdns: 'Collation_Software.demarc.cogentco.com', ipSource: 'tcp-info' });
  });

  it('handles folded input with CRLF', () => {
    const r = parseReceived('from a.example (a.example [192.0.2.1])\r\n\tby b.example with ESMTP id X;\r\n Tue, 2 Jan 2024 10:00:00 +0000');
    expect(r).toMatchObject({ by: 'b.example', id: 'X', status: 'parsed' });
    expect(r.from?.ip).toBe('192.0.2.1');
  });

  it('says why when nothing is readable, and keeps the raw text', () => {
    const r = parseReceived('   ');
    expect(r.status).toBe('unparsable');
    expect(r.reason).toMatch(/empty/);
    const g = parseReceived('lorem ipsum dolor');
    expect(g.status).toBe('unparsable');
    expect(g.raw).toBe('lorem ipsum dolor');
  });

  it('never throws on garbage', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = 'from by with id for via ;()[]<>"\\@:.=- abcXYZ0123456789\t\r\n';
    for (let i = 0; i < 500; i++) {
      let s = '';
      const len = Math.floor(rnd() * 200);
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      expect(() => parseReceived(s)).not.toThrow();
    }
  });
});
