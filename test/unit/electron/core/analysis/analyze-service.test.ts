// The analyze service end to end over an in-memory zone: a message signed in
// the test, the receiver's Authentication-Results on top, and the live
// re-checks beside what the receiver recorded. Differences become findings.
import { describe, expect, it } from 'vitest';
import { analyzeInput, checkAnalysisOptions, createAnalyzeHandler } from '../../../../../electron/core/analysis/analyze-service';
import { CoreError } from '../../../../../electron/core/errors';
import { createZoneSource, type Zone } from '../../../../../electron/core/analysis/zone-source';
import { headersOf, rsaKey, sign, txt } from './dkim-test-kit';

const key = rsaKey();

function zone(extra: Zone = {}, withKey = true): Zone {
  return {
    ...(withKey ? { 'sel._domainkey.example.com': txt(key.record) } : {}),
    'example.com': txt('v=spf1 ip4:192.0.2.0/24 -all'),
    '_dmarc.example.com': txt('v=DMARC1; p=reject; adkim=s'),
    ...extra,
  };
}

/** The signed test message as the receiver stored it: its Authentication-Results on top. */
async function received(): Promise<string> {
  const signed = await sign({ key });
  const b = /\bb=([A-Za-z0-9+/]{8})/.exec(signed.slice(signed.indexOf('b=', signed.indexOf('bh=') + 3) - 1))?.[1] ?? '';
  return `Authentication-Results: mx.example.net; dkim=pass header.d=example.com header.s=sel header.b=${b}; spf=pass smtp.mailfrom=bounces@example.com; dmarc=pass header.from=example.com\r\n${signed}`;
}

const deps = (z: Zone) => ({ dnsSource: () => createZoneSource(z) });

describe('analyzeInput', () => {
  it('puts "as of now" beside "as recorded" and uses the DMARC tree walk for alignment', async () => {
    const r = await analyzeInput(await received(), {}, deps(zone()));
    expect(r.verification).not.toBeNull();
    const v = r.verification!;
    expect(v.resolver).toBe('system');
    const dkim = v.checks.find((c) => c.kind === 'dkim')!;
    expect(dkim).toMatchObject({ label: 'DKIM d=example.com s=sel', asRecorded: 'pass', asOfNow: 'pass', differs: false });
    expect(dkim.dns[0]).toMatchObject({ name: 'sel._domainkey.example.com', type: 'TXT', error: null });
    expect(Date.parse(dkim.dns[0]!.askedAt)).not.toBeNaN();
    expect(v.checks.find((c) => c.kind === 'spf')).toMatchObject({ asRecorded: 'pass', asOfNow: 'pass', label: 'SPF for 192.0.2.10 / example.com' });
    expect(v.checks.find((c) => c.kind === 'dmarc')).toMatchObject({ asRecorded: 'pass', asOfNow: 'pass' });
    expect(v.dmarcRecord).toMatchObject({ domain: 'example.com', orgDomain: 'example.com', policy: 'reject', adkim: 's', aspf: 'r' });
    expect(r.alignment.orgDomainSource).toBe('dmarc-dns');
    expect(r.alignment.mode).toEqual({ spf: 'r', dkim: 's', source: 'dmarc-dns' });
    expect(r.alignment.aligned).toBe('both');
    expect(r.findings.filter((f) => f.severity === 'high' || f.severity === 'medium')).toEqual([]);
  });

  it('a key removed since delivery is a finding, with the DNS answer and when it was asked', async () => {
    const r = await analyzeInput(await received(), {}, deps(zone({}, false)));
    const dkim = r.verification!.checks.find((c) => c.kind === 'dkim')!;
    expect(dkim.asRecorded).toBe('pass');
    expect(dkim.asOfNow).not.toBe('pass');
    expect(dkim.differs).toBe(true);
    const f = r.findings.find((x) => x.id === 'dkim-key-rotated');
    expect(f).toBeDefined();
    expect(f!.confidence).toBe('checked');
    expect(f!.explanation).toMatch(/rotated or removed since/);
    expect(f!.evidence.find((e) => e.kind === 'dns')).toMatchObject({ name: 'sel._domainkey.example.com', text: expect.stringContaining('ENOTFOUND') });
  });

  it('a body changed after signing shows expected vs computed body hash', async () => {
    const r = await analyzeInput(`${await received()}--\r\nAdded by a list footer.\r\n`, {}, deps(zone()));
    const dkim = r.verification!.checks.find((c) => c.kind === 'dkim')!;
    expect(dkim.bodyHash).toBeDefined();
    expect(dkim.bodyHash!.expected).not.toBe(dkim.bodyHash!.computed);
    const f = r.findings.find((x) => x.id === 'body-hash-mismatch');
    expect(f?.explanation).toContain(dkim.bodyHash!.expected);
  });

  it('headers only: the header-only DKIM check is labelled as such', async () => {
    const r = await analyzeInput(headersOf(await received()), {}, deps(zone()));
    expect(r.input.kind).toBe('headers');
    const dkim = r.verification!.checks.find((c) => c.kind === 'dkim-header-only')!;
    expect(dkim).toMatchObject({ label: 'DKIM d=example.com s=sel (headers only)', asOfNow: 'pass', differs: false });
    expect(r.verification!.notChecked.join(' ')).toMatch(/only headers were given/i);
  });

  it('offline asks no DNS and estimates org domains from the PSL', async () => {
    let asked = 0;
    const r = await analyzeInput(await received(), { offline: true }, {
      dnsSource: () => ({ description: 'counting', query: async () => { asked++; throw new Error('no'); } }),
    });
    expect(asked).toBe(0);
    expect(r.verification).toBeNull();
    expect(r.alignment.orgDomainSource).toBe('psl-estimate');
  });

  it('without a DMARC record the org domain stays a PSL estimate', async () => {
    const z = zone();
    delete z['_dmarc.example.com'];
    const r = await analyzeInput(await received(), {}, deps(z));
    expect(r.verification!.dmarcRecord).toMatchObject({ record: null });
    expect(r.alignment.orgDomainSource).toBe('psl-estimate');
    expect(r.alignment.mode.source).toBe('default');
  });

  it('judges signature times as of the chosen time', async () => {
    const r = await analyzeInput(await received(), { at: '2025-03-04T00:00:00Z', dns: '127.0.0.1:5399' }, deps(zone()));
    expect(r.verification!.asOf).toBe('2025-03-04T00:00:00.000Z');
    expect(r.verification!.resolver).toBe('127.0.0.1:5399');
  });
});

describe('checkAnalysisOptions', () => {
  it('accepts host, host:port and [v6]:port, ISO times; explains anything else', () => {
    for (const dns of ['127.0.0.1', '127.0.0.1:5353', '[::1]:53', 'dns.example']) expect(checkAnalysisOptions({ dns })).toBeNull();
    expect(checkAnalysisOptions({ dns: 'nope:99999' })).toMatch(/HOST:PORT/);
    expect(checkAnalysisOptions({ dns: 'a b' })).toMatch(/HOST:PORT/);
    expect(checkAnalysisOptions({ at: '2024-05-01T12:00:00Z' })).toBeNull();
    expect(checkAnalysisOptions({ at: 'yesterday' })).toMatch(/ISO 8601/);
    expect(checkAnalysisOptions({ boundaryIndex: -1 })).toMatch(/boundaryIndex/);
  });
});

describe('createAnalyzeHandler', () => {
  const raw = new TextEncoder().encode('Received: from a.example (a.example [192.0.2.1]) by mx.example.net; Mon, 3 Mar 2025 10:00:00 +0000\r\nFrom: a@example.com\r\n\r\nhi\r\n');
  const handler = createAnalyzeHandler(async (id) => {
    if (id !== 7) throw new CoreError('not_found', 'no such message');
    return raw;
  }, deps(zone()));

  it('wants exactly one of id and raw, and checks options', async () => {
    await expect(handler({})).rejects.toMatchObject({ code: 'bad_request' });
    await expect(handler({ id: 7, raw: 'x' })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(handler({ raw: 'x', options: { dns: 'bad host:1' } })).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/^dns must be/) });
    await expect(handler({ id: 0 })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(handler({ id: 8 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('analyzes a captured message by id and says which one', async () => {
    const r = await handler({ id: 7, options: { offline: true } });
    expect(r.input).toMatchObject({ kind: 'message', capturedMessageId: 7, from: 'a@example.com' });
    expect(r.hops.hops).toHaveLength(1);
  });

  describe('the stored SMTP envelope stands in for a missing Return-Path', () => {
    const envelope = (mailFrom: string) => ({ mailFrom, mailFromParams: {}, rcptTo: [{ address: 'b@mx.example.net', params: {} }] });
    const captured = createAnalyzeHandler(async (id) => {
      if (id === 1) return { raw, envelope: envelope('bounce@esp.example') };
      if (id === 2) return { raw: new TextEncoder().encode(`Return-Path: <rp@example.com>\r\n${new TextDecoder().decode(raw)}`), envelope: envelope('bounce@esp.example') };
      return { raw, envelope: null };
    }, deps(zone({ 'esp.example': txt('v=spf1 ip4:192.0.2.1 -all') })));
    const mailFromRow = (r: { alignment: { rows: { identifier: string }[] } }) => r.alignment.rows.find((row) => row.identifier === 'mailfrom');

    it('offline: the alignment table uses MAIL FROM and says where it came from', async () => {
      const r = await captured({ id: 1, options: { offline: true } });
      expect(r.input.returnPath).toBeNull();
      expect(mailFromRow(r)).toMatchObject({ domain: 'esp.example', orgDomain: 'esp.example', source: 'SMTP envelope as captured (MAIL FROM:<bounce@esp.example>)', relaxed: false });
    });

    it('live: SPF is re-checked for the captured MAIL FROM', async () => {
      const r = await captured({ id: 1 });
      expect(r.verification!.checks.find((c) => c.kind === 'spf')).toMatchObject({ asOfNow: 'pass', label: 'SPF for 192.0.2.1 / esp.example' });
    });

    it('a Return-Path header still wins, and without an envelope (imports) nothing is invented', async () => {
      expect(mailFromRow(await captured({ id: 2, options: { offline: true } }))).toMatchObject({ domain: 'example.com', source: 'Return-Path' });
      expect(mailFromRow(await captured({ id: 3, options: { offline: true } }))).toMatchObject({ domain: null, source: 'Return-Path' });
    });
  });
});
