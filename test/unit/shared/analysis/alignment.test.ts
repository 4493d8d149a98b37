import { describe, expect, it } from 'vitest';
import { buildAlignment, domainOf, normalizeDomain, orgDomainEstimate } from '../../../../shared/analysis/alignment';

describe('domain helpers', () => {
  it('reads the domain of addresses in any usual shape', () => {
    expect(domainOf('<bounce+abc@Bounces.ESP.net>')).toBe('bounces.esp.net');
    expect(domainOf('Jane <jane@example.com.>')).toBe('example.com');
    expect(domainOf('example.org')).toBe('example.org');
    expect(domainOf('<>')).toBeNull();
    expect(domainOf(null)).toBeNull();
    expect(normalizeDomain('  ')).toBeNull();
  });

  it('estimates organisational domains from the PSL, private section included', () => {
    expect(orgDomainEstimate('mail.bounces.esp.net')).toBe('esp.net');
    expect(orgDomainEstimate('a.b.example.co.uk')).toBe('example.co.uk');
    expect(orgDomainEstimate('someone.blogspot.com')).toBe('someone.blogspot.com');
    expect(orgDomainEstimate('co.uk')).toBeNull();
    expect(orgDomainEstimate('192.0.2.1')).toBeNull();
  });
});

describe('buildAlignment', () => {
  const base = { fromSource: 'From, line 9' };

  it('explains a DMARC failure through an ESP in plain words', () => {
    const t = buildAlignment({
      ...base,
      fromDomain: 'example.com',
      mailFrom: { domain: 'bounces.esp.net', result: 'pass', source: 'Return-Path' },
      dkim: [{ domain: 'esp.net', selector: 's1', result: 'pass', source: 'DKIM-Signature' }],
    });
    expect(t.aligned).toBe('none');
    expect(t.summary).toBe('The From domain example.com aligns with neither the SPF domain (bounces.esp.net) nor the DKIM domain (esp.net).');
    expect(t.rows.map((r) => [r.identifier, r.domain, r.orgDomain, r.relaxed, r.counts])).toEqual([
      ['mailfrom', 'bounces.esp.net', 'esp.net', false, false],
      ['dkim', 'esp.net', 'esp.net', false, false],
      ['from', 'example.com', 'example.com', null, false],
    ]);
    expect(t.orgDomainSource).toBe('psl-estimate');
  });

  it('relaxed alignment accepts a subdomain, strict does not', () => {
    const input = {
      ...base,
      fromDomain: 'example.com',
      mailFrom: { domain: 'bounce.example.com', result: 'pass', source: 'Return-Path' },
      dkim: [{ domain: 'esp.net', selector: 's1', result: 'pass', source: 'DKIM-Signature' }],
    };
    const relaxed = buildAlignment(input);
    expect(relaxed.aligned).toBe('spf');
    expect(relaxed.rows[0]).toMatchObject({ relaxed: true, strict: false, counts: true });
    const strict = buildAlignment({ ...input, mode: { spf: 's', dkim: 'r', source: 'dmarc-dns' } });
    expect(strict.aligned).toBe('none');
    expect(strict.summary).toContain('strict alignment');
  });

  it('an aligned identifier that failed does not count', () => {
    const t = buildAlignment({
      ...base,
      fromDomain: 'example.com',
      mailFrom: { domain: 'esp.net', result: 'pass', source: 'Return-Path' },
      dkim: [{ domain: 'example.com', selector: 'k1', result: 'fail', source: 'DKIM-Signature' }],
    });
    expect(t.aligned).toBe('none');
    expect(t.rows[1]).toMatchObject({ relaxed: true, strict: true, counts: false });
    expect(t.summary).toBe('No identifier both passed and aligned with the From domain example.com.');
  });

  it('both aligned', () => {
    const t = buildAlignment({
      ...base,
      fromDomain: 'Example.com',
      mailFrom: { domain: 'example.com', result: 'pass', source: 'Return-Path' },
      dkim: [{ domain: 'example.com', selector: 'k1', result: 'pass', source: 'DKIM-Signature' }],
    });
    expect(t.aligned).toBe('both');
    expect(t.fromDomain).toBe('example.com');
  });

  it('says unknown rather than guessing when results were not recorded', () => {
    const t = buildAlignment({
      ...base,
      fromDomain: 'example.com',
      mailFrom: { domain: 'example.com', result: null, source: 'Return-Path' },
      dkim: [],
    });
    expect(t.aligned).toBe('unknown');
    expect(t.summary).toContain('cannot be decided');
    expect(buildAlignment({ ...base, fromDomain: null, mailFrom: { domain: 'a.com', result: 'pass', source: '' }, dkim: [] }).aligned).toBe('unknown');
  });

  it('uses the DMARC tree-walk org domain when given', () => {
    const t = buildAlignment({
      ...base,
      fromDomain: 'team.someone.blogspot.com',
      mailFrom: { domain: 'blogspot.com', result: 'pass', source: 'Return-Path' },
      dkim: [],
      orgDomain: () => 'blogspot.com',
      orgDomainSource: 'dmarc-dns',
    });
    expect(t.orgDomainSource).toBe('dmarc-dns');
    expect(t.aligned).toBe('spf');
  });
});
