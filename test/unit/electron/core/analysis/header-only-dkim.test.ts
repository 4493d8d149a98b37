import { createHash, createPrivateKey, sign as cryptoSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { emptySignatureValue, verifyHeaderOnly } from '../../../../../electron/core/analysis/header-only-dkim';
import { createRecordingResolver } from '../../../../../electron/core/analysis/resolver';
import { createZoneSource, type Zone } from '../../../../../electron/core/analysis/zone-source';
import { ed25519Key, headersOf, rsaKey, sign, txt } from './dkim-test-kit';

const rsa = rsaKey();
const ed = ed25519Key();

function resolverFor(zone: Zone) {
  return createRecordingResolver(createZoneSource(zone));
}

async function checkOne(message: string, zone: Zone, asOf = new Date('2025-03-04T00:00:00Z')) {
  const results = await verifyHeaderOnly(message, { resolver: resolverFor(zone), asOf });
  expect(results).toHaveLength(1);
  return results[0]!;
}

describe('header-only DKIM check', () => {
  for (const [label, key, canonicalization] of [
    ['rsa-sha256 relaxed', rsa, 'relaxed/relaxed'],
    ['rsa-sha256 simple', rsa, 'simple/simple'],
    ['ed25519-sha256 relaxed', ed, 'relaxed/simple'],
    ['ed25519-sha256 simple', ed, 'simple/relaxed'],
  ] as const) {
    it(`${label}: passes on the headers alone, fails when one header byte changes`, async () => {
      const signed = await sign({ key, canonicalization });
      const zone = { 'sel._domainkey.example.com': txt(key.record) };

      const whole = await checkOne(signed, zone);
      expect(whole).toMatchObject({ result: 'pass', reason: 'verified', signatureValid: true, domain: 'example.com', selector: 'sel' });
      expect(whole.bodyHash.checked).toBe(false);

      const headersOnly = await checkOne(headersOf(signed), zone);
      expect(headersOnly.result).toBe('pass');

      const tampered = headersOf(signed).replace('Quarterly figures', 'Quarterly fiGures');
      const bad = await checkOne(tampered, zone);
      expect(bad).toMatchObject({ result: 'fail', reason: 'bad-signature', signatureValid: false });
      expect(bad.explanation).toMatch(/does not match the headers/);
    });
  }

  it('tolerates LF line endings from a paste (they travel as CRLF)', async () => {
    const signed = await sign({ key: rsa, canonicalization: 'simple/simple' });
    const r = await checkOne(headersOf(signed).replace(/\r\n/g, '\n'), { 'sel._domainkey.example.com': txt(rsa.record) });
    expect(r.result).toBe('pass');
  });

  it('relaxed survives re-folding and whitespace changes; simple does not', async () => {
    const zone = { 'sel._domainkey.example.com': txt(rsa.record) };
    const refold = (m: string) => m.replace('Quarterly figures,\r\n  folded', 'Quarterly   figures,\r\n\tfolded');
    expect((await checkOne(refold(await sign({ key: rsa, canonicalization: 'relaxed/relaxed' })), zone)).result).toBe('pass');
    const simple = await checkOne(refold(await sign({ key: rsa, canonicalization: 'simple/simple' })), zone);
    expect(simple.result).toBe('fail');
    expect(simple.explanation).toMatch(/simple header canonicalisation/);
  });

  it('selects repeated fields bottom-up: a copy added above is ignored, one added below breaks it', async () => {
    const zone = { 'sel._domainkey.example.com': txt(rsa.record) };
    const signed = await sign({ key: rsa, headerList: ['from', 'to', 'subject', 'date'] });
    expect((await checkOne(`Subject: injected on top\r\n${signed}`, zone)).result).toBe('pass');
    const below = signed.replace('Date: Mon', 'Subject: injected below\r\nDate: Mon');
    expect((await checkOne(below, zone)).result).toBe('fail');
  });

  it('over-signing blocks an added copy and is reported as over-signing (hand-built vector)', async () => {
    // mailauth's signer never over-signs, so this vector is built by hand: the
    // relaxed canonical form is written out literally and signed with node:crypto.
    const tags = 'v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.com; s=sel; h=from:subject:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=';
    const canonical = `from:Alice <alice@example.com>\r\nsubject:Hi there\r\ndkim-signature:${tags}`;
    const b = cryptoSign(null, createHash('sha256').update(canonical).digest(), createPrivateKey(ed.privateKey)).toString('base64');
    const message = `DKIM-Signature: ${tags}${b}\r\nFrom: Alice <alice@example.com>\r\nSubject:   Hi there\r\n\r\n`;
    const zone = { 'sel._domainkey.example.com': txt(ed.record) };

    const ok = await checkOne(message, zone);
    expect(ok.result).toBe('pass');
    expect(ok.missingHeaders).toEqual(['subject']);
    expect(ok.notes.join(' ')).toMatch(/subject more times than the message has it \(over-signing/);
    expect((await checkOne(`Subject: injected on top\r\n${message}`, zone)).result).toBe('fail');
    expect((await checkOne(message.replace('\r\n\r\n', '\r\nSubject: injected below\r\n\r\n'), zone)).result).toBe('fail');
  });

  it('names a signed header that is now missing when the check fails', async () => {
    const zone = { 'sel._domainkey.example.com': txt(rsa.record) };
    const signed = await sign({ key: rsa, headerList: ['from', 'to', 'subject', 'date', 'message-id'] });
    const r = await checkOne(signed.replace(/\r\nMessage-ID: [^\r]*/, ''), zone);
    expect(r.result).toBe('fail');
    expect(r.missingHeaders).toEqual(['message-id']);
    expect(r.explanation).toMatch(/h= also names message-id, absent now/);
  });

  it('explains key problems: not published, revoked, wrong type, hash not allowed, not for email', async () => {
    const signed = await sign({ key: rsa });
    const cases: [Zone, string, string][] = [
      [{}, 'key-not-found', 'permerror'],
      [{ 'sel._domainkey.example.com': txt('v=DKIM1; k=rsa; p=') }, 'key-revoked', 'permerror'],
      [{ 'sel._domainkey.example.com': txt(ed.record) }, 'key-type-mismatch', 'permerror'],
      [{ 'sel._domainkey.example.com': txt(rsa.record.replace('k=rsa;', 'k=rsa; h=sha1;')) }, 'key-hash-mismatch', 'permerror'],
      [{ 'sel._domainkey.example.com': txt(rsa.record.replace('k=rsa;', 'k=rsa; s=other;')) }, 'key-service', 'permerror'],
      [{ 'sel._domainkey.example.com': txt('v=spf1 -all') }, 'key-invalid', 'permerror'],
      [{ 'sel._domainkey.example.com': [{ type: 'TIMEOUT' }] }, 'dns-error', 'temperror'],
    ];
    for (const [zone, reason, result] of cases) {
      const r = await checkOne(signed, zone);
      expect({ reason: r.reason, result: r.result }).toEqual({ reason, result });
      expect(r.explanation.length).toBeGreaterThan(10);
      expect(r.dnsName).toBe('sel._domainkey.example.com');
    }
  });

  it('a key rotated since signing fails the signature (different key at the same selector)', async () => {
    const signed = await sign({ key: rsa });
    const r = await checkOne(signed, { 'sel._domainkey.example.com': txt(rsaKey().record) });
    expect(r).toMatchObject({ result: 'fail', reason: 'bad-signature' });
  });

  it('applies the as-of time to x= and reports a weak key as policy', async () => {
    const signed = await sign({ key: ed, expires: new Date('2025-03-10T00:00:00Z') });
    const zone = { 'sel._domainkey.example.com': txt(ed.record) };
    expect((await checkOne(signed, zone, new Date('2025-03-05T00:00:00Z'))).result).toBe('pass');
    const late = await checkOne(signed, zone, new Date('2025-04-01T00:00:00Z'));
    expect(late).toMatchObject({ result: 'neutral', reason: 'expired', signatureValid: true });

    const weak = rsaKey(768);
    const r = await checkOne(await sign({ key: weak }), { 'sel._domainkey.example.com': txt(weak.record) });
    expect(r).toMatchObject({ result: 'policy', reason: 'weak-key', signatureValid: true, key: { bits: 768 } });
  });

  it('reports a signature that cannot be processed instead of throwing', async () => {
    const zone = { 'sel._domainkey.example.com': txt(rsa.record) };
    const noFrom = await checkOne(`DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel; h=to:subject; bh=AAAA; b=AAAA\r\n${headersOf((await sign({ key: rsa })).replace(/^DKIM-Signature:.*\r\n(\s.*\r\n)*/, ''))}`, zone);
    expect(noFrom.reason).toBe('from-not-signed');
    const garbage = await checkOne('DKIM-Signature: this is not a tag list\r\nFrom: a@example.com\r\n', zone);
    expect(garbage).toMatchObject({ result: 'neutral', reason: 'syntax' });
    const unknownAlg = await checkOne('DKIM-Signature: v=1; a=rsa-md5; d=example.com; s=sel; h=from; bh=AA; b=AA\r\nFrom: a@example.com\r\n', zone);
    expect(unknownAlg.reason).toBe('unsupported-algorithm');
  });
});

describe('emptySignatureValue', () => {
  it('empties only the b= value, keeping bh= and the bytes around it', () => {
    expect(emptySignatureValue('DKIM-Signature: v=1; bh=abc=; b=sig\r\n nature; d=x')).toBe('DKIM-Signature: v=1; bh=abc=; b=; d=x');
    expect(emptySignatureValue('DKIM-Signature: a=1;\r\n b = sig ')).toBe('DKIM-Signature: a=1;\r\n b =');
  });
});
