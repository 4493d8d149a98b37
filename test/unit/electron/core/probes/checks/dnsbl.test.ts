import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../../../../electron/core/probes/check-types';
import { DNSBL_MAX_IN_FLIGHT, dnsblCheck } from '../../../../../../electron/core/probes/checks/dnsbl';
import { memoryContext, testRequest, type MemoryZone } from '../../../../../support/probes/memory-probe-dns';

const zone: MemoryZone = {
  'example.test': [{ type: 'MX', priority: 10, exchange: 'mx1.example.test' }],
  'mx1.example.test': [{ type: 'A', value: '192.0.2.10' }],
  // Sending IP 192.0.2.1: SBL + XBL on ZEN, servfail on SpamCop, an unknown code on Barracuda, neighbourhood on UCEPROTECT L2.
  '1.2.0.192.zen.spamhaus.org': [{ type: 'A', value: '127.0.0.2' }, { type: 'A', value: '127.0.0.4' }, { type: 'TXT', value: ['https://check.spamhaus.org/sbl/query/SBL1'] }],
  '1.2.0.192.bl.spamcop.net': [{ type: 'SERVFAIL' }],
  '1.2.0.192.b.barracudacentral.org': [{ type: 'A', value: '127.0.0.99' }],
  '1.2.0.192.dnsbl-2.uceprotect.net': [{ type: 'A', value: '127.0.0.2' }],
  '1.2.0.192.psbl.surriel.com': [{ type: 'A', value: '198.51.100.80' }],
  // MX 192.0.2.10: PBL only.
  '10.2.0.192.zen.spamhaus.org': [{ type: 'A', value: '127.0.0.11' }],
  // Domain: DBL refuses (public resolver), URIBL refuses, SURBL lists PH+ABUSE.
  'example.test.dbl.spamhaus.org': [{ type: 'A', value: '127.255.255.254' }],
  'example.test.multi.uribl.com': [{ type: 'A', value: '127.0.0.1' }, { type: 'TXT', value: ['127.0.0.1 -> Query Refused. [Your DNS IP: 8.8.8.8]'] }],
  'example.test.multi.surbl.org': [{ type: 'A', value: '127.0.0.72' }],
};

async function run(over: Parameters<typeof testRequest>[1] = {}) {
  // A chosen non-public server by default, so the machine's own resolver settings never change the outcome.
  const ctx = memoryContext(testRequest('example.test', { ip: '192.0.2.1', dns: { servers: ['127.0.0.1:53'] }, ...over }), zone);
  const checks: CheckResult[] = [];
  await dnsblCheck.run(ctx, (c) => checks.push(c));
  const byId = (id: string) => {
    const c = checks.find((x) => x.id === id);
    if (!c) throw new Error(`no check ${id}: ${checks.map((x) => x.id).join(' ')}`);
    return c;
  };
  return { checks, byId, ctx };
}

describe('dnsbl check', () => {
  it('decodes listings, and reports refusals and failures as could-not-check', async () => {
    const { byId, checks } = await run();
    const zen = byId('dnsbl.zen.spamhaus.org.192.0.2.1');
    expect(zen.status).toBe('fail');
    expect(zen.title).toContain('SBL, XBL');
    expect(zen.explanation).toContain('check.spamhaus.org/sbl/query/SBL1');
    expect(zen.evidence.dns.map((q) => `${q.type} ${q.name}`)).toEqual(['A 1.2.0.192.zen.spamhaus.org', 'TXT 1.2.0.192.zen.spamhaus.org']);

    expect(byId('dnsbl.bl.spamcop.net.192.0.2.1').status).toBe('error');
    expect(byId('dnsbl.b.barracudacentral.org.192.0.2.1')).toMatchObject({ status: 'fail', title: expect.stringContaining('unknown code') });
    expect(byId('dnsbl.dnsbl-2.uceprotect.net.192.0.2.1')).toMatchObject({ status: 'info', title: expect.stringContaining('network') });
    expect(byId('dnsbl.psbl.surriel.com.192.0.2.1')).toMatchObject({ status: 'error', title: expect.stringContaining('not a blocklist code') });
    expect(byId('dnsbl.bl.mailspike.net.192.0.2.1').status).toBe('pass');

    const mxPbl = byId('dnsbl.zen.spamhaus.org.192.0.2.10');
    expect(mxPbl.status).toBe('warn');
    expect(mxPbl.title).toContain('MX mx1.example.test');
    expect(mxPbl.evidence.dns.map((q) => q.type)).toContain('MX');

    const dbl = byId('dnsbl.dbl.spamhaus.org.example.test');
    expect(dbl.status).toBe('error');
    expect(dbl.title).toBe('Could not check: Spamhaus DBL refuses queries from your resolver');
    expect(dbl.fix).toMatch(/own recursive resolver|DQS/);
    expect(byId('dnsbl.multi.uribl.com.example.test')).toMatchObject({ status: 'error', explanation: expect.stringContaining('Your DNS IP') });
    expect(byId('dnsbl.multi.surbl.org.example.test')).toMatchObject({ status: 'fail', title: expect.stringContaining('PH, ABUSE') });

    // No refusal ever became a listing or a pass.
    for (const c of checks.filter((x) => x.explanation.includes('refus'))) expect(['error', 'warn']).toContain(c.status);
    expect(checks.some((c) => c.id === 'dnsbl.resolver')).toBe(false);
  });

  it('fails a PBL listing for the sending IP (direct-to-MX sending from end-user space)', async () => {
    const { byId } = await run({ ip: '192.0.2.10' });
    const c = byId('dnsbl.zen.spamhaus.org.192.0.2.10');
    expect(c.status).toBe('fail');
    expect(c.title).toContain('sending IP, MX mx1.example.test');
  });

  it('warns first when a public resolver is chosen', async () => {
    const { checks } = await run({ dns: { servers: ['8.8.8.8'] } });
    expect(checks[0]).toMatchObject({ id: 'dnsbl.resolver', status: 'warn' });
    const dbl = checks.find((c) => c.id === 'dnsbl.dbl.spamhaus.org.example.test');
    expect(dbl?.explanation).toContain('8.8.8.8 (Google Public DNS)');
  });

  it('asks domain lists about a probed subdomain and its organisational domain', async () => {
    const ctx = memoryContext(testRequest('mail.example.co.uk', { dns: { servers: ['127.0.0.1:53'] } }), {
      'example.co.uk.dbl.spamhaus.org': [{ type: 'A', value: '127.0.1.2' }],
    });
    const checks: CheckResult[] = [];
    await dnsblCheck.run(ctx, (c) => checks.push(c));
    expect(checks.find((c) => c.id === 'dnsbl.dbl.spamhaus.org.mail.example.co.uk')?.status).toBe('pass');
    expect(checks.find((c) => c.id === 'dnsbl.dbl.spamhaus.org.example.co.uk')).toMatchObject({ status: 'fail', title: 'example.co.uk (organisational domain) listed on Spamhaus DBL: spam' });
  });

  it('skips private addresses and IPv6 on lists without IPv6', async () => {
    const { checks } = await run({ ip: '2001:db8::5' });
    expect(checks.find((c) => c.id === 'dnsbl.ipv6.2001:db8::5')?.status).toBe('info');
    expect(checks.filter((c) => c.subject === '2001:db8::5' && c.id.startsWith('dnsbl.zen'))).toHaveLength(1);
    const priv = await run({ ip: '10.1.2.3' });
    expect(priv.checks.find((c) => c.id === 'dnsbl.private.10.1.2.3')?.status).toBe('info');
    expect(priv.ctx.dns.asked.some((q) => q.includes('3.2.1.10.'))).toBe(false);
  });

  it('keeps at most DNSBL_MAX_IN_FLIGHT list questions in flight, and still asks every one', async () => {
    const many: MemoryZone = { 'example.test': [{ type: 'MX', priority: 10, exchange: 'mx.example.test' }], 'mx.example.test': [1, 2, 3, 4, 5, 6].map((i) => ({ type: 'A' as const, value: `192.0.2.${i}` })) };
    const ctx = memoryContext(testRequest('example.test', { ip: '198.51.100.1', dns: { servers: ['127.0.0.1:53'] } }), many);
    const inner = ctx.dns.lookup.bind(ctx.dns);
    let now = 0;
    let peak = 0;
    let listQuestions = 0;
    ctx.dns.lookup = async (name, type) => {
      const isList = /\.(org|net|com)$/.test(name) && name.split('.').length > 3;
      if (isList) { listQuestions += 1; now += 1; peak = Math.max(peak, now); }
      try {
        await new Promise((r) => setTimeout(r, 2));
        return await inner(name, type);
      } finally {
        if (isList) now -= 1;
      }
    };
    const checks: CheckResult[] = [];
    await dnsblCheck.run(ctx, (c) => checks.push(c));
    // 7 addresses × 8 IP lists + 3 domain lists.
    expect(listQuestions).toBe(7 * 8 + 3);
    expect(checks.filter((c) => c.status === 'pass')).toHaveLength(7 * 8 + 3);
    expect(peak).toBe(DNSBL_MAX_IN_FLIGHT);
  });
});
