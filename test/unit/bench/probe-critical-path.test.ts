import { describe, expect, it } from 'vitest';
import type { ProbeDnsQuery } from '../../../shared/model/probe';
import { criticalPath, namedIn } from '../../bench/probe-critical-path';

let seq = 0;
const q = (type: string, name: string, answers: string[], cached = false): ProbeDnsQuery => {
  seq++;
  return { seq, name, type, server: 's', askedAt: new Date(1_700_000_000_000 + seq).toISOString(), durationMs: 50, outcome: answers.length ? 'answer' : 'nxdomain', answers, ttl: 300, cnames: [], note: null, cached };
};

describe('probe critical path from recorded queries', () => {
  it('reads the names an answer gives', () => {
    expect(namedIn('v=spf1 include:_spf.esp.net a:relay.example.org ~all')).toEqual(['_spf.esp.net', 'relay.example.org']);
    expect(namedIn('10 mx1.example.org')).toEqual(['mx1.example.org']);
    expect(namedIn('v=DMARC1; p=none; rua=mailto:d@reports.example.net')).toEqual(['reports.example.net']);
    expect(namedIn('v=spf1 ip4:192.0.2.0/24 -all')).toEqual([]);
  });

  it('follows MX → A → PTR/blocklist and SPF include chains, taking the longest', () => {
    const queries = [
      q('MX', 'example.org', ['10 mx1.example.org']),
      q('TXT', 'example.org', ['v=spf1 include:_spf.a.net -all']),
      q('TXT', '_dmarc.example.org', ['v=DMARC1; p=reject']),
      q('A', 'mx1.example.org', ['192.0.2.1']),
      q('TXT', '_spf.a.net', ['v=spf1 include:_spf.b.net -all']),
      q('PTR', '1.2.0.192.in-addr.arpa', ['mx1.example.org']),
      q('A', '1.2.0.192.zen.spamhaus.org', []),
      q('TXT', '_spf.b.net', ['v=spf1 a:relay.b.net -all']),
      q('A', 'relay.b.net', ['198.51.100.1']),
      q('MX', 'example.org', ['10 mx1.example.org'], true),
    ];
    const path = criticalPath(queries, 'example.org');
    expect(path.depth).toBe(4);
    expect(path.chain).toEqual(['TXT example.org', 'TXT _spf.a.net', 'TXT _spf.b.net', 'A relay.b.net']);
  });

  it('counts names known from the request as roots', () => {
    const queries = [q('TXT', 'example.org', ['v=spf1 -all']), q('TXT', 's1._domainkey.example.org', []), q('TXT', 'example.org.dbl.spamhaus.org', [])];
    expect(criticalPath(queries, 'example.org').depth).toBe(1);
  });
});
