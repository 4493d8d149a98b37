import { describe, expect, it } from 'vitest';
import { looksLikeDmarc, parseDmarc } from '../../../../../../electron/core/probes/checks/dmarc-record';

describe('DMARC record', () => {
  it('reads policy, alignment, pct and report URIs', () => {
    const r = parseDmarc('v=DMARC1; p=quarantine; sp=reject; np=reject; adkim=s; pct=50; rua=mailto:a@example.org,mailto:b@reports.example.net!10m; ruf=mailto:f@example.org; fo=1');
    expect(r).toMatchObject({ p: 'quarantine', sp: 'reject', np: 'reject', adkim: 's', aspf: 'r', pct: 50, errors: [], warnings: [] });
    expect(r.rua.map((u) => [u.address, u.domain])).toEqual([
      ['a@example.org', 'example.org'],
      ['b@reports.example.net', 'reports.example.net'],
    ]);
    expect(r.ruf[0]?.domain).toBe('example.org');
  });

  it('catches near-misses of the version tag', () => {
    expect(looksLikeDmarc('v=DMARC1; p=none')).toBe(true);
    expect(looksLikeDmarc(' V = dmarc1; p=none')).toBe(true);
    expect(parseDmarc('v=dmarc1; p=none').errors.join()).toMatch(/exactly "DMARC1"/);
    expect(parseDmarc('p=none; v=DMARC1').errors.join()).toMatch(/first tag/);
  });

  it.each([
    ['v=DMARC1', /no p= tag/],
    ['v=DMARC1; p=block', /not none, quarantine or reject/],
    ['v=DMARC1; p=none; adkim=x', /adkim=x/],
    ['v=DMARC1; p=none; pct=150', /pct=150/],
    ['v=DMARC1; p=none; rua=reports@example.org', /no scheme/],
    ['v=DMARC1; p=none; rua=mailto:not-an-address', /not a valid mail address/],
    ['v=DMARC1; p=none; fo=2', /fo=2/],
    ['v=DMARC1; p=none; p=reject', /appears twice/],
  ])('flags %s', (text, re) => {
    expect(parseDmarc(text).errors.join(' | ')).toMatch(re);
  });

  it('warns about unknown tags without failing', () => {
    const r = parseDmarc('v=DMARC1; p=reject; rua=mailto:a@example.org; policy=reject');
    expect(r.errors).toEqual([]);
    expect(r.warnings.join()).toMatch(/unknown tag policy=/);
  });

  it('reads the RFC 9989 testing flag', () => {
    expect(parseDmarc('v=DMARC1; p=reject; t=y').testing).toBe(true);
    expect(parseDmarc('v=DMARC1; p=reject; t=n').testing).toBe(false);
  });
});
