// The network DNS source against a real DNS server on loopback: node:dns
// (c-ares) does the wire work, so codes, TTLs and timeouts are the real ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkSource, createRecordingResolver } from '../../../electron/core/analysis/resolver';
import { type LoopbackDnsServer, startLoopbackDnsServer } from '../../support/dns/loopback-dns-server';

let dns: LoopbackDnsServer;

beforeAll(async () => {
  dns = await startLoopbackDnsServer({
    'example.test': [
      { type: 'A', value: '192.0.2.7', ttl: 120 },
      { type: 'A', value: '192.0.2.8', ttl: 60 },
      { type: 'AAAA', value: '2001:db8::7', ttl: 90 },
      { type: 'TXT', value: ['v=spf1 ', 'ip4:192.0.2.0/24 -all'] },
      { type: 'MX', priority: 10, exchange: 'mx.example.test' },
    ],
    'sel._domainkey.example.test': [{ type: 'TXT', value: ['v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo='] }],
    'broken.test': [{ type: 'SERVFAIL' }],
    'silent.test': [{ type: 'DROP' }],
  });
});

afterAll(async () => {
  await dns.close();
});

describe('network DNS source (node:dns against a loopback server)', () => {
  it('answers in node:dns shapes and records TTL where node:dns exposes it', async () => {
    const resolver = createRecordingResolver(createNetworkSource({ servers: [dns.server], timeoutMs: 500, tries: 1 }));
    expect((await resolver('example.test', 'A')).slice().sort()).toEqual(['192.0.2.7', '192.0.2.8']);
    expect(await resolver('example.test', 'AAAA')).toEqual(['2001:db8::7']);
    expect(await resolver('example.test', 'TXT')).toEqual([['v=spf1 ', 'ip4:192.0.2.0/24 -all']]);
    expect(await resolver('example.test', 'MX')).toEqual([{ priority: 10, exchange: 'mx.example.test' }]);

    const [a, aaaa, txt] = resolver.queries;
    expect(a?.ttl).toBe(60);
    expect(aaaa?.ttl).toBe(90);
    expect(txt?.ttl).toBeNull();
    expect(txt?.ttlNote).toMatch(/does not expose/);
    expect(txt?.summary).toEqual(['v=spf1 ip4:192.0.2.0/24 -all']);
    expect(a?.source).toContain(dns.server);
    expect(dns.questions.map((q) => `${q.type} ${q.name}`)).toContain('MX example.test');
  });

  it('maps NXDOMAIN, NODATA and SERVFAIL to the codes mailauth reads', async () => {
    const resolver = createRecordingResolver(createNetworkSource({ servers: [dns.server], timeoutMs: 500, tries: 1 }));
    await expect(resolver('nowhere.test', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver('example.test', 'PTR')).rejects.toMatchObject({ code: 'ENODATA' });
    await expect(resolver('broken.test', 'TXT')).rejects.toMatchObject({ code: 'ESERVFAIL' });
    expect(resolver.queries.map((q) => q.outcome)).toEqual(['nxdomain', 'nodata', 'error']);
  });

  it('gives up with ETIMEOUT when the server never answers, within the configured bound', async () => {
    const resolver = createRecordingResolver(createNetworkSource({ servers: [dns.server], timeoutMs: 200, tries: 2 }));
    const started = Date.now();
    await expect(resolver('silent.test', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(resolver.queries[0]?.durationMs).toBeGreaterThanOrEqual(150);
    expect(dns.questions.filter((q) => q.name === 'silent.test').length).toBeGreaterThanOrEqual(2);
  });

  it('stops asking after repeated timeouts, so an unreachable server fails fast', async () => {
    const resolver = createRecordingResolver(createNetworkSource({ servers: [dns.server], timeoutMs: 150, tries: 1, failFastAfter: 2 }));
    await expect(resolver('silent.test', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    await expect(resolver('silent.test', 'A')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    const asked = dns.questions.length;
    const started = Date.now();
    await expect(resolver('example.test', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT', message: expect.stringMatching(/not asked/) });
    expect(Date.now() - started).toBeLessThan(100);
    expect(dns.questions.length).toBe(asked);
  });

  it('an answer resets the timeout count', async () => {
    const resolver = createRecordingResolver(createNetworkSource({ servers: [dns.server], timeoutMs: 150, tries: 1, failFastAfter: 2 }));
    await expect(resolver('silent.test', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    await expect(resolver('nowhere.test', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver('silent.test', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    expect(await resolver('example.test', 'AAAA')).toEqual(['2001:db8::7']);
  });
});
