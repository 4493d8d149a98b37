// The conformance runners on small self-made suites in the upstream formats,
// so `npm test` covers them without ../shared/conformance.
import { sealMessage } from 'mailauth';
import { describe, expect, it } from 'vitest';
import { runArcSuite } from '../../../../../electron/core/analysis/conformance/arc-suite';
import { runDkimVectors, tamperFrom } from '../../../../../electron/core/analysis/conformance/dkim-vectors';
import { runSpfSuite, toZone } from '../../../../../electron/core/analysis/conformance/spf-suite';
import { detailLines, summaryLine } from '../../../../../electron/core/analysis/conformance/suite-report';
import { rsaKey, sign } from './dkim-test-kit';

const SPF_YAML = `
description: Small suite
tests:
  pass-ip4:
    helo: mail.example.net
    host: 192.0.2.1
    mailfrom: a@example.com
    result: pass
  fail-with-default-exp:
    helo: mail.example.net
    host: 192.0.2.99
    mailfrom: a@example.com
    result: fail
    explanation: DEFAULT
  timeout-either:
    helo: mail.example.net
    host: 192.0.2.1
    mailfrom: a@slow.example.com
    result: [temperror, permerror]
  spf-type-only:
    helo: mail.example.net
    host: 192.0.2.1
    mailfrom: a@spfonly.example.com
    result: pass
  wrong-on-purpose:
    helo: mail.example.net
    host: 192.0.2.1
    mailfrom: a@example.com
    result: softfail
zonedata:
  example.com:
    - TXT: [ "v=spf1 ip4:192.0.2.0/", "28 -all" ]
  slow.example.com:
    - TIMEOUT
  spfonly.example.com:
    - SPF: v=spf1 +all
---
description: Second scenario
tests:
  mx-pass:
    helo: mail.example.net
    host: 192.0.2.5
    mailfrom: a@mx.example.org
    result: pass
zonedata:
  mx.example.org:
    - SPF: v=spf1 mx -all
    - MX: [10, mail.mx.example.org]
  mail.mx.example.org:
    - A: 192.0.2.5
`;

describe('SPF suite runner', () => {
  it('runs every test through our SPF path and reports a wrong expectation as a failure', async () => {
    const report = await runSpfSuite(SPF_YAML, { name: 'mini SPF' });
    expect(report.total).toBe(6);
    expect(report.passed).toBe(5);
    expect(report.failures.map((f) => [f.id, f.expected, f.got])).toEqual([['Small suite / wrong-on-purpose', 'softfail', 'pass']]);
    expect(summaryLine(report)).toBe('mini SPF: 5/6 (skipped: none)');
    expect(detailLines(report)[0]).toMatch(/^ {2}FAIL Small suite \/ wrong-on-purpose: expected softfail, got pass/);
  });

  it('reads pyspf zone data: TIMEOUT, NONE, MX pairs, chunked TXT', () => {
    expect(toZone({ 'a.example': ['TIMEOUT', { TXT: 'NONE' }, { MX: [5, 'mx.a.example'] }, { TXT: ['x', 'y'] }] })).toEqual({
      'a.example': [{ type: 'TIMEOUT' }, { type: 'TXT', data: null }, { type: 'MX', data: { priority: 5, exchange: 'mx.a.example' } }, { type: 'TXT', data: ['x', 'y'] }],
    });
  });
});

describe('DKIM vector runner', () => {
  it('checks each signature with body, on headers only, and with one From byte changed', async () => {
    const key = rsaKey();
    const signed = await sign({ key });
    const file = `sel._domainkey.example.com ${key.record}\n\n${signed.replace(/\r\n/g, '\n')}`;
    const report = await runDkimVectors([{ id: 'self/001', bytes: Buffer.from(file) }], { name: 'mini DKIM' });
    expect(report).toMatchObject({ passed: 3, total: 3, failures: [] });

    const wrongKey = `sel._domainkey.example.com ${rsaKey().record}\n\n${signed.replace(/\r\n/g, '\n')}`;
    const bad = await runDkimVectors([{ id: 'self/002', bytes: Buffer.from(wrongKey) }]);
    expect(bad.passed).toBe(1); // only the tampered check, which must fail anyway
    expect(bad.failures.map((f) => f.id)).toEqual([
      'self/002 DKIM #1 d=example.com s=sel rsa-sha256 with body',
      'self/002 DKIM #1 d=example.com s=sel rsa-sha256 headers only',
    ]);
  });

  it('tamperFrom changes exactly one byte of the From field', () => {
    const headers = 'To: b@example.net\r\nFrom: Alice <alice@example.com>\r\n';
    const changed = tamperFrom(headers);
    expect(changed).not.toBe(headers);
    expect(changed.length).toBe(headers.length);
    expect([...changed].filter((c, i) => c !== headers[i])).toHaveLength(1);
    expect(changed.startsWith('To: b@example.net\r\nFrom: ')).toBe(true);
  });
});

describe('ARC suite runner', () => {
  it('compares chain validation with cv (empty meaning fail) and reports mismatches', async () => {
    const arcKey = rsaKey(1024);
    const message = 'From: a@example.org\r\nTo: b@example.net\r\nSubject: hi\r\n\r\nbody\r\n';
    const seal = await sealMessage(message, { signingDomain: 'example.org', selector: 'dummy', privateKey: arcKey.privateKey, authResults: 'lists.example.org; spf=pass', cv: 'none' });
    const sealed = (seal.toString() + message).replace(/\r\n/g, '\n');
    const indent = (s: string) => s.split('\n').map((l) => `      ${l}`).join('\n');
    const yaml = `description: mini
tests:
  pass:
    message: |
${indent(sealed)}
    cv: Pass
  none:
    message: |
${indent(message.replace(/\r\n/g, '\n'))}
    cv: None
  tampered-empty-cv:
    message: |
${indent(sealed.replace('Subject: hi', 'Subject: ho'))}
    cv: ""
  wrong-on-purpose:
    message: |
${indent(sealed)}
    cv: Fail
txt-records:
  dummy._domainkey.example.org: >-
    ${arcKey.record}
`;
    const report = await runArcSuite(yaml, { name: 'mini ARC' });
    expect(report.total).toBe(4);
    expect(report.passed).toBe(3);
    expect(report.failures.map((f) => [f.id, f.expected, f.got])).toEqual([['wrong-on-purpose', 'fail', 'pass']]);
  });
});
