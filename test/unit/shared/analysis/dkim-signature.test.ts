import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDkimSignature } from '../../../../shared/analysis/dkim-signature';
import { splitHeaderBlock } from '../../../../shared/analysis/header-block';
import { parseTagList } from '../../../../shared/analysis/tag-list';

const codes = (ws: { code: string }[]) => ws.map((w) => w.code);

describe('parseTagList', () => {
  it('reads folded tag lists and keeps a whitespace-free copy', () => {
    const t = parseTagList(' v=1; a=rsa-sha256;\r\n\tb=abc\r\n\t def ; h = from : to ;');
    expect(t.map).toEqual({ v: '1', a: 'rsa-sha256', b: 'abc\r\n\t def', h: 'from : to' });
    expect(t.tags.find((x) => x.name === 'b')!.compact).toBe('abcdef');
    expect(t.warnings).toEqual([]);
  });
  it('flags duplicates, junk and bad names but keeps going', () => {
    const t = parseTagList('d=a.example; d=b.example; junk; 9x=1;; s=sel');
    expect(t.map).toEqual({ d: 'a.example', s: 'sel' });
    expect(codes(t.warnings)).toEqual(['tag-duplicate', 'tag-no-equals', 'tag-bad-name', 'tag-empty']);
  });
});

describe('parseDkimSignature on real signatures (fixtures)', () => {
  const m365 = splitHeaderBlock(readFileSync(fileURLToPath(new URL('../../../fixtures/headers/m365-github-forward.txt', import.meta.url)), 'utf8'));
  const field = (key: string, n = 0) => m365.fields.filter((f) => f.key === key)[n]!.value;

  it('Gmail DKIM-Signature', () => {
    const s = parseDkimSignature(field('dkim-signature'));
    expect(s).toMatchObject({
      version: '1', algorithm: 'rsa-sha256', keyType: 'rsa', hash: 'sha256', domain: 'gmail.com', selector: '20251104',
      canonicalization: { header: 'relaxed', body: 'relaxed' }, timestamp: 1778092197, expiration: 1778696997,
      bodyHash: 'mG8+HWJMxEgVQAhYeYumAvb9L8zQM5zgBVJsvle6G9I=', signatureShort: 'NM5ecVrn', bodyLength: null,
    });
    expect(s.signedHeaders.slice(0, 4)).toEqual(['cc', 'to', 'subject', 'message-id']);
    expect(s.overSigned).toEqual(expect.arrayContaining(['from', 'to', 'cc', 'subject', 'date', 'message-id']));
    expect(s.signature.endsWith('OK8w==')).toBe(true);
    expect(s.warnings).toEqual([]);
    // header.b in Gmail's AR matches signatureShort (RFC 6008)
    expect(field('authentication-results')).toContain(`header.b=${s.signatureShort}`);
  });

  it('expiry is reported only when a "now" is given', () => {
    const s = parseDkimSignature(field('dkim-signature'), 'dkim-signature', { now: Date.UTC(2027, 0, 1) });
    expect(codes(s.warnings)).toEqual(['sig-expired']);
  });

  it('ARC-Seal and ARC-Message-Signature from Microsoft and Google', () => {
    const seals = m365.fields.filter((f) => f.key === 'arc-seal').map((f) => parseDkimSignature(f.value, 'arc-seal'));
    expect(seals.map((s) => [s.instance, s.domain, s.selector, s.chainValidation])).toEqual([
      [3, 'microsoft.com', 'arcselector10001', 'pass'], [2, 'microsoft.com', 'arcselector10001', 'pass'], [1, 'google.com', 'arc-20240605', 'none'],
    ]);
    expect(seals.flatMap((s) => s.warnings)).toEqual([]);
    expect(seals[0]!.canonicalization).toBeNull();
    const ams = parseDkimSignature(field('arc-message-signature', 2), 'arc-message-signature');
    expect(ams).toMatchObject({ instance: 1, domain: 'google.com', auid: null });
    expect(ams.tags.map.fh).toBeDefined();
    expect(ams.warnings).toEqual([]);
  });
});

describe('parseDkimSignature validation', () => {
  const base = 'v=1; a=rsa-sha256; c=relaxed/simple; d=example.com; s=s1; t=1700000000; h=from:to:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGVzdA==';
  it('a clean signature has no warnings', () => expect(parseDkimSignature(base).warnings).toEqual([]));
  it.each([
    ['missing required tags', 'v=1; a=rsa-sha256; d=example.com', ['sig-missing-tag', 'sig-missing-tag', 'sig-missing-tag', 'sig-missing-tag']],
    ['x before t', `${base}; x=1600000000`, ['sig-expires-before-signed']],
    ['rsa-sha1', base.replace('rsa-sha256', 'rsa-sha1'), ['sig-weak-hash']],
    ['l= body length', `${base}; l=120`, ['sig-body-length']],
    ['From not signed', base.replace('h=from:to:subject', 'h=to:subject'), ['sig-from-not-signed']],
    ['AUID outside d=', `${base}; i=@evil.example`, ['dkim-auid-mismatch']],
    ['bad version', base.replace('v=1', 'v=2'), ['dkim-bad-version']],
    ['unknown algorithm', base.replace('rsa-sha256', 'dsa-md5'), ['sig-unknown-algorithm']],
    ['bad canonicalization', base.replace('relaxed/simple', 'loose/simple'), ['sig-bad-canonicalization']],
    ['empty b=', base.replace('b=dGVzdA==', 'b='), ['sig-empty-b']],
    ['non-numeric t=', base.replace('t=1700000000', 't=soon'), ['tag-not-number']],
    ['q= other than dns/txt', `${base}; q=http`, ['sig-bad-query']],
  ])('%s', (_l, value, want) => {
    expect(codes(parseDkimSignature(value).warnings)).toEqual(want);
  });
  it('ed25519 is recognised; subdomain AUID is fine; defaults to simple/simple', () => {
    const s = parseDkimSignature(base.replace('rsa-sha256', 'ed25519-sha256').replace('c=relaxed/simple; ', '') + '; i=joe@mail.example.com');
    expect(s).toMatchObject({ keyType: 'ed25519', hash: 'sha256', canonicalization: { header: 'simple', body: 'simple' }, auid: 'joe@mail.example.com' });
    expect(s.warnings).toEqual([]);
  });
  it('decodes z= copied headers (RFC 6376 §3.5 example)', () => {
    const s = parseDkimSignature(`${base}; z=From:foo@eng.example.net|To:joe@example.com|\r\n Subject:demo=20run|Date:July=205,=202005=203:44:08=20PM=20-0700`);
    expect(s.copiedHeaders).toEqual(['From:foo@eng.example.net', 'To:joe@example.com', 'Subject:demo run', 'Date:July 5, 2005 3:44:08 PM -0700']);
  });
  it('ARC-Seal rules: cv for i=1 and later, no h=', () => {
    const seal = 'i=1; a=rsa-sha256; d=example.org; s=arc; cv=pass; t=1700000000; b=dGVzdA==';
    expect(codes(parseDkimSignature(seal, 'arc-seal').warnings)).toEqual(['arc-first-cv']);
    expect(codes(parseDkimSignature(seal.replace('i=1', 'i=2').replace('cv=pass', 'cv=none'), 'arc-seal').warnings)).toEqual(['arc-later-cv-none']);
    expect(codes(parseDkimSignature(`${seal.replace('cv=pass', 'cv=none')}; h=from`, 'arc-seal').warnings)).toEqual(['arc-seal-has-h']);
    expect(codes(parseDkimSignature(seal.replace('i=1', 'i=99'), 'arc-seal').warnings)).toContain('arc-bad-instance');
  });
  it('never throws on garbage', () => {
    for (const s of ['', ';;;', '=', 'a=', 'b=====; h=::::', '\u0000\uffff', 'x'.repeat(10000)]) {
      for (const k of ['dkim-signature', 'arc-seal', 'arc-message-signature'] as const) expect(() => parseDkimSignature(s, k)).not.toThrow();
    }
  });
});
