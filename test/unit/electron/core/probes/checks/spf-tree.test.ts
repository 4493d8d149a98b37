// The SPF tree over an in-memory zone: counting, voids, redirect, macros, the
// mx name limit, and which term decides a given IP.
import { describe, expect, it } from 'vitest';
import { buildSpfTree } from '../../../../../../electron/core/probes/checks/spf-tree';
import type { SpfTreeNode } from '../../../../../../shared/model/probe';
import { memoryProbeDns } from '../../../../../support/probes/memory-probe-dns';

const find = (n: SpfTreeNode, term: string): SpfTreeNode | undefined => (n.term === term ? n : n.children.map((c) => find(c, term)).find(Boolean));

const ZONE = {
  'example.test': [
    { type: 'A' as const, value: '192.0.2.1' },
    { type: 'AAAA' as const, value: '2001:db8::1' },
    { type: 'MX' as const, priority: 10, exchange: 'mx.example.test' },
  ],
  'mx.example.test': [{ type: 'A' as const, value: '192.0.2.25' }],
  'redir.test': [{ type: 'TXT' as const, value: ['v=spf1 ip6:2001:db8:1::/48 a:example.test/24 -all'] }],
  'many.test': Array.from({ length: 11 }, (_, i) => ({ type: 'MX' as const, priority: i, exchange: `mx${i}.many.test` })),
};

describe('SPF tree', () => {
  it('follows redirect= to find the final all, and counts it as a lookup', async () => {
    const t = await buildSpfTree(memoryProbeDns(ZONE), 'top.test', 'v=spf1 mx redirect=redir.test');
    expect(t.lookups).toBe(3); // mx, redirect, a:example.test inside the redirect
    expect(t.finalAll).toEqual({ qualifier: '-', domain: 'redir.test', via: ['top.test', 'redir.test'] });
    expect(find(t.root, 'a:example.test/24')?.resolvesTo).toEqual(['192.0.2.1/24', '2001:db8::1']);
  });

  it('ignores redirect= beside all, and does not count it', async () => {
    const t = await buildSpfTree(memoryProbeDns(ZONE), 'top.test', 'v=spf1 ip4:192.0.2.0/24 redirect=redir.test ~all');
    expect(t.lookups).toBe(0);
    expect(find(t.root, 'redirect=redir.test')?.problem).toMatch(/ignored/);
    expect(t.finalAll?.qualifier).toBe('~');
  });

  it('decides an IP by the first matching term, through a redirect and a CIDR on a:', async () => {
    const inA = await buildSpfTree(memoryProbeDns(ZONE), 'top.test', 'v=spf1 redirect=redir.test', '192.0.2.77');
    expect(inA.ipResult).toBe('+');
    expect(find(inA.root, 'a:example.test/24')?.matchedIp).toBe(true);
    const v6 = await buildSpfTree(memoryProbeDns(ZONE), 'top.test', 'v=spf1 redirect=redir.test', '2001:db8:1::5');
    expect(find(v6.root, 'ip6:2001:db8:1::/48')?.matchedIp).toBe(true);
    const none = await buildSpfTree(memoryProbeDns(ZONE), 'top.test', 'v=spf1 redirect=redir.test', '203.0.113.1');
    expect(none.ipResult).toBe('-');
    expect(find(none.root, '-all')?.matchedIp).toBe(true);
    expect(find(none.root, 'a:example.test/24')?.matchedIp).toBeNull();
  });

  it('resolves mx to hosts and addresses, and flags more than 10 MX names', async () => {
    const t = await buildSpfTree(memoryProbeDns(ZONE), 'example.test', 'v=spf1 mx -all', '192.0.2.25');
    expect(find(t.root, 'mx')?.resolvesTo).toEqual(['mx.example.test → 192.0.2.25']);
    expect(t.ipResult).toBe('+');
    const many = await buildSpfTree(memoryProbeDns(ZONE), 'many.test', 'v=spf1 mx -all');
    expect(find(many.root, 'mx')?.problem).toMatch(/11 MX hosts.*at most 10/);
  });

  it('does not look up macro terms, but counts them', async () => {
    const dns = memoryProbeDns(ZONE);
    const t = await buildSpfTree(dns, 'example.test', 'v=spf1 exists:%{i}._spf.%{d} -all');
    expect(t.lookups).toBe(1);
    expect(find(t.root, 'exists:%{i}._spf.%{d}')?.resolvesTo).toEqual(['(macro: expanded per message)']);
    expect(dns.asked).toEqual([]);
  });

  it('reports DNS failures as failures, not voids', async () => {
    const t = await buildSpfTree(memoryProbeDns({ 'broken.test': [{ type: 'SERVFAIL' }] }), 'example.test', 'v=spf1 include:broken.test a:broken.test -all');
    expect(t.voids).toEqual([]);
    expect(t.failures.map((q) => `${q.type} ${q.name} ${q.outcome}`).sort()).toEqual(['A broken.test servfail', 'TXT broken.test servfail']);
    expect(find(t.root, 'include:broken.test')?.problem).toMatch(/SERVFAIL.*temperror/);
  });
});
