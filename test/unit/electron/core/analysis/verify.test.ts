import { sealMessage } from 'mailauth';
import { describe, expect, it } from 'vitest';
import { verifyMessage } from '../../../../../electron/core/analysis/verify';
import { createZoneSource, type Zone } from '../../../../../electron/core/analysis/zone-source';
import { ed25519Key, headersOf, MESSAGE, rsaKey, sign, txt } from './dkim-test-kit';

const rsa = rsaKey();
const arcKey = rsaKey();
const SMTP = { ip: '192.0.2.10', mailFrom: 'bounces@example.com', helo: 'mta.example.com' };

function zoneWith(extra: Zone = {}, dmarc = 'v=DMARC1; p=reject'): Zone {
  return {
    'sel._domainkey.example.com': txt(rsa.record),
    'example.com': txt('v=spf1 ip4:192.0.2.0/24 -all'),
    'mta.example.com': txt('v=spf1 a -all').concat([{ type: 'A', data: '192.0.2.10' }]),
    '_dmarc.example.com': txt(dmarc),
    'arc._domainkey.forwarder.example': txt(arcKey.record),
    ...extra,
  };
}

describe('verifyMessage', () => {
  it('re-verifies DKIM, SPF and DMARC as of now, each with its DNS evidence', async () => {
    const v = await verifyMessage(await sign({ key: rsa }), { dns: createZoneSource(zoneWith()), smtp: SMTP });
    expect(v.mode).toBe('whole-message');
    expect(v.asOfIsNow).toBe(true);
    expect(v.label).toMatch(/^as of now \(/);
    expect(v.dkim).toHaveLength(1);
    expect(v.dkim[0]).toMatchObject({ result: 'pass', basis: 'whole-message', domain: 'example.com', selector: 'sel' });
    expect(v.dkim[0]?.bodyHash?.matches).toBe(true);
    expect(v.dkim[0]?.headerCheck?.result).toBe('pass');
    expect(v.spf).toMatchObject({ status: 'checked', result: 'pass', domain: 'example.com', record: 'v=spf1 ip4:192.0.2.0/24 -all' });
    expect(v.spf.heloCheck).toMatchObject({ domain: 'mta.example.com', result: 'pass' });
    expect(v.dmarc).toMatchObject({ status: 'checked', result: 'pass', fromDomain: 'example.com', policy: 'reject', disposition: 'none' });
    expect(v.arc.result).toBe('none');

    const bySeq = new Map(v.dns.queries.map((q) => [q.seq, q]));
    const keyQuery = bySeq.get(v.dkim[0]?.evidence[0] ?? -1);
    expect(keyQuery).toMatchObject({ name: 'sel._domainkey.example.com', rrtype: 'TXT', outcome: 'answer' });
    expect(Date.parse(keyQuery?.askedAt ?? '')).not.toBeNaN();
    expect(v.spf.evidence.map((s) => bySeq.get(s)?.name)).toContain('example.com');
    expect(v.dmarc.evidence.map((s) => bySeq.get(s)?.name)).toContain('_dmarc.example.com');
  });

  it('names an appended footer as the body modifier, with expected vs computed body hash', async () => {
    const signed = await sign({ key: rsa });
    const withFooter = `${signed}--\r\nYou received this because you subscribed to the list.\r\n`;
    const v = await verifyMessage(`List-Id: <news.example.com>\r\n${withFooter}`, { dns: createZoneSource(zoneWith()), smtp: SMTP });
    const d = v.dkim[0]!;
    expect(d.result).toBe('neutral');
    expect(d.bodyHash?.matches).toBe(false);
    expect(d.bodyHash?.expected).not.toBe(d.bodyHash?.computed);
    expect(d.modifiers[0]).toMatchObject({ kind: 'footer-appended', confidence: 'confirmed' });
    expect(d.modifiers[0]?.evidence).toContain('You received this because you subscribed');
    expect(d.modifiers.map((m) => m.kind)).toContain('mailing-list');
    expect(d.explanation).toMatch(/signed headers still verify, so only the body changed/);
    // Without an aligned passing identifier... SPF still passes and aligns here.
    expect(v.dmarc.result).toBe('pass');
  });

  it('confirms whitespace added at line ends under simple body canonicalisation', async () => {
    // The rehash strips all trailing whitespace, so it can only confirm this when the signed body had none.
    const signed = await sign({ key: rsa, canonicalization: 'relaxed/simple', message: MESSAGE.replace('Trailing spaces here:   ', 'No trailing spaces.') });
    const v = await verifyMessage(signed.replace('Hello Bob,', 'Hello Bob,   '), { dns: createZoneSource(zoneWith()) });
    expect(v.dkim[0]?.modifiers.map((m) => [m.kind, m.confidence])).toContainEqual(['whitespace-changed', 'confirmed']);
  });

  it('checks a pasted header block on its headers, and says DMARC rests on that', async () => {
    const v = await verifyMessage(headersOf(await sign({ key: rsa })).replace(/\r\n/g, '\n'), { dns: createZoneSource(zoneWith()) });
    expect(v.mode).toBe('headers-only');
    expect(v.lineEndingsNormalised).toBe(true);
    expect(v.dkim[0]).toMatchObject({ result: 'pass', basis: 'headers-only', bodyHash: null });
    expect(v.spf).toMatchObject({ status: 'skipped' });
    expect(v.spf.explanation).toMatch(/no connecting IP/);
    expect(v.dmarc.result).toBe('pass');
    expect(v.dmarc.basisNotes.join(' ')).toMatch(/header-only/);
    expect(v.dmarc.basisNotes.join(' ')).toMatch(/SPF was not re-checked/);
  });

  it('a key rotated since sending fails DKIM, and DMARC p=reject then asks for rejection', async () => {
    const rotated = zoneWith({ 'sel._domainkey.example.com': txt(rsaKey().record) });
    const v = await verifyMessage(await sign({ key: rsa }), { dns: createZoneSource(rotated), smtp: { ...SMTP, ip: '198.51.100.9' } });
    expect(v.dkim[0]?.result).toBe('fail');
    expect(v.spf.result).toBe('fail');
    expect(v.dmarc).toMatchObject({ result: 'fail', disposition: 'reject' });
    expect(v.dmarc.explanation).toMatch(/From domain example\.com aligns with neither/);
  });

  it('reports a revoked key and a DNS timeout in plain words', async () => {
    const revoked = await verifyMessage(await sign({ key: rsa }), { dns: createZoneSource(zoneWith({ 'sel._domainkey.example.com': txt('v=DKIM1; p=') })) });
    expect(revoked.dkim[0]?.explanation).toMatch(/revoked/);
    const timeout = await verifyMessage(await sign({ key: rsa }), { dns: createZoneSource(zoneWith({ 'sel._domainkey.example.com': [{ type: 'TIMEOUT' }] })) });
    expect(timeout.dkim[0]?.result).toBe('temperror');
    expect(timeout.dkim[0]?.explanation).toMatch(/ETIMEOUT/);
  });

  it('judges signature times as of a past time when asked', async () => {
    const ed = ed25519Key();
    const zone = zoneWith({ 'sel._domainkey.example.com': txt(ed.record) });
    const signed = await sign({ key: ed, signTime: new Date('2020-01-01T00:00:00Z'), expires: new Date('2020-02-01T00:00:00Z') });
    const now = await verifyMessage(signed, { dns: createZoneSource(zone) });
    expect(now.dkim[0]?.result).toBe('neutral');
    const then = await verifyMessage(signed, { dns: createZoneSource(zone), asOf: new Date('2020-01-02T00:00:00Z') });
    expect(then.dkim[0]?.result).toBe('pass');
    expect(then.asOfIsNow).toBe(false);
    expect(then.label).toMatch(/^signature times as of 2020-01-02T00:00:00\.000Z; DNS as of now/);
  });

  it('validates an ARC chain, also on headers alone, and fails it when a sealed header changes', async () => {
    const signed = await sign({ key: rsa });
    const seal = await sealMessage(signed, { signingDomain: 'forwarder.example', selector: 'arc', privateKey: arcKey.privateKey, authResults: 'mx.forwarder.example; dkim=pass header.d=example.com', cv: 'none' });
    const sealed = seal.toString() + signed;
    const zone = createZoneSource(zoneWith());
    expect((await verifyMessage(sealed, { dns: zone })).arc).toMatchObject({ result: 'pass', instance: 1, sets: 1, headerOnly: false });
    expect((await verifyMessage(headersOf(sealed), { dns: zone })).arc).toMatchObject({ result: 'pass', headerOnly: true });
    const tampered = await verifyMessage(sealed.replace('ARC-Authentication-Results: i=1; mx.forwarder.example; dkim=pass', 'ARC-Authentication-Results: i=1; mx.forwarder.example; dkim=fail'), { dns: zone });
    expect(tampered.arc.result).toBe('fail');
  });

  it('never throws on input that is not a message', async () => {
    const v = await verifyMessage('this is a screenshot, not headers', { dns: createZoneSource({}) });
    expect(v.dkim).toEqual([]);
    expect(v.dmarc.status).toBe('skipped');
    expect(v.dmarc.explanation).toMatch(/From header has no domain/);
    const unsigned = await verifyMessage(MESSAGE, { dns: createZoneSource(zoneWith()), smtp: SMTP });
    expect(unsigned.dkim).toEqual([]);
    expect(unsigned.dmarc.result).toBe('pass');
  });
});
