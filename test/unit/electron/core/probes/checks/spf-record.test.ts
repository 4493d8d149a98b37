import { describe, expect, it } from 'vitest';
import { isSpfRecord, parseSpf, parseTerm } from '../../../../../../electron/core/probes/checks/spf-record';

describe('SPF record syntax', () => {
  it('recognises a record only by "v=spf1" followed by a space or the end', () => {
    expect(isSpfRecord('v=spf1 -all')).toBe(true);
    expect(isSpfRecord('v=spf1')).toBe(true);
    expect(isSpfRecord('v=spf10 -all')).toBe(false);
    expect(isSpfRecord(' v=spf1 -all')).toBe(false);
    expect(isSpfRecord('spf2.0/pra -all')).toBe(false);
  });

  it('reads mechanisms with qualifiers, domains and dual CIDR', () => {
    const { terms, problems } = parseSpf('v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx:mail.example.org/24//64 include:_spf.example.net ~all');
    expect(problems).toEqual([]);
    expect(terms.map((t) => [t.kind, t.qualifier, t.value, t.cidr4, t.cidr6, t.countsLookup])).toEqual([
      ['ip4', '+', '192.0.2.0', 24, null, false],
      ['ip6', '+', '2001:db8::', null, 32, false],
      ['a', '+', null, null, null, true],
      ['mx', '+', 'mail.example.org', 24, 64, true],
      ['include', '+', '_spf.example.net', null, null, true],
      ['all', '~', null, null, null, false],
    ]);
  });

  it('reads modifiers and counts redirect as a lookup but not exp', () => {
    const { terms } = parseSpf('v=spf1 redirect=_spf.example.net exp=explain.example.net');
    expect(terms.map((t) => [t.kind, t.modifier, t.qualifier, t.countsLookup])).toEqual([
      ['redirect', true, null, true],
      ['exp', true, null, false],
    ]);
  });

  it.each([
    ['include', 'needs a domain'],
    ['ip4:192.0.2.300', 'not a valid IPv4 address'],
    ['ip4:192.0.2.0/33', 'prefix length'],
    ['ip6:192.0.2.1', 'not a valid IPv6 address'],
    ['a:example', 'not a fully qualified domain name'],
    ['include:exa mple.com', ''],
    ['foo', 'not an SPF mechanism'],
    ['include:%{z}.example.com', 'malformed macro'],
    ['all:x', 'takes no argument'],
  ])('flags %s', (term, words) => {
    const t = parseTerm(term);
    if (words) expect(t.problem).toContain(words);
    else expect(parseSpf(`v=spf1 ${term} -all`).terms.some((x) => x.problem !== null)).toBe(true);
  });

  it('accepts macros in domain-specs and marks them', () => {
    const t = parseTerm('exists:%{i}._spf.%{d}');
    expect(t.problem).toBeNull();
    expect(t.hasMacros).toBe(true);
  });

  it('flags record-level problems: duplicate redirect, terms after all, redirect beside all', () => {
    expect(parseSpf('v=spf1 redirect=a.example redirect=b.example').problems.join()).toMatch(/redirect= appears more than once/);
    const after = parseSpf('v=spf1 -all include:x.example.com redirect=y.example.com').problems.join(' | ');
    expect(after).toMatch(/include:x.example.com after "-all" are never evaluated/);
    expect(after).toMatch(/redirect= is ignored/);
  });

  it('flags non-ASCII characters (a pasted smart quote)', () => {
    expect(parseSpf('v=spf1 include:_spf.example.com ~all\u201d').problems.join()).toMatch(/printable ASCII/);
  });
});
