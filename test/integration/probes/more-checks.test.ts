// MTA-STS, TLS-RPT, BIMI, reverse DNS and blocklist checks against a real DNS
// server on loopback (UDP+TCP, the run's wire client) and a loopback HTTPS
// server (policy files, logos) whose certificates come from a test CA.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bimiCheck } from '../../../electron/core/probes/checks/bimi';
import { dnsblCheck } from '../../../electron/core/probes/checks/dnsbl';
import { deriveRequirements, moreChecks } from '../../../electron/core/probes/checks/index-more';
import { mtaStsCheck } from '../../../electron/core/probes/checks/mta-sts';
import { ptrCheck } from '../../../electron/core/probes/checks/ptr';
import { tlsRptCheck } from '../../../electron/core/probes/checks/tls-rpt';
import type { ProbeCheck, ProbeRequest } from '../../../shared/model/probe';
import { type LoopbackDnsServer, type LoopbackRecord, startLoopbackDnsServer } from '../../support/dns/loopback-dns-server';
import { liveContext, runCheck } from '../../support/probes/live-context';
import { type LoopbackHttpsServer, startLoopbackHttpsServer } from '../../support/probes/loopback-https-server';
import { testRequest } from '../../support/probes/memory-probe-dns';
import { createTestCa, type TestCa } from '../../support/probes/test-ca';

let dns: LoopbackDnsServer;
let https: LoopbackHttpsServer;
let ca: TestCa;

const LOOP: LoopbackRecord = { type: 'A', value: '127.0.0.1' };
const policy = (mode: string, mx: string[], maxAge = 604800) => ({ body: `version: STSv1\r\nmode: ${mode}\r\n${mx.map((m) => `mx: ${m}\r\n`).join('')}max_age: ${maxAge}\r\n`, headers: { 'content-type': 'text/plain' } });
const SVG_OK = '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps" viewBox="0 0 100 100"><title>Example</title><circle cx="50" cy="50" r="40" fill="#246"/></svg>';
const SVG_ENTITY = '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps"><title>&b;</title></svg>';
const SVG_SCRIPT = '<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps" viewBox="0 0 100 100"><title>Bad</title><script>alert(1)</script></svg>';

const zone: Record<string, LoopbackRecord[]> = {
  // MTA-STS: valid, enforce, wildcard pattern covering both MX.
  'sts-ok.test': [{ type: 'MX', priority: 10, exchange: 'mx1.sts-ok.test' }, { type: 'MX', priority: 20, exchange: 'mx2.sts-ok.test' }],
  '_mta-sts.sts-ok.test': [{ type: 'TXT', value: ['v=STSv1; id=20261125T01'] }],
  '_smtp._tls.sts-ok.test': [{ type: 'TXT', value: ['v=TLSRPTv1; rua=mailto:tls@sts-ok.test,https://rpt.sts-ok.test/v1'] }],
  'mta-sts.sts-ok.test': [LOOP],
  // MTA-STS: the policy names a host that is not the MX; two TLS-RPT records.
  'sts-mismatch.test': [{ type: 'MX', priority: 10, exchange: 'mx.hosting.test' }],
  '_mta-sts.sts-mismatch.test': [{ type: 'TXT', value: ['v=STSv1; id=1'] }],
  'mta-sts.sts-mismatch.test': [LOOP],
  '_smtp._tls.sts-mismatch.test': [{ type: 'TXT', value: ['v=TLSRPTv1; rua=mailto:a@sts-mismatch.test'] }, { type: 'TXT', value: ['v=TLSRPTv1; rua=mailto:b@sts-mismatch.test'] }],
  // MTA-STS: an invalid mode.
  'sts-bad.test': [{ type: 'MX', priority: 10, exchange: 'mx.sts-bad.test' }],
  '_mta-sts.sts-bad.test': [{ type: 'TXT', value: ['v=STSv1; id=2'] }],
  'mta-sts.sts-bad.test': [LOOP],
  // MTA-STS: record but no policy file (404); no TLS-RPT.
  'sts-missing.test': [{ type: 'MX', priority: 10, exchange: 'mx.sts-missing.test' }],
  '_mta-sts.sts-missing.test': [{ type: 'TXT', value: ['v=STSv1; id=3'] }],
  'mta-sts.sts-missing.test': [LOOP],
  // MTA-STS: testing mode, max_age under a day, served as text/html, and an MX outside the patterns.
  'sts-testing.test': [{ type: 'MX', priority: 10, exchange: 'mx.elsewhere.test' }],
  '_mta-sts.sts-testing.test': [{ type: 'TXT', value: ['v=STSv1; id=6'] }],
  'mta-sts.sts-testing.test': [LOOP],
  // MTA-STS: the policy URL redirects.
  '_mta-sts.sts-redirect.test': [{ type: 'TXT', value: ['v=STSv1; id=7'] }],
  'mta-sts.sts-redirect.test': [LOOP],
  // MTA-STS: the policy server never answers.
  '_mta-sts.sts-hang.test': [{ type: 'TXT', value: ['v=STSv1; id=5'] }],
  'mta-sts.sts-hang.test': [LOOP],
  // MTA-STS: policy host certificate for another name.
  'sts-badcert.test': [{ type: 'MX', priority: 10, exchange: 'mx.sts-badcert.test' }],
  '_mta-sts.sts-badcert.test': [{ type: 'TXT', value: ['v=STSv1; id=4'] }],
  'mta-sts.sts-badcert.test': [LOOP],
  // BIMI: valid logo, DMARC only p=none, no certificate.
  'default._bimi.bimi-none.test': [{ type: 'TXT', value: ['v=BIMI1; l=https://bimi.bimi-none.test/logo.svg; a='] }],
  '_dmarc.bimi-none.test': [{ type: 'TXT', value: ['v=DMARC1; p=none; rua=mailto:d@bimi-none.test'] }],
  'bimi-none.test': [{ type: 'TXT', value: ['v=spf1 -all'] }],
  // BIMI: DMARC enforced, logo with a script.
  'default._bimi.bimi-bad.test': [{ type: 'TXT', value: ['v=BIMI1; l=https://bimi.bimi-bad.test/logo.svg; a=https://bimi.bimi-bad.test/vmc.pem'] }],
  '_dmarc.bimi-bad.test': [{ type: 'TXT', value: ['v=DMARC1; p=reject'] }],
  // BIMI: a logo declaring XML entities.
  'default._bimi.bimi-entity.test': [{ type: 'TXT', value: ['v=BIMI1; l=https://bimi.bimi-entity.test/logo.svg'] }],
  // Reverse DNS and blocklists.
  'ptr.test': [{ type: 'MX', priority: 10, exchange: 'mx.ptr.test' }],
  'mx.ptr.test': [{ type: 'A', value: '192.0.2.10' }],
  '10.2.0.192.in-addr.arpa': [{ type: 'PTR', value: 'mx.ptr.test' }],
  '30.2.0.192.in-addr.arpa': [{ type: 'PTR', value: 'elsewhere.ptr.test' }],
  'elsewhere.ptr.test': [{ type: 'A', value: '198.51.100.1' }],
  '99.2.0.192.zen.spamhaus.org': [{ type: 'A', value: '127.0.0.2' }, { type: 'TXT', value: ['Listed in SBL, see https://check.spamhaus.org/sbl/query/SBL99'] }],
  '10.2.0.192.zen.spamhaus.org': [{ type: 'A', value: '127.255.255.254' }],
  '99.2.0.192.psbl.surriel.com': [{ type: 'SERVFAIL' }],
  // 2001:db8::99 as RFC 5782 §2.4 nibbles: XBL on ZEN.
  '9.9.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.zen.spamhaus.org': [{ type: 'A', value: '127.0.0.4' }],
};

beforeAll(async () => {
  ca = await createTestCa();
  const good = await ca.issue(['mta-sts.sts-testing.test', 'mta-sts.sts-redirect.test', 'bimi.bimi-entity.test', 'mta-sts.sts-hang.test', 'mta-sts.sts-ok.test', 'mta-sts.sts-mismatch.test', 'mta-sts.sts-bad.test', 'mta-sts.sts-missing.test', 'bimi.bimi-none.test', 'bimi.bimi-bad.test']);
  const wrong = await ca.issue(['someone-else.test']);
  // A plain TLS certificate where a mark certificate should be: no BIMI extended key usage.
  const notAMark = await ca.issue(['bimi-bad.test']);
  dns = await startLoopbackDnsServer(zone);
  https = await startLoopbackHttpsServer({
    'mta-sts.sts-ok.test': good, 'mta-sts.sts-mismatch.test': good, 'mta-sts.sts-bad.test': good, 'mta-sts.sts-missing.test': good,
    'bimi.bimi-none.test': good, 'bimi.bimi-bad.test': good, 'mta-sts.sts-badcert.test': wrong, 'mta-sts.sts-hang.test': good, 'bimi.bimi-entity.test': good, 'mta-sts.sts-testing.test': good, 'mta-sts.sts-redirect.test': good,
  }, {
    'mta-sts.sts-ok.test/.well-known/mta-sts.txt': policy('enforce', ['*.sts-ok.test']),
    'mta-sts.sts-mismatch.test/.well-known/mta-sts.txt': policy('enforce', ['mx1.sts-mismatch.test']),
    'mta-sts.sts-bad.test/.well-known/mta-sts.txt': policy('enforced', ['mx.sts-bad.test']),
    'mta-sts.sts-badcert.test/.well-known/mta-sts.txt': policy('enforce', ['mx.sts-badcert.test']),
    'mta-sts.sts-hang.test/.well-known/mta-sts.txt': { hang: true },
    'mta-sts.sts-testing.test/.well-known/mta-sts.txt': { ...policy('testing', ['mx.sts-testing.test'], 3600), headers: { 'content-type': 'text/html; charset=utf-8' } },
    'mta-sts.sts-redirect.test/.well-known/mta-sts.txt': { status: 301, headers: { location: 'https://www.sts-redirect.test/mta-sts.txt' } },
    'bimi.bimi-entity.test/logo.svg': { body: SVG_ENTITY, headers: { 'content-type': 'image/svg+xml' } },
    'bimi.bimi-none.test/logo.svg': { body: SVG_OK, headers: { 'content-type': 'image/svg+xml' } },
    'bimi.bimi-bad.test/logo.svg': { body: SVG_SCRIPT, headers: { 'content-type': 'image/svg+xml' } },
    'bimi.bimi-bad.test/vmc.pem': { body: `${notAMark.cert}\n${ca.cert}`, headers: { 'content-type': 'application/x-pem-file' } },
  });
});

afterAll(async () => {
  await https?.close();
  await dns?.close();
});

const ctxFor = (request: ProbeRequest) => liveContext(request, { dnsServer: dns.server, httpsPort: https.port, ca: [ca.cert] });

describe('MTA-STS against loopback DNS and HTTPS', () => {
  it('passes a valid enforce policy whose wildcard covers every MX', async () => {
    const { get } = await runCheck(mtaStsCheck, ctxFor(testRequest('sts-ok.test')));
    expect(get('mta-sts.record')).toMatchObject({ status: 'pass', title: 'MTA-STS record found (id 20261125T01)' });
    const p = get('mta-sts.policy');
    expect(p.status).toBe('pass');
    expect(p.title).toBe('Policy: mode enforce, max_age 604800');
    expect(p.evidence.http?.[0]).toMatchObject({ url: 'https://mta-sts.sts-ok.test/.well-known/mta-sts.txt', status: 200, error: null });
    expect(p.evidence.http?.[0]?.excerpt).toContain('mode: enforce');
    const mx = get('mta-sts.mx');
    expect(mx.status).toBe('pass');
    expect(mx.evidence.facts).toEqual(expect.arrayContaining([{ label: 'mx1.sts-ok.test', value: 'matches *.sts-ok.test' }]));
    expect(https.requests).toContain('mta-sts.sts-ok.test /.well-known/mta-sts.txt');
  });

  it('fails an MX the enforce policy does not cover', async () => {
    const { get } = await runCheck(mtaStsCheck, ctxFor(testRequest('sts-mismatch.test')));
    expect(get('mta-sts.policy').status).toBe('pass');
    const mx = get('mta-sts.mx');
    expect(mx.status).toBe('fail');
    expect(mx.title).toBe('1 of 1 MX hosts match no policy pattern');
    expect(mx.explanation).toContain('mx.hosting.test');
    expect(mx.fix).toContain('mx: mx.hosting.test');
  });

  it('fails a policy with an invalid mode, a missing file and an untrusted certificate', async () => {
    const bad = await runCheck(mtaStsCheck, ctxFor(testRequest('sts-bad.test')));
    expect(bad.get('mta-sts.policy')).toMatchObject({ status: 'fail', title: expect.stringContaining('Policy file invalid') });
    expect(bad.checks.some((c) => c.id === 'mta-sts.mx')).toBe(false);

    const missing = await runCheck(mtaStsCheck, ctxFor(testRequest('sts-missing.test')));
    expect(missing.get('mta-sts.policy')).toMatchObject({ status: 'fail', title: 'Policy file missing (HTTP 404)' });

    const before = https.requests.length;
    const badcert = await runCheck(mtaStsCheck, ctxFor(testRequest('sts-badcert.test')));
    const p = badcert.get('mta-sts.policy');
    expect(p.status).toBe('fail');
    expect(p.title).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(https.requests.length).toBe(before); // nothing was requested over the untrusted connection
  });

  it('warns about testing mode, a short max_age and a wrong content type; an uncovered MX only warns in testing', async () => {
    const { get } = await runCheck(mtaStsCheck, ctxFor(testRequest('sts-testing.test')));
    const p = get('mta-sts.policy');
    expect(p.status).toBe('warn');
    expect(p.explanation).toContain('"text/html"');
    expect(p.explanation).toContain('max_age 3600 s is under a day');
    expect(p.explanation).toContain('mode testing');
    expect(get('mta-sts.mx')).toMatchObject({ status: 'warn', title: '1 of 1 MX hosts match no policy pattern' });
  });

  it('fails a policy URL that redirects, without following it', async () => {
    const { get } = await runCheck(mtaStsCheck, ctxFor(testRequest('sts-redirect.test')));
    expect(get('mta-sts.policy')).toMatchObject({ status: 'fail', title: 'Policy URL redirects (HTTP 301)' });
    expect(https.requests.some((r) => r.startsWith('www.sts-redirect.test'))).toBe(false);
  });

  it('stops on cancel without reporting the interrupted fetch as a finding', async () => {
    const ctx = ctxFor(testRequest('sts-hang.test'));
    const reported: string[] = [];
    const run = mtaStsCheck.run(ctx, (c) => reported.push(`${c.id} ${c.status}`));
    setTimeout(() => ctx.cancel(), 300);
    await expect(run).rejects.toThrow();
    expect(reported).toEqual(['mta-sts.record pass']);
  });

  it('reports no MTA-STS as info', async () => {
    const { get } = await runCheck(mtaStsCheck, ctxFor(testRequest('ptr.test')));
    expect(get('mta-sts.record')).toMatchObject({ status: 'info', title: 'No MTA-STS policy' });
    expect(get('mta-sts.record').evidence.dns[0]).toMatchObject({ name: '_mta-sts.ptr.test', type: 'TXT', outcome: 'nxdomain' });
  });
});

describe('TLS-RPT', () => {
  it('passes one record, fails two, warns when MTA-STS has no reporting', async () => {
    expect((await runCheck(tlsRptCheck, ctxFor(testRequest('sts-ok.test')))).get('tls-rpt.record')).toMatchObject({ status: 'pass', title: 'TLS-RPT reports go to tls@sts-ok.test, https://rpt.sts-ok.test/v1' });
    expect((await runCheck(tlsRptCheck, ctxFor(testRequest('sts-mismatch.test')))).get('tls-rpt.record')).toMatchObject({ status: 'fail', title: '2 TLS-RPT records: senders use none' });
    expect((await runCheck(tlsRptCheck, ctxFor(testRequest('sts-missing.test')))).get('tls-rpt.record').status).toBe('warn');
    expect((await runCheck(tlsRptCheck, ctxFor(testRequest('ptr.test')))).get('tls-rpt.record').status).toBe('info');
  });
});

describe('BIMI', () => {
  it('fails BIMI without DMARC enforcement, while the logo itself is fine and no certificate is info', async () => {
    const { get } = await runCheck(bimiCheck, ctxFor(testRequest('bimi-none.test')));
    expect(get('bimi.record').status).toBe('pass');
    const dmarc = get('bimi.dmarc');
    expect(dmarc.status).toBe('fail');
    expect(dmarc.title).toBe('DMARC not at enforcement: BIMI logos are not shown');
    expect(dmarc.explanation).toContain('p=none');
    expect(get('bimi.logo')).toMatchObject({ status: 'pass', title: 'Logo is SVG Tiny PS' });
    expect(get('bimi.certificate')).toMatchObject({ status: 'info', title: 'No mark certificate (VMC/CMC)' });
  });

  it('fails a logo with a script, with DMARC at reject passing', async () => {
    const { get } = await runCheck(bimiCheck, ctxFor(testRequest('bimi-bad.test')));
    expect(get('bimi.dmarc')).toMatchObject({ status: 'pass', title: 'DMARC at enforcement (reject, pct=100)' });
    const logo = get('bimi.logo');
    expect(logo.status).toBe('fail');
    expect(logo.explanation).toMatch(/script/);
    const cert = get('bimi.certificate');
    expect(cert.status).toBe('fail');
    // Validated by mailauth offline: the test CA is no BIMI root, and the leaf has no BIMI key usage.
    expect(cert.title).toBe('Mark certificate is not valid');
    expect(cert.explanation).toMatch(/fails BIMI validation: .+ \([A-Z_]+\)/);
    expect(cert.explanation).not.toContain('do not include');
    expect(cert.evidence.facts).toEqual(expect.arrayContaining([{ label: 'Certificates in file', value: '2' }, { label: 'BIMI key usage', value: 'no' }]));
    // mailauth fetched nothing itself: only our two requests reached the server for this domain's logo and certificate.
    expect(https.requests.filter((r) => r.startsWith('bimi.bimi-bad.test')).sort()).toEqual(['bimi.bimi-bad.test /logo.svg', 'bimi.bimi-bad.test /vmc.pem']);
  });

  it('refuses a logo declaring XML entities without parsing it', async () => {
    const { get } = await runCheck(bimiCheck, ctxFor(testRequest('bimi-entity.test')));
    expect(get('bimi.logo')).toMatchObject({ status: 'fail', explanation: expect.stringContaining('<!ENTITY>') });
    expect(get('bimi.dmarc').status).toBe('fail');
  });
});

describe('reverse DNS', () => {
  it('passes a forward-confirmed MX, fails a sending IP without PTR and one whose PTR points elsewhere', async () => {
    const none = await runCheck(ptrCheck, ctxFor(testRequest('ptr.test', { ip: '192.0.2.20' })));
    expect(none.get('ptr.192.0.2.10')).toMatchObject({ status: 'pass', title: '192.0.2.10 (MX mx.ptr.test): PTR mx.ptr.test, forward-confirmed' });
    const missing = none.get('ptr.192.0.2.20');
    expect(missing.status).toBe('fail');
    expect(missing.evidence.dns.find((q) => q.type === 'PTR')).toMatchObject({ name: '20.2.0.192.in-addr.arpa', outcome: 'nxdomain' });

    const mismatch = await runCheck(ptrCheck, ctxFor(testRequest('ptr.test', { ip: '192.0.2.30' })));
    const c = mismatch.get('ptr.192.0.2.30');
    expect(c.status).toBe('fail');
    expect(c.title).toContain('FCrDNS fails');
    expect(c.explanation).toContain('elsewhere.ptr.test → 198.51.100.1');
  });
});

describe('blocklists', () => {
  it('decodes a listing, reports a refusal as could-not-check, NXDOMAIN as clean and SERVFAIL as error', async () => {
    const { get, checks } = await runCheck(dnsblCheck, ctxFor(testRequest('ptr.test', { ip: '192.0.2.99' })));
    const listed = get('dnsbl.zen.spamhaus.org.192.0.2.99');
    expect(listed.status).toBe('fail');
    expect(listed.title).toBe('192.0.2.99 (sending IP) listed on Spamhaus ZEN: SBL');
    expect(listed.explanation).toContain('SBL99');
    const refused = get('dnsbl.zen.spamhaus.org.192.0.2.10');
    expect(refused.status).toBe('error');
    expect(refused.title).toBe('Could not check: Spamhaus ZEN refuses queries from your resolver');
    expect(get('dnsbl.bl.spamcop.net.192.0.2.99')).toMatchObject({ status: 'pass', title: '192.0.2.99 (sending IP) not listed on SpamCop' });
    expect(get('dnsbl.psbl.surriel.com.192.0.2.99').status).toBe('error');
    expect(get('dnsbl.dbl.spamhaus.org.ptr.test').status).toBe('pass');
    expect(dns.questions.some((q) => q.name === '99.2.0.192.zen.spamhaus.org' && q.type === 'A')).toBe(true);
    expect(checks.filter((c) => c.status === 'pass').length).toBeGreaterThan(10);
  });
});

describe('blocklists over IPv6', () => {
  it('queries the reversed nibbles on lists with IPv6 and says which lists were not asked', async () => {
    const { get } = await runCheck(dnsblCheck, ctxFor(testRequest('none.test', { ip: '2001:db8::99' })));
    expect(get('dnsbl.zen.spamhaus.org.2001:db8::99')).toMatchObject({ status: 'fail', title: '2001:db8::99 (sending IP) listed on Spamhaus ZEN: XBL' });
    expect(get('dnsbl.ipv6.2001:db8::99').status).toBe('info');
    expect(dns.questions.some((q) => q.name.endsWith('.8.b.d.0.1.0.0.2.bl.spamcop.net'))).toBe(false);
  });
});

describe('the whole family and the requirements over one run', () => {
  it('runs every module over one cached DNS and derives the checklist', async () => {
    const ctx = ctxFor(testRequest('bimi-none.test', { ip: '192.0.2.30' }));
    const all: ProbeCheck[] = [];
    for (const def of moreChecks) {
      const { checks } = await runCheck(def, ctx);
      all.push(...checks.map((c) => ({ ...c, durationMs: 0 })));
    }
    const req = deriveRequirements(all, ctx.request);
    expect(req.find((r) => r.id === 'requirements.dmarc')).toMatchObject({ status: 'pass', title: 'DMARC: record present (p=none)' });
    expect(req.find((r) => r.id === 'requirements.ptr')).toMatchObject({ status: 'fail' });
    expect(req.find((r) => r.id === 'requirements.spf')?.status).toBe('info');
    // The DMARC record was asked once although BIMI and nothing else needed it… and the MX set once for PTR and DNSBL.
    expect(dns.questions.filter((q) => q.name === 'bimi-none.test' && q.type === 'MX')).toHaveLength(1);
  });
});
