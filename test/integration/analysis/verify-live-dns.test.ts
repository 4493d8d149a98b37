// Re-verification end to end over real DNS: node:dns asks a loopback DNS
// server for the DKIM key, the SPF record and the DMARC record of a message
// signed in the test, and every verdict names the queries it rests on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkSource } from '../../../electron/core/analysis/resolver';
import { verifyMessage } from '../../../electron/core/analysis/verify';
import { type LoopbackDnsServer, startLoopbackDnsServer } from '../../support/dns/loopback-dns-server';
import { headersOf, rsaKey, sign } from '../../unit/electron/core/analysis/dkim-test-kit';

const key = rsaKey();
let dns: LoopbackDnsServer;

beforeAll(async () => {
  // A 2048-bit key record is longer than 255 bytes: publish it in chunks, as real zones do.
  const chunks = key.record.match(/.{1,200}/g) ?? [];
  dns = await startLoopbackDnsServer({
    'sel._domainkey.example.com': [{ type: 'TXT', value: chunks }],
    'example.com': [{ type: 'TXT', value: ['v=spf1 a:mta.example.com -all'] }],
    'mta.example.com': [{ type: 'A', value: '192.0.2.10', ttl: 600 }],
    '_dmarc.example.com': [{ type: 'TXT', value: ['v=DMARC1; p=quarantine; adkim=s'] }],
  });
});

afterAll(async () => {
  await dns.close();
});

describe('verifyMessage over a loopback DNS server', () => {
  it('passes DKIM, SPF and DMARC with the DNS answers and their times as evidence', async () => {
    const source = createNetworkSource({ servers: [dns.server], timeoutMs: 1000, tries: 1 });
    const v = await verifyMessage(await sign({ key }), { dns: source, smtp: { ip: '192.0.2.10', mailFrom: 'bounce@example.com', helo: 'mta.example.com' } });
    expect(v.dns.source).toContain(dns.server);
    expect(v.dkim[0]).toMatchObject({ result: 'pass', basis: 'whole-message' });
    expect(v.spf).toMatchObject({ result: 'pass', domain: 'example.com' });
    expect(v.dmarc).toMatchObject({ result: 'pass', policy: 'quarantine', alignment: { dkim: { domain: 'example.com', strict: true } } });

    const asked = (seqs: number[]) => seqs.map((s) => v.dns.queries.find((q) => q.seq === s)!);
    const aQuery = asked(v.spf.evidence).find((q) => q.rrtype === 'A' && q.name === 'mta.example.com');
    expect(aQuery).toMatchObject({ outcome: 'answer', summary: ['192.0.2.10'], ttl: 600 });
    expect(asked(v.dkim[0]!.evidence)[0]).toMatchObject({ name: 'sel._domainkey.example.com', outcome: 'answer', ttl: null });
    expect(dns.questions.map((q) => `${q.type} ${q.name}`)).toEqual(expect.arrayContaining(['TXT sel._domainkey.example.com', 'TXT example.com', 'TXT _dmarc.example.com']));
  });

  it('reports a key missing from DNS on a pasted header block as a plain reason', async () => {
    const source = createNetworkSource({ servers: [dns.server], timeoutMs: 1000, tries: 1 });
    const v = await verifyMessage(headersOf(await sign({ key, selector: 'gone' })), { dns: source });
    expect(v.dkim[0]).toMatchObject({ result: 'permerror', basis: 'headers-only' });
    expect(v.dkim[0]?.explanation).toMatch(/no key record at gone\._domainkey\.example\.com \(the name does not exist\)/);
  });
});
