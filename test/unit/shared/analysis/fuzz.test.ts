import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArcAuthResults, parseAuthResults } from '../../../../shared/analysis/auth-results';
import { parseDate } from '../../../../shared/analysis/date';
import { parseDkimSignature } from '../../../../shared/analysis/dkim-signature';
import { decodeEncodedWords } from '../../../../shared/analysis/encoded-words';
import { splitHeaderBlock } from '../../../../shared/analysis/header-block';
import { buildHops } from '../../../../shared/analysis/hops';
import { parseReceived } from '../../../../shared/analysis/received';
import { parseReceivedSpf } from '../../../../shared/analysis/received-spf';
import { decodeVendorVerdicts } from '../../../../shared/analysis/vendors/index';

/** Deterministic PRNG so a failure reproduces. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 0x100000000);
}

const fixtures = ['m365-github-forward.txt', 'redhat-mimecast-kernel-list.eml', 'rspamd-lfdr.txt', 'spamassassin-yes-lip6.txt']
  .map((n) => readFileSync(fileURLToPath(new URL(`../../../fixtures/headers/${n}`, import.meta.url)), 'utf8'));

/** Everything the analyzer runs on a pasted block, as a caller would chain it. */
function analyzeAll(text: string) {
  const block = splitHeaderBlock(text);
  for (const f of block.fields) {
    if (f.key === 'received') parseReceived(f.value);
    if (f.key === 'authentication-results') parseAuthResults(f.value);
    if (f.key === 'arc-authentication-results') parseArcAuthResults(f.value);
    if (f.key === 'received-spf') parseReceivedSpf(f.value);
    if (f.key === 'dkim-signature') parseDkimSignature(f.value);
    if (f.key === 'arc-seal') parseDkimSignature(f.value, 'arc-seal');
    if (f.key === 'date') parseDate(f.value);
  }
  buildHops(block.fields);
  decodeVendorVerdicts(block.fields);
  return block;
}

describe('robustness: random and mutated input never throws', () => {
  it('random strings over a header-ish alphabet (400 cases)', () => {
    const r = rng(42);
    const alphabet = 'Received: from by with id for ;()[]<>"\\=?@.:-_ \t\r\n\u00e9\u4e2d\uFFFDabcXYZ0123456789*';
    for (let i = 0; i < 400; i++) {
      let s = '';
      for (let j = 0, n = Math.floor(r() * 400); j < n; j++) s += alphabet[Math.floor(r() * alphabet.length)];
      expect(() => analyzeAll(s)).not.toThrow();
      expect(() => decodeEncodedWords(s)).not.toThrow();
      expect(() => parseDate(s)).not.toThrow();
    }
  });

  it('random bytes decoded as Latin-1 (binary pasted as text, 200 cases)', () => {
    const r = rng(7);
    for (let i = 0; i < 200; i++) {
      let s = '';
      for (let j = 0, n = Math.floor(r() * 600); j < n; j++) s += String.fromCharCode(Math.floor(r() * 256));
      expect(() => analyzeAll(s)).not.toThrow();
    }
  });

  it('real header blocks with random cuts, duplications and deletions (300 cases)', () => {
    const r = rng(1234);
    for (let i = 0; i < 300; i++) {
      let s = fixtures[i % fixtures.length]!;
      for (let k = 0, edits = 1 + Math.floor(r() * 8); k < edits; k++) {
        const a = Math.floor(r() * s.length);
        const b = Math.min(s.length, a + Math.floor(r() * 80));
        const op = r();
        s = op < 0.4 ? s.slice(0, a) + s.slice(b) : op < 0.7 ? s.slice(0, b) + s.slice(a, b) + s.slice(b) : s.slice(0, a) + '\n' + s.slice(a);
      }
      expect(() => analyzeAll(s)).not.toThrow();
    }
  });

  it('encoded words with random payloads and charsets (300 cases)', () => {
    const r = rng(99);
    const charsets = ['utf-8', 'iso-8859-1', 'x-unknown', 'shift_jis', 'utf-7', 'gb2312', ''];
    for (let i = 0; i < 300; i++) {
      let p = '';
      for (let j = 0, n = Math.floor(r() * 40); j < n; j++) p += String.fromCharCode(33 + Math.floor(r() * 93));
      const w = `=?${charsets[i % charsets.length]}?${r() < 0.5 ? 'B' : 'Q'}?${p.replace(/\?/g, '')}?=`;
      expect(() => decodeEncodedWords(`${w} ${w}`)).not.toThrow();
    }
  });

  it('a very large paste stays bounded (5 000 fields, 1 MB line)', () => {
    const big = `${'X-A: 1\n'.repeat(6000)}Subject: ${'x'.repeat(1_000_000)}\n`;
    const block = splitHeaderBlock(big);
    expect(block.fields.length).toBe(5000);
    expect(() => parseReceived(`from ${'a'.repeat(100_000)} by b; Tue, 2 Jan 2024 10:00:00 +0000`)).not.toThrow();
    expect(() => parseAuthResults(`mx; ${'dkim=pass '.repeat(20_000)}`)).not.toThrow();
  });
});
