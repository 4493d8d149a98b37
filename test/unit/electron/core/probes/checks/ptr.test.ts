import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../../../../electron/core/probes/check-types';
import { ptrCheck } from '../../../../../../electron/core/probes/checks/ptr';
import { memoryContext, testRequest, type MemoryZone } from '../../../../../support/probes/memory-probe-dns';

const zone: MemoryZone = {
  'example.test': [{ type: 'MX', priority: 10, exchange: 'mx1.example.test' }, { type: 'MX', priority: 20, exchange: 'mx2.example.test' }],
  'mx1.example.test': [{ type: 'A', value: '192.0.2.10' }, { type: 'AAAA', value: '2001:db8::10' }],
  'mx2.example.test': [{ type: 'A', value: '192.0.2.20' }],
  // mx1 IPv4: forward-confirmed.
  '10.2.0.192.in-addr.arpa': [{ type: 'PTR', value: 'mx1.example.test' }],
  // mx1 IPv6: no PTR (NXDOMAIN).
  // mx2: PTR to a name that points elsewhere (FCrDNS mismatch).
  '20.2.0.192.in-addr.arpa': [{ type: 'PTR', value: 'old-mx.example.test' }],
  'old-mx.example.test': [{ type: 'A', value: '198.51.100.9' }],
  // Sending IP: generic but forward-confirmed.
  '1.2.0.192.in-addr.arpa': [{ type: 'PTR', value: 'ip-192-0-2-1.dyn.isp.example' }],
  'ip-192-0-2-1.dyn.isp.example': [{ type: 'A', value: '192.0.2.1' }],
  // Another sending IP: reverse zone broken.
  '2.2.0.192.in-addr.arpa': [{ type: 'SERVFAIL' }],
};

async function run(ip: string | null) {
  const ctx = memoryContext(testRequest('example.test', { ip }), zone);
  const checks: CheckResult[] = [];
  await ptrCheck.run(ctx, (c) => checks.push(c));
  return (id: string) => {
    const c = checks.find((x) => x.id === id);
    if (!c) throw new Error(`no ${id} in ${checks.map((x) => x.id).join(' ')}`);
    return c;
  };
}

describe('ptr check', () => {
  it('passes a forward-confirmed MX address and cites its queries', async () => {
    const get = await run(null);
    const c = get('ptr.192.0.2.10');
    expect(c.status).toBe('pass');
    expect(c.title).toBe('192.0.2.10 (MX mx1.example.test): PTR mx1.example.test, forward-confirmed');
    expect(c.evidence.dns.map((q) => `${q.type} ${q.name}`)).toEqual(expect.arrayContaining(['MX example.test', 'PTR 10.2.0.192.in-addr.arpa', 'A mx1.example.test']));
  });

  it('warns (MX) about a missing PTR and an FCrDNS mismatch', async () => {
    const get = await run(null);
    const v6 = get('ptr.2001:db8::10');
    expect(v6.status).toBe('warn');
    expect(v6.title).toContain('no PTR record');
    expect(v6.evidence.dns.some((q) => q.name.endsWith('.ip6.arpa') && q.outcome === 'nxdomain')).toBe(true);
    const mx2 = get('ptr.192.0.2.20');
    expect(mx2.status).toBe('warn');
    expect(mx2.title).toContain('does not resolve back (FCrDNS fails)');
    expect(mx2.explanation).toContain('old-mx.example.test → 198.51.100.9');
  });

  it('fails a sending IP without PTR, flags a generic one, and reports a broken reverse zone as error', async () => {
    const none = (await run('198.51.100.77'))('ptr.198.51.100.77');
    expect(none.status).toBe('fail');
    expect(none.title).toBe('198.51.100.77 (sending IP): no PTR record');
    expect(none.fix).toContain('PTR of 198.51.100.77');

    const generic = (await run('192.0.2.1'))('ptr.192.0.2.1');
    expect(generic.status).toBe('warn');
    expect(generic.title).toContain('looks generic');
    expect(generic.explanation).toContain('spelled out');

    expect((await run('192.0.2.2'))('ptr.192.0.2.2').status).toBe('error');
  });
});

describe('ptr check: forward lookup failing', () => {
  it('says forward confirmation is unknown when the PTR name\'s lookup fails', async () => {
    const ctx = memoryContext(testRequest('none.test', { ip: '192.0.2.40' }), {
      '40.2.0.192.in-addr.arpa': [{ type: 'PTR', value: 'broken.example' }],
      'broken.example': [{ type: 'SERVFAIL' }],
    });
    const checks: CheckResult[] = [];
    await ptrCheck.run(ctx, (c) => checks.push(c));
    expect(checks.find((c) => c.id === 'ptr.192.0.2.40')).toMatchObject({ status: 'error', title: '192.0.2.40 (sending IP): PTR broken.example, forward confirmation unknown' });
  });
});
