// The probe's DNS layer against a real DNS server on loopback (UDP and TCP on
// one port): both sources, every outcome told apart, TTLs, CNAME chains, TCP
// fallback on truncation, and the per-run cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDnsSource } from '../../../electron/core/probes/dns/node-source';
import { createRunDns } from '../../../electron/core/probes/dns/run-dns';
import { createWireDnsSource } from '../../../electron/core/probes/dns/wire-source';
import type { ProbeDnsQuery } from '../../../shared/model/probe';
import { type LoopbackDnsServer, startLoopbackDnsServer } from '../../support/dns/loopback-dns-server';

// Three strings of ≤ 255 bytes, over 600 bytes in all: too big for a 512-byte UDP reply.
const LONG_SPF = [
  'v=spf1 ' + Array.from({ length: 12 }, (_, i) => `ip4:198.51.100.${i}`).join(' ') + ' ',
  Array.from({ length: 12 }, (_, i) => `ip4:203.0.113.${i}`).join(' ') + ' ',
  Array.from({ length: 12 }, (_, i) => `ip4:192.0.2.${i}`).join(' ') + ' -all',
];

let dns: LoopbackDnsServer;
let small: LoopbackDnsServer;
let authoritative: LoopbackDnsServer;

beforeAll(async () => {
  const table = {
    'example.test': [
      { type: 'A', value: '192.0.2.7', ttl: 120 },
      { type: 'A', value: '192.0.2.8', ttl: 60 },
      { type: 'TXT', value: ['v=spf1 ', 'ip4:192.0.2.0/24 -all'], ttl: 45 },
      { type: 'MX', priority: 10, exchange: 'mx.example.test', ttl: 77 },
    ],
    'null.test': [{ type: 'MX', priority: 0, exchange: '.' }],
    'big.test': [{ type: 'TXT', value: LONG_SPF, ttl: 30 }],
    'sel._domainkey.example.test': [{ type: 'CNAME', value: 'sel.dkim.esp.test', ttl: 600 }],
    'sel.dkim.esp.test': [{ type: 'CNAME', value: 'key1.esp.test', ttl: 400 }],
    'key1.esp.test': [{ type: 'TXT', value: ['v=DKIM1; p=abc'], ttl: 500 }],
    'dangling.example.test': [{ type: 'CNAME', value: 'gone.esp.test' }],
    'broken.test': [{ type: 'SERVFAIL' }],
    'refused.test': [{ type: 'REFUSED' }],
    'silent.test': [{ type: 'DROP' }],
  } as const;
  dns = await startLoopbackDnsServer(structuredClone(table) as never);
  small = await startLoopbackDnsServer(structuredClone(table) as never, { maxUdpPayload: 512 });
  authoritative = await startLoopbackDnsServer(structuredClone(table) as never, { chaseCnames: false });
});

afterAll(async () => {
  await Promise.all([dns.close(), small.close(), authoritative.close()]);
});

const sources = {
  wire: (server: string, timeoutMs = 400, tries = 1) => createWireDnsSource({ servers: [server], timeoutMs, tries }),
  node: (server: string, timeoutMs = 400, tries = 1) => createNodeDnsSource({ servers: [server], timeoutMs, tries }),
};

describe.each(Object.keys(sources) as (keyof typeof sources)[])('%s source', (kind) => {
  const make = sources[kind];

  it('answers A, TXT (strings kept apart), MX and null MX', async () => {
    const s = make(dns.server);
    const a = await s.resolve('example.test', 'A');
    expect(a.outcome).toBe('answer');
    expect(a.records.map((r) => ('value' in r ? r.value : '')).sort()).toEqual(['192.0.2.7', '192.0.2.8']);
    expect(a.ttl).toBe(60);
    const txt = await s.resolve('example.test', 'TXT');
    expect(txt.records).toEqual([{ type: 'TXT', chunks: ['v=spf1 ', 'ip4:192.0.2.0/24 -all'] }]);
    const mx = await s.resolve('Example.Test.', 'MX');
    expect(mx.records).toEqual([{ type: 'MX', priority: 10, exchange: 'mx.example.test' }]);
    const nullMx = await s.resolve('null.test', 'MX');
    expect(nullMx.records).toEqual([{ type: 'MX', priority: 0, exchange: '' }]);
    if (kind === 'wire') {
      expect(txt.ttl).toBe(45);
      expect(mx.ttl).toBe(77);
    } else {
      expect(txt.ttl).toBeNull();
      expect(txt.note).toMatch(/does not expose TTLs for TXT/);
    }
  });

  it('tells NXDOMAIN, NODATA, SERVFAIL, REFUSED and timeout apart', async () => {
    const s = make(dns.server, 250, 1);
    expect((await s.resolve('nowhere.test', 'TXT')).outcome).toBe('nxdomain');
    expect((await s.resolve('example.test', 'PTR')).outcome).toBe('nodata');
    expect((await s.resolve('broken.test', 'TXT')).outcome).toBe('servfail');
    expect((await s.resolve('refused.test', 'TXT')).outcome).toBe('refused');
    const started = Date.now();
    expect((await s.resolve('silent.test', 'TXT')).outcome).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('shows the CNAME chain to a DKIM key', async () => {
    const s = make(dns.server);
    const r = await s.resolve('sel._domainkey.example.test', 'TXT');
    expect(r.outcome).toBe('answer');
    expect(r.cnames).toEqual(['sel.dkim.esp.test', 'key1.esp.test']);
    expect(r.records).toEqual([{ type: 'TXT', chunks: ['v=DKIM1; p=abc'] }]);
    if (kind === 'wire') expect(r.ttl).toBe(400);
    const dangling = await s.resolve('dangling.example.test', 'TXT');
    expect(dangling.outcome).toBe('nxdomain');
    expect(dangling.cnames).toEqual(['gone.esp.test']);
  });

  it('reads a TXT record too big for a 512-byte UDP reply (TCP fallback)', async () => {
    const before = small.questions.length;
    const r = await make(small.server).resolve('big.test', 'TXT');
    expect(r.outcome).toBe('answer');
    expect(r.records).toEqual([{ type: 'TXT', chunks: LONG_SPF }]);
    const asked = small.questions.slice(before).filter((q) => q.name === 'big.test' && q.type === 'TXT');
    expect(asked.map((q) => q.transport)).toEqual(['udp', 'tcp']);
    if (kind === 'wire') expect(r.note).toMatch(/TCP \(the UDP reply was truncated\)/);
  });
});

describe('wire source specifics', () => {
  it('chases a CNAME itself when the server only returns the CNAME', async () => {
    const r = await createWireDnsSource({ servers: [authoritative.server], timeoutMs: 400, tries: 1 }).resolve('sel._domainkey.example.test', 'TXT');
    expect(r.outcome).toBe('answer');
    expect(r.cnames).toEqual(['sel.dkim.esp.test', 'key1.esp.test']);
    expect(r.ttl).toBe(400);
  });

  it('gives the negative TTL from the SOA for NXDOMAIN', async () => {
    const r = await createWireDnsSource({ servers: [dns.server], timeoutMs: 400, tries: 1 }).resolve('nowhere.test', 'A');
    expect(r.ttl).toBe(60);
  });

  it('moves to the next server after a timeout and after SERVFAIL, and says so', async () => {
    const silentFirst = await startLoopbackDnsServer({ 'example.test': [{ type: 'DROP' }] });
    const failFirst = await startLoopbackDnsServer({ 'example.test': [{ type: 'SERVFAIL' }] });
    try {
      const a = await createWireDnsSource({ servers: [silentFirst.server, dns.server], timeoutMs: 200, tries: 2 }).resolve('example.test', 'TXT');
      expect(a.outcome).toBe('answer');
      expect(a.server).toBe(dns.server);
      expect(a.note).toMatch(new RegExp(`${silentFirst.server}: no answer over UDP within 200 ms`));
      const b = await createWireDnsSource({ servers: [failFirst.server, dns.server], timeoutMs: 200, tries: 2 }).resolve('example.test', 'TXT');
      expect(b.outcome).toBe('answer');
      expect(b.note).toMatch(/SERVFAIL/);
      // SERVFAIL everywhere = servfail, not a timeout; the failing server is asked once.
      const before = failFirst.questions.length;
      const c = await createWireDnsSource({ servers: [failFirst.server], timeoutMs: 200, tries: 3 }).resolve('example.test', 'TXT');
      expect(c.outcome).toBe('servfail');
      expect(failFirst.questions.length - before).toBe(1);
    } finally {
      await Promise.all([silentFirst.close(), failFirst.close()]);
    }
  });

  it('asks again without EDNS0 when the server answers FORMERR to it', async () => {
    const old = await startLoopbackDnsServer({ 'example.test': [{ type: 'TXT', value: ['v=spf1 -all'] }] }, { rejectEdns: true });
    try {
      const r = await createWireDnsSource({ servers: [old.server], timeoutMs: 300, tries: 1 }).resolve('example.test', 'TXT');
      expect(r.outcome).toBe('answer');
      expect(r.note).toMatch(/without EDNS0/);
      expect(old.questions.length).toBe(2);
    } finally {
      await old.close();
    }
  });

  it('retries a silent server `tries` times', async () => {
    const before = dns.questions.filter((q) => q.name === 'silent.test').length;
    const r = await createWireDnsSource({ servers: [dns.server], timeoutMs: 150, tries: 3 }).resolve('silent.test', 'A');
    expect(r.outcome).toBe('timeout');
    expect(dns.questions.filter((q) => q.name === 'silent.test').length - before).toBe(3);
  });
});

describe('run DNS (cache and per-check views)', () => {
  it('asks once for the same name and type, and marks the reuse as cached', async () => {
    const streamed: ProbeDnsQuery[] = [];
    const run = createRunDns({ servers: [dns.server], timeoutMs: 400, tries: 1 }, new AbortController().signal, (q) => streamed.push(q));
    const before = dns.questions.length;
    const one = run.view();
    const two = run.view();
    const [x, y] = await Promise.all([one.lookup('example.test', 'MX'), two.lookup('EXAMPLE.test.', 'mx')]);
    expect(dns.questions.length - before).toBe(1);
    expect(x.query.cached).toBe(false);
    expect(y.query.cached).toBe(true);
    expect(y.query.seq).toBe(x.query.seq);
    expect(y.records).toEqual(x.records);
    await two.lookup('example.test', 'A');
    expect(one.queries.map((q) => `${q.type} ${q.name}`)).toEqual(['MX example.test']);
    expect(two.queries.map((q) => `${q.type} ${q.name} ${q.cached}`)).toEqual(['MX example.test true', 'A example.test false']);
    expect(streamed.map((q) => q.seq)).toEqual([1, 2]);
    expect(run.queries).toEqual(streamed);
    expect(run.description).toContain(dns.server);
  });

  it('rejects lookups once the run is cancelled, promptly', async () => {
    const controller = new AbortController();
    const run = createRunDns({ servers: [dns.server], timeoutMs: 2000, tries: 2 }, controller.signal);
    const pending = run.view().lookup('silent.test', 'TXT');
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await expect(pending).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('uses node:dns when asked', async () => {
    const run = createRunDns({ servers: [dns.server], timeoutMs: 400, tries: 1, source: 'node' }, new AbortController().signal);
    const r = await run.view().lookup('example.test', 'TXT');
    expect(r.query.outcome).toBe('answer');
    expect(run.description).toMatch(/node:dns/);
  });
});
