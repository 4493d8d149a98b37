// The MX, SPF, DKIM and DMARC check modules against a real DNS server on
// loopback (UDP and TCP), through both DNS sources: the wire client and
// node:dns. Each zone is one case of the list.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dkimCheck } from '../../../electron/core/probes/checks/dkim';
import { dmarcCheck } from '../../../electron/core/probes/checks/dmarc';
import { dnsChecks } from '../../../electron/core/probes/checks/index-dns';
import { mxCheck } from '../../../electron/core/probes/checks/mx';
import { spfCheck } from '../../../electron/core/probes/checks/spf';
import type { DnsSourceKind } from '../../../electron/core/probes/dns/run-dns';
import type { SpfTreeNode } from '../../../shared/model/probe';
import { type LoopbackDnsServer, type LoopbackRow, splitTxt, startLoopbackDnsServer } from '../../support/dns/loopback-dns-server';
import { probeRequest, runChecks } from '../../support/probes/run-check';

const keys = JSON.parse(readFileSync(new URL('../../fixtures/probes/dkim-public-keys.json', import.meta.url), 'utf8')) as { rsa1024: string; rsa2048: string };
const txt = (...value: string[]): LoopbackRow => ({ type: 'TXT', value });

// 11 includes in a chain: chain.test → l1 → … → l10, each one DNS-querying term.
const chain: Record<string, LoopbackRow[]> = { 'chain.test': [txt('v=spf1 include:l1.chain.test -all')] };
for (let i = 1; i <= 10; i++) chain[`l${i}.chain.test`] = [txt(i < 10 ? `v=spf1 include:l${i + 1}.chain.test -all` : 'v=spf1 ip4:192.0.2.0/24 mx -all')];

// Over 512 bytes in three ≤255-byte strings, each ending with a space: valid when joined.
const BIG_SPF = [
  'v=spf1 ' + Array.from({ length: 12 }, (_, i) => `ip4:198.51.100.${i}`).join(' ') + ' ',
  Array.from({ length: 12 }, (_, i) => `ip4:203.0.113.${i}`).join(' ') + ' ',
  Array.from({ length: 12 }, (_, i) => `ip4:192.0.2.${i}`).join(' ') + ' -all',
];

const ZONE: Record<string, LoopbackRow[]> = {
  // A healthy domain.
  'good.test': [
    { type: 'MX', priority: 10, exchange: 'mx1.good.test' },
    { type: 'MX', priority: 20, exchange: 'mx2.good.test' },
    txt('v=spf1 include:_spf.esp.test ip4:192.0.2.0/24 -all'),
    txt('google-site-verification=abc'),
  ],
  'mx1.good.test': [{ type: 'A', value: '192.0.2.10' }, { type: 'AAAA', value: '2001:db8::10' }],
  'mx2.good.test': [{ type: 'A', value: '192.0.2.11' }],
  '_spf.esp.test': [txt('v=spf1 ip4:198.51.100.0/24 ~all')],
  '_dmarc.good.test': [txt('v=DMARC1; p=reject; rua=mailto:dmarc@good.test')],
  'google._domainkey.good.test': [txt(...splitTxt(`v=DKIM1; k=rsa; p=${keys.rsa2048}`))],
  // MX cases.
  'nullmx.test': [{ type: 'MX', priority: 0, exchange: '.' }, txt('v=spf1 -all')],
  'mixednull.test': [{ type: 'MX', priority: 0, exchange: '.' }, { type: 'MX', priority: 10, exchange: 'mx1.good.test' }],
  'cnamemx.test': [{ type: 'MX', priority: 10, exchange: 'alias.cnamemx.test' }],
  'alias.cnamemx.test': [{ type: 'CNAME', value: 'mx1.good.test' }],
  'ipmx.test': [{ type: 'MX', priority: 10, exchange: '192.0.2.5' }],
  'deadmx.test': [{ type: 'MX', priority: 10, exchange: 'gone.deadmx.test' }],
  'privatemx.test': [{ type: 'MX', priority: 10, exchange: 'mx.privatemx.test' }],
  'mx.privatemx.test': [{ type: 'A', value: '10.1.2.3' }, { type: 'AAAA', value: '2001:db8::25' }],
  'implicit.test': [{ type: 'A', value: '192.0.2.80' }],
  'nomail.test': [txt('hello')],
  // SPF cases.
  'twospf.test': [txt('v=spf1 include:_spf.esp.test -all'), txt('v=spf1 ip4:192.0.2.1 ~all')],
  ...chain,
  'void.test': [txt('v=spf1 a:nx1.void.test a:nx2.void.test mx:nx3.void.test -all')],
  'loop.test': [txt('v=spf1 include:loop-b.test -all')],
  'loop-b.test': [txt('v=spf1 ip4:192.0.2.1 include:loop.test ~all')],
  'big.test': [txt(...BIG_SPF)],
  'glued.test': [txt('v=spf1 ip4:192.0.2.1', 'include:_spf.esp.test -all')],
  'plusall.test': [txt('v=spf1 +all')],
  'ptr.test': [txt('v=spf1 ptr:ptr.test ?all')],
  'missinginclude.test': [txt('v=spf1 include:nothing.esp.test -all')],
  'badredirect.test': [txt('v=spf1 ip4:192.0.2.1 redirect=nothing.esp.test')],
  'nothing.esp.test': [{ type: 'A', value: '192.0.2.200' }],
  // DKIM cases.
  'dkim.test': [{ type: 'MX', priority: 10, exchange: 'mx1.good.test' }],
  's1._domainkey.dkim.test': [{ type: 'CNAME', value: 's1.domainkey.u42.wl.sendgrid.net' }],
  's1.domainkey.u42.wl.sendgrid.net': [txt(...splitTxt(`v=DKIM1; k=rsa; p=${keys.rsa2048}`))],
  'k1._domainkey.dkim.test': [txt('v=DKIM1; k=rsa; p=')],
  'selector1._domainkey.dkim.test': [txt(`v=DKIM1; p=${keys.rsa1024}`)],
  'old._domainkey.dkim.test': [{ type: 'CNAME', value: 'old.dkim.mailgun.org' }],
  // DMARC cases.
  '_dmarc.rua.test': [txt('v=DMARC1; p=none; rua=mailto:agg@reports.thirdparty.test,mailto:me@rua.test')],
  '_dmarc.authorised.test': [txt('v=DMARC1; p=quarantine; pct=50; rua=mailto:agg@collector.test')],
  'authorised.test._report._dmarc.collector.test': [txt('v=DMARC1')],
  '_dmarc.twodmarc.test': [txt('v=DMARC1; p=reject'), txt('v=DMARC1; p=none')],
  '_dmarc.org.test': [txt('v=DMARC1; p=reject; sp=quarantine')],
  'sub.org.test': [{ type: 'A', value: '192.0.2.99' }],
  // DNS failures.
  'servfail.test': [{ type: 'SERVFAIL' }],
  'refused.test': [{ type: 'REFUSED' }],
  'silent.test': [{ type: 'DROP' }],
};

let dns: LoopbackDnsServer;
beforeAll(async () => {
  // 512 bytes at most over UDP whatever the client's EDNS says, so the big SPF record needs TCP.
  dns = await startLoopbackDnsServer(ZONE, { maxUdpPayload: 512 });
});
afterAll(async () => {
  await dns.close();
});

describe.each(['wire', 'node'] as DnsSourceKind[])('DNS checks over the %s source', (source) => {
  const run = (defs: Parameters<typeof runChecks>[0], domain: string, over: Parameters<typeof probeRequest>[1] = {}) =>
    runChecks(defs, probeRequest(domain, over), { servers: [dns.server], source, timeoutMs: 300, tries: 1 });

  it('passes a healthy domain, with every check citing its queries', async () => {
    const r = await run(dnsChecks, 'good.test', { selectors: ['google'] });
    const statuses = Object.fromEntries(r.checks.map((c) => [c.id, c.status]));
    expect(statuses).toMatchObject({
      'mx.records': 'pass',
      'mx.host.mx1.good.test': 'pass',
      'mx.host.mx2.good.test': 'pass',
      'spf.record': 'pass',
      'spf.syntax': 'pass',
      'spf.includes': 'pass',
      'spf.lookups': 'pass',
      'spf.void-lookups': 'pass',
      'spf.all': 'pass',
      'spf.ptr': 'pass',
      'spf.length': 'pass',
      'dkim.google': 'pass',
      'dkim.selectors': 'info',
      'dmarc.record': 'pass',
      'dmarc.policy': 'pass',
      'dmarc.reports': 'pass',
    });
    expect(r.checks.filter((c) => c.status === 'fail' || c.status === 'error')).toEqual([]);
    for (const c of r.checks) expect(c.evidence.dns.length, c.id).toBeGreaterThan(0);
    expect(r.byId('mx.host.mx1.good.test').evidence.dns.map((q) => `${q.type} ${q.name}`)).toEqual(expect.arrayContaining(['MX good.test', 'A mx1.good.test', 'AAAA mx1.good.test']));
    expect(r.byId('dkim.google').title).toMatch(/2048-bit RSA/);
    // One wire query per (name, type) for the whole run, however many checks asked.
    const keys = r.queries.map((q) => `${q.type} ${q.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    if (source === 'wire') expect(r.byId('spf.record').evidence.dns[0]?.ttl).toBe(300);
  });

  it('evaluates a given IP with mailauth and marks the deciding terms in the tree', async () => {
    const inInclude = await run([spfCheck], 'good.test', { ip: '198.51.100.7' });
    const ip = inInclude.byId('spf.ip');
    expect(ip.status).toBe('pass');
    expect(ip.title).toBe('SPF for 198.51.100.7: pass');
    const tree = ip.evidence.spfTree as SpfTreeNode;
    const include = tree.children.find((c) => c.term === 'include:_spf.esp.test');
    expect(include?.matchedIp).toBe(true);
    expect(include?.children.find((c) => c.term === 'ip4:198.51.100.0/24')?.matchedIp).toBe(true);
    const outside = await run([spfCheck], 'good.test', { ip: '203.0.113.9' });
    expect(outside.byId('spf.ip')).toMatchObject({ status: 'fail', title: 'SPF for 203.0.113.9: fail' });
  });

  it('MX: null MX, null MX mixed in, CNAME target, IP literal, a host that does not resolve', async () => {
    expect((await run([mxCheck], 'nullmx.test')).byId('mx.records')).toMatchObject({ status: 'info', title: expect.stringMatching(/Null MX/) });
    expect((await run([mxCheck], 'mixednull.test')).byId('mx.records').status).toBe('fail');
    const cname = (await run([mxCheck], 'cnamemx.test')).byId('mx.host.alias.cnamemx.test');
    expect(cname.status).toBe('warn');
    expect(cname.explanation).toMatch(/CNAME → mx1\.good\.test/);
    expect((await run([mxCheck], 'ipmx.test')).byId('mx.host.192.0.2.5')).toMatchObject({ status: 'fail', title: expect.stringMatching(/IP address/) });
    const internal = (await run([mxCheck], 'privatemx.test')).byId('mx.host.mx.privatemx.test');
    expect(internal).toMatchObject({ status: 'warn', title: 'MX mx.privatemx.test resolves to private addresses among others (10.1.2.3)' });
    const dead = (await run([mxCheck], 'deadmx.test')).byId('mx.host.gone.deadmx.test');
    expect(dead.status).toBe('fail');
    expect(dead.explanation).toMatch(/does not exist in DNS \(NXDOMAIN\)/);
  });

  it('MX: no MX falls back to the implicit MX, or fails when there is no address either', async () => {
    const implicit = (await run([mxCheck], 'implicit.test')).byId('mx.records');
    expect(implicit.status).toBe('warn');
    expect(implicit.explanation).toMatch(/implicit MX.*192\.0\.2\.80/);
    expect((await run([mxCheck], 'nomail.test')).byId('mx.records')).toMatchObject({ status: 'fail', title: expect.stringMatching(/cannot receive mail/) });
    expect((await run([mxCheck], 'nowhere.test')).byId('mx.records')).toMatchObject({ status: 'fail', title: 'nowhere.test does not exist in DNS' });
  });

  it('SPF: two records are a permerror', async () => {
    const r = await run([spfCheck], 'twospf.test');
    expect(r.byId('spf.record')).toMatchObject({ status: 'fail', title: '2 SPF records: permerror' });
    expect(r.checks.map((c) => c.id)).toEqual(['spf.record']);
    // Given an IP, mailauth's verdict agrees: permerror.
    const withIp = await run([spfCheck], 'twospf.test', { ip: '192.0.2.1' });
    expect(withIp.byId('spf.ip')).toMatchObject({ status: 'fail', title: 'SPF for 192.0.2.1: permerror' });
  });

  it('SPF: an 11-lookup include chain is over the limit, with the tree in evidence', async () => {
    const r = await run([spfCheck], 'chain.test');
    const lookups = r.byId('spf.lookups');
    expect(lookups.status).toBe('fail');
    expect(lookups.title).toMatch(/^11 DNS lookups: over the limit of 10/);
    let depth = 0;
    for (let n = lookups.evidence.spfTree; n && n.children.length; n = n.children.find((c) => c.kind === 'include')) depth++;
    expect(depth).toBe(11);
    expect(lookups.evidence.facts?.length).toBe(11);
  });

  it('SPF: void lookups over the limit of 2', async () => {
    const r = await run([spfCheck], 'void.test');
    expect(r.byId('spf.void-lookups')).toMatchObject({ status: 'fail', title: '3 void lookups: over the limit of 2' });
    expect(r.byId('spf.lookups').status).toBe('pass');
  });

  it('SPF: an include loop, and an include of a domain without SPF', async () => {
    const loop = (await run([spfCheck], 'loop.test')).byId('spf.includes');
    expect(loop).toMatchObject({ status: 'fail', title: 'SPF include loop' });
    expect(loop.explanation).toMatch(/loop\.test → loop-b\.test → loop\.test/);
    const redirect = await run([spfCheck], 'badredirect.test');
    expect(redirect.byId('spf.includes').status).toBe('fail');
    expect(redirect.byId('spf.all')).toMatchObject({ status: 'warn', title: 'SPF ends in a redirect= that could not be followed' });
    const missing = (await run([spfCheck], 'missinginclude.test')).byId('spf.includes');
    expect(missing.status).toBe('fail');
    expect(missing.explanation).toMatch(/nothing\.esp\.test has no SPF record/);
  });

  it('SPF: a record over 512 bytes in three strings is read over TCP and judged', async () => {
    const before = dns.questions.length;
    const r = await run([spfCheck], 'big.test');
    expect(r.byId('spf.record').status).toBe('pass');
    expect(r.byId('spf.record').evidence.facts?.[0]?.value).toBe(BIG_SPF.join(''));
    expect(r.byId('spf.length')).toMatchObject({ status: 'warn', title: `SPF record is ${BIG_SPF.join('').length} bytes` });
    expect(r.byId('spf.length').evidence.facts?.[1]?.value).toBe(BIG_SPF.map((s) => `${s.length} bytes`).join(' + '));
    expect(dns.questions.slice(before).filter((q) => q.name === 'big.test' && q.type === 'TXT').map((q) => q.transport)).toEqual(['udp', 'tcp']);
  });

  it('SPF: strings joined without a space break a term', async () => {
    const r = await run([spfCheck], 'glued.test');
    expect(r.byId('spf.length').status).toBe('fail');
    expect(r.byId('spf.length').explanation).toContain('"ip4:192.0.2.1include:_spf.esp.test"');
  });

  it('SPF: +all fails, ptr and ?all warn', async () => {
    expect((await run([spfCheck], 'plusall.test')).byId('spf.all').status).toBe('fail');
    const ptr = await run([spfCheck], 'ptr.test');
    expect(ptr.byId('spf.ptr').status).toBe('warn');
    expect(ptr.byId('spf.all').status).toBe('warn');
  });

  it('DKIM: CNAME to an ESP, revoked key, 1024-bit key, a given selector missing, a dangling CNAME', async () => {
    const r = await run([dkimCheck], 'dkim.test', { selectors: ['custom', 'old._domainkey.dkim.test'] });
    const s1 = r.byId('dkim.s1');
    expect(s1).toMatchObject({ status: 'pass', title: 'DKIM key "s1": 2048-bit RSA (SendGrid)' });
    expect(s1.evidence.facts).toEqual(expect.arrayContaining([{ label: 'CNAME', value: 's1._domainkey.dkim.test → s1.domainkey.u42.wl.sendgrid.net' }]));
    expect(s1.evidence.dns[0]?.cnames).toEqual(['s1.domainkey.u42.wl.sendgrid.net']);
    expect(r.byId('dkim.k1')).toMatchObject({ status: 'warn', title: expect.stringMatching(/revoked/) });
    expect(r.byId('dkim.selector1')).toMatchObject({ status: 'warn', title: 'DKIM key "selector1": 1024-bit RSA' });
    expect(r.byId('dkim.custom')).toMatchObject({ status: 'fail', title: 'No DKIM key at selector "custom"' });
    const old = r.byId('dkim.old');
    expect(old).toMatchObject({ status: 'fail', title: 'DKIM selector "old" points at a missing key' });
    expect(old.explanation).toMatch(/Mailgun/);
    expect(r.byId('dkim.selectors').title).toMatch(/found at .*k1.*s1.*selector1|found at/);
    // Common selectors without a record are not reported one by one.
    expect(r.checks.some((c) => c.id === 'dkim.default')).toBe(false);
  });

  it('DKIM: no selector found is info, and says why selectors cannot be listed', async () => {
    const r = await run([dkimCheck], 'good.test');
    expect(r.byId('dkim.google').status).toBe('pass');
    const none = await run([dkimCheck], 'nullmx.test');
    expect(none.byId('dkim.selectors')).toMatchObject({ status: 'info', title: 'No DKIM key found at the selectors tried' });
    expect(none.byId('dkim.selectors').explanation).toMatch(/no way to list/);
  });

  it('DMARC: p=none is monitoring only; a third-party rua without authorization fails, with it passes', async () => {
    const r = await run([dmarcCheck], 'rua.test');
    expect(r.byId('dmarc.policy')).toMatchObject({ status: 'warn', title: 'DMARC p=none: monitoring only' });
    const auth = r.byId('dmarc.report-auth.reports.thirdparty.test');
    expect(auth.status).toBe('fail');
    expect(auth.evidence.dns.map((q) => `${q.name} ${q.outcome}`)).toEqual(['rua.test._report._dmarc.reports.thirdparty.test nxdomain']);
    expect(r.checks.some((c) => c.id === 'dmarc.report-auth.rua.test')).toBe(false);
    const ok = await run([dmarcCheck], 'authorised.test');
    expect(ok.byId('dmarc.report-auth.collector.test').status).toBe('pass');
    expect(ok.byId('dmarc.policy')).toMatchObject({ status: 'warn', title: expect.stringMatching(/p=quarantine \(1 caveat\)/) });
  });

  it('DMARC: several records count as none; a subdomain inherits the organisational record', async () => {
    expect((await run([dmarcCheck], 'twodmarc.test')).byId('dmarc.record')).toMatchObject({ status: 'fail', title: '2 DMARC records: receivers apply none' });
    const sub = await run([dmarcCheck], 'sub.org.test');
    expect(sub.byId('dmarc.record')).toMatchObject({ status: 'pass', title: 'DMARC record inherited from org.test' });
    // sp=quarantine applies to the subdomain; it is weaker than the org's p=reject, which is called out.
    expect(sub.byId('dmarc.policy')).toMatchObject({ status: 'warn', title: 'DMARC p=quarantine (1 caveat)' });
    expect(sub.byId('dmarc.policy').explanation).toMatch(/Inherited from org\.test.*sp=quarantine is weaker than p=reject/);
    expect((await run([dmarcCheck], 'nullmx.test')).byId('dmarc.record')).toMatchObject({ status: 'fail', title: 'No DMARC record' });
  });

  it('tells SERVFAIL, REFUSED and timeout apart, and never passes or fails on them', async () => {
    const servfail = await run(dnsChecks, 'servfail.test');
    for (const id of ['mx.records', 'spf.record']) {
      expect(servfail.byId(id)).toMatchObject({ status: 'error', title: expect.stringMatching(/SERVFAIL$/) });
    }
    expect(servfail.byId('mx.records').explanation).toMatch(/SERVFAIL/);
    expect(servfail.byId('mx.records').fix).toMatch(/DNSSEC/);
    expect((await run([spfCheck], 'refused.test')).byId('spf.record').title).toMatch(/REFUSED$/);
    const silent = await run([mxCheck, spfCheck], 'silent.test');
    expect(silent.byId('mx.records')).toMatchObject({ status: 'error', title: expect.stringMatching(/TIMEOUT$/) });
    expect(silent.byId('mx.records').evidence.dns[0]?.outcome).toBe('timeout');
  });
});
