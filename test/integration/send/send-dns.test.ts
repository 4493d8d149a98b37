/**
 * resolverSendDns (what `mailscope send --dns` uses) against a real DNS
 * server on loopback: the answers the engine relies on (MX with priorities,
 * A then AAAA, null MX as an empty exchange) and every failure as its own
 * node:dns code with the explanation a user reads — NXDOMAIN, NODATA,
 * SERVFAIL, REFUSED, a silent resolver (timeout), a port nobody listens on —
 * plus cancellation (of the lookup, and of a send waiting on it). The CLI path is covered by send-mx-cli.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SendTarget } from '../../../shared/model/send';
import { explainDnsFailure } from '../../../electron/core/send/explain';
import { resolverSendDns } from '../../../electron/core/send/send-dns';
import { runSend } from '../../../electron/core/send/send-engine';
import { DEFAULT_TARGET } from '../../../electron/core/send/target-checks';
import { startLoopbackDnsServer, type LoopbackDnsServer } from '../../support/dns/loopback-dns-server';
import { closedPort } from '../../support/send-servers';

let dns: LoopbackDnsServer;

beforeAll(async () => {
  dns = await startLoopbackDnsServer({
    'example.test': [
      { type: 'MX', priority: 20, exchange: 'mx2.example.test' },
      { type: 'MX', priority: 10, exchange: 'MX1.Example.Test.' },
    ],
    'nomail.test': [{ type: 'MX', priority: 0, exchange: '.' }],
    'dual.example.test': [{ type: 'AAAA', value: '::1' }, { type: 'A', value: '127.0.0.1' }],
    'v6only.example.test': [{ type: 'AAAA', value: '::1' }],
    'noaddr.example.test': [{ type: 'TXT', value: ['no address'] }],
    'servfail.test': [{ type: 'SERVFAIL' }],
    'refused.test': [{ type: 'REFUSED' }],
    'silent.test': [{ type: 'DROP' }],
  });
});

afterAll(async () => {
  await dns?.close();
});

/** The rejection of `promise`, as { code, message }. */
async function failure(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  throw new Error('expected a rejection');
}

describe('resolverSendDns', () => {
  it('names the resolver it asks', () => {
    expect(resolverSendDns([dns.server]).description).toBe(`127.0.0.1:${dns.port} (UDP + EDNS0, TCP fallback), timeout 3000 ms × 2`);
  });

  it('answers MX (names normalised, priorities kept) and a null MX as an empty exchange', async () => {
    const resolver = resolverSendDns([dns.server]);
    expect(await resolver.resolveMx('example.test')).toEqual(expect.arrayContaining([{ exchange: 'mx1.example.test', priority: 10 }, { exchange: 'mx2.example.test', priority: 20 }]));
    expect(await resolver.resolveMx('nomail.test')).toEqual([{ exchange: '', priority: 0 }]);
  });

  it('answers addresses IPv4 first, then IPv6; IP literals and localhost without a query', async () => {
    const resolver = resolverSendDns([dns.server]);
    expect(await resolver.resolveAddresses('dual.example.test')).toEqual(['127.0.0.1', '::1']);
    expect(await resolver.resolveAddresses('v6only.example.test')).toEqual(['::1']);
    const before = dns.questions.length;
    expect(await resolver.resolveAddresses('192.0.2.7')).toEqual(['192.0.2.7']);
    expect(await resolver.resolveAddresses('localhost')).toEqual(['127.0.0.1']);
    expect(dns.questions.length).toBe(before);
  });

  it.each([
    ['MX of a missing domain', 'mx', 'nosuch.test', 'ENOTFOUND', /^NXDOMAIN/, 'Recipient domain does not exist'],
    ['MX of a name without MX (the engine then uses the implicit MX)', 'mx', 'dual.example.test', 'ENODATA', /^NODATA/, 'No address for the host'],
    ['address of a missing host', 'address', 'gone.example.test', 'ENOTFOUND', /^A: NXDOMAIN/, 'Host name not found'],
    ['address of a host without A/AAAA', 'address', 'noaddr.example.test', 'ENODATA', /^no A or AAAA record \(NODATA/, 'No address for the host'],
    ['SERVFAIL', 'mx', 'servfail.test', 'ESERVFAIL', /^SERVFAIL/, 'DNS server failure'],
    ['REFUSED', 'mx', 'refused.test', 'EREFUSED', /^REFUSED/, 'DNS query refused'],
  ] as const)('%s → %s', async (_name, question, name, code, message, title) => {
    const resolver = resolverSendDns([dns.server]);
    const got = await failure(question === 'mx' ? resolver.resolveMx(name) : resolver.resolveAddresses(name));
    expect(got.code).toBe(code);
    expect(got.message).toMatch(message);
    expect(got.message).toContain(`127.0.0.1:${dns.port}`);
    if (code === 'ENODATA' && question === 'mx') return; // not a failure for the engine: implicit MX
    const explained = explainDnsFailure({ code, question, name, message: got.message });
    expect(explained.title).toBe(title);
    expect(explained.meaning).toContain(name);
    expect(explained.fix).toBeTruthy();
  });

  it('a resolver that never answers, or a port where none listens, times out within its bound (ETIMEOUT)', async () => {
    for (const server of [dns.server, `127.0.0.1:${await closedPort()}`]) {
      const started = Date.now();
      // An unconnected UDP socket hears no ICMP "port unreachable": a dead port looks like a silent resolver.
      const got = await failure(resolverSendDns([server], { timeoutMs: 200, tries: 1 }).resolveMx('silent.test'));
      expect(got.code).toBe('ETIMEOUT');
      expect(got.message).toMatch(/^no answer \(timed out\)/);
      expect(Date.now() - started).toBeLessThan(3000);
    }
    const explained = explainDnsFailure({ code: 'ETIMEOUT', question: 'mx', name: 'silent.test' });
    expect(explained.title).toBe('DNS did not answer');
    expect(explained.fix).toMatch(/--dns/);
  });

  it('the next resolver answers when the first does not', async () => {
    const resolver = resolverSendDns([`127.0.0.1:${await closedPort()}`, dns.server], { timeoutMs: 1000, tries: 1 });
    expect(await resolver.resolveAddresses('dual.example.test')).toEqual(['127.0.0.1', '::1']);
  });

  it('stops waiting when the send is cancelled', async () => {
    const controller = new AbortController();
    const resolver = resolverSendDns([dns.server], { timeoutMs: 5000, tries: 2 });
    const started = Date.now();
    const pending = failure(resolver.resolveMx('silent.test', controller.signal));
    setTimeout(() => controller.abort(), 100);
    await pending;
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('the send engine with resolverSendDns', () => {
  it('a send cancelled while DNS is pending ends at once as "Cancelled", not as a DNS failure', async () => {
    const controller = new AbortController();
    const target: SendTarget = { ...DEFAULT_TARGET, mode: 'mx', host: '', security: 'none' };
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const result = await runSend(
      { target, secret: null, envelope: { from: 'a@example.test', to: ['b@silent.test'] }, raw: Buffer.from('Subject: x\r\n\r\nx\r\n') },
      { dns: resolverSendDns([dns.server], { timeoutMs: 5000, tries: 2 }), signal: controller.signal },
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.status).toBe('failed');
    expect(result.explanation.title).toBe('Cancelled');
    expect(result.transcript.some((e) => e.kind === 'tcp')).toBe(false);
  });
});
