import { describe, expect, it } from 'vitest';
import { deriveRequirements } from '../../../../../../electron/core/probes/checks/index-more';
import type { DnsOutcome, ProbeCheck, ProbeDnsQuery, ProbeStatus } from '../../../../../../shared/model/probe';
import { testRequest } from '../../../../../support/probes/memory-probe-dns';

let seq = 0;
const q = (name: string, type: string, outcome: DnsOutcome, answers: string[] = []): ProbeDnsQuery => ({
  seq: ++seq, name, type, server: 'test', askedAt: '2026-11-25T00:00:00Z', durationMs: 1, outcome, answers, ttl: 300, cnames: [], note: null, cached: false,
});
const check = (id: string, group: ProbeCheck['group'], status: ProbeStatus, title: string, dns: ProbeDnsQuery[] = [], subject: string | null = null): ProbeCheck => ({
  id, group, subject, status, title, explanation: '', fix: status === 'pass' ? null : `fix ${id}`, evidence: { dns }, durationMs: 1,
});

const good: ProbeCheck[] = [
  check('spf.record', 'spf', 'pass', 'SPF record found', [q('example.test', 'TXT', 'answer', ['v=spf1 -all'])]),
  check('spf.lookups', 'spf', 'pass', '2 of 10 lookups'),
  check('dkim.selector1', 'dkim', 'pass', 'selector1: RSA 2048', [q('selector1._domainkey.example.test', 'TXT', 'answer', ['v=DKIM1; k=rsa; p=MIIBIjAN'])]),
  check('dkim.google', 'dkim', 'info', 'no key at google', [q('google._domainkey.example.test', 'TXT', 'nxdomain')]),
  check('dmarc.record', 'dmarc', 'warn', 'DMARC p=none', [q('_dmarc.example.test', 'TXT', 'answer', ['v=DMARC1; p=none; rua=mailto:d@example.test'])]),
  check('ptr.192.0.2.1', 'ptr', 'pass', '192.0.2.1 (sending IP): PTR mail.example.test, forward-confirmed', [], '192.0.2.1'),
  check('smtp.mx1.example.test:25.tls', 'smtp', 'pass', 'STARTTLS: TLSv1.3, certificate valid'),
];

const find = (results: ReturnType<typeof deriveRequirements>, key: string) => {
  const r = results.find((x) => x.id === `requirements.${key}`);
  if (!r) throw new Error(key);
  return r;
};

describe('deriveRequirements', () => {
  it('meets every item for a well set-up domain and cites the checks it rests on', () => {
    const out = deriveRequirements(good, testRequest('example.test', { ip: '192.0.2.1' }));
    expect(out.every((r) => r.group === 'requirements')).toBe(true);
    expect(find(out, 'spf').status).toBe('pass');
    const dkim = find(out, 'dkim');
    expect(dkim).toMatchObject({ status: 'pass', title: 'DKIM: key published (selector1)' });
    expect(dkim.evidence.facts).toEqual([{ label: 'From dkim.selector1', value: 'pass: selector1: RSA 2048' }]);
    expect(dkim.evidence.dns.map((x) => x.name)).toEqual(['selector1._domainkey.example.test']);
    expect(find(out, 'dmarc')).toMatchObject({ status: 'pass', title: 'DMARC: record present (p=none)' });
    expect(find(out, 'alignment').status).toBe('pass');
    expect(find(out, 'ptr').status).toBe('pass');
    expect(find(out, 'tls').status).toBe('pass');
    expect(find(out, 'outside-dns').status).toBe('info');
  });

  it('fails what is missing and says "not checked" where the run has nothing', () => {
    const bad: ProbeCheck[] = [
      check('spf.record', 'spf', 'pass', 'SPF record found'),
      check('spf.lookups', 'spf', 'fail', '12 of 10 lookups: permerror'),
      check('dkim.google', 'dkim', 'info', 'no key', [q('google._domainkey.example.test', 'TXT', 'nxdomain')]),
      check('dmarc.record', 'dmarc', 'fail', 'No DMARC record', [q('_dmarc.example.test', 'TXT', 'nxdomain')]),
      check('ptr.192.0.2.1', 'ptr', 'fail', '192.0.2.1 (sending IP): no PTR record', [], '192.0.2.1'),
    ];
    const out = deriveRequirements(bad, testRequest('example.test', { ip: '192.0.2.1' }));
    expect(find(out, 'spf')).toMatchObject({ status: 'fail', title: 'SPF: not met — the record cannot pass', fix: 'fix spf.lookups' });
    expect(find(out, 'dkim').status).toBe('warn');
    expect(find(out, 'dmarc').status).toBe('fail');
    expect(find(out, 'alignment').status).toBe('warn');
    expect(find(out, 'ptr').status).toBe('fail');
    expect(find(out, 'tls')).toMatchObject({ status: 'info', title: 'TLS: not checked (SMTP probe not run)' });

    const none = deriveRequirements([], testRequest('example.test'));
    expect(none.map((r) => r.status)).toEqual(['info', 'info', 'info', 'info', 'info', 'info', 'info']);
    expect(find(none, 'ptr').title).toContain('no IP given');
  });

  it('reads the SMTP probe\'s per-host .tls checks: "does not offer STARTTLS" (a warning there) is not TLS', () => {
    const smtp = (host: string, status: ProbeStatus, title: string) => check(`smtp.${host}:25.tls`, 'smtp', status, title, [], `${host}:25`);
    const req = testRequest('example.test');
    const none = deriveRequirements([smtp('mx1.example.test', 'warn', 'mx1.example.test:25 does not offer STARTTLS'), check('smtp.mx1.example.test:25.connect', 'smtp', 'pass', 'Connected')], req);
    expect(find(none, 'tls').status).toBe('fail');
    const some = deriveRequirements([smtp('mx1.example.test', 'pass', 'STARTTLS: TLSv1.3 TLS_AES_256_GCM_SHA384'), smtp('mx2.example.test', 'warn', 'mx2.example.test:25 does not offer STARTTLS')], req);
    expect(find(some, 'tls')).toMatchObject({ status: 'warn', title: 'TLS: offered by some MX hosts only' });
    const old = deriveRequirements([smtp('mx1.example.test', 'warn', 'mx1.example.test:25 negotiated TLSv1')], req);
    expect(find(old, 'tls').status).toBe('pass');
  });

  it('reads a DMARC record cited by the BIMI check when no DMARC check ran', () => {
    const out = deriveRequirements([
      check('bimi.dmarc', 'bimi', 'fail', 'DMARC not at enforcement', [q('_dmarc.example.test', 'TXT', 'answer', ['v=DMARC1; p=quarantine; pct=50'])]),
    ], testRequest('example.test'));
    expect(find(out, 'dmarc')).toMatchObject({ status: 'pass', title: 'DMARC: record present (p=quarantine)' });
  });

  describe('SPF item: the requirement is "SPF passes for your sending IP", from a valid record', () => {
    const record = check('spf.record', 'spf', 'pass', 'SPF record found', [q('example.test', 'TXT', 'answer', ['v=spf1 ip4:192.0.2.1 include:gone.example -all'])]);
    const includes = check('spf.includes', 'spf', 'fail', 'SPF includes a domain without one valid SPF record');
    const ipCheck = (status: ProbeStatus, result: string) => check('spf.ip', 'spf', status, `SPF for 192.0.2.1: ${result}`, [], '192.0.2.1');
    const req = testRequest('example.test', { ip: '192.0.2.1' });

    it('warns, with the reason, when the include tree is broken but the sending IP passes', () => {
      const spf = find(deriveRequirements([record, includes, ipCheck('pass', 'pass')], req), 'spf');
      expect(spf).toMatchObject({ status: 'warn', title: 'SPF: met for 192.0.2.1, but the include tree has problems', fix: 'fix spf.includes' });
      expect(spf.explanation).toContain('SPF includes a domain without one valid SPF record');
      expect(spf.evidence.facts?.map((f) => f.label)).toEqual(['From spf.record', 'From spf.includes', 'From spf.ip']);
      // The same for the other tree limits mailauth enforces while it evaluates.
      const lookups = check('spf.lookups', 'spf', 'fail', '12 of 10 lookups: permerror');
      expect(find(deriveRequirements([record, lookups, ipCheck('pass', 'pass')], req), 'spf').status).toBe('warn');
      // A syntax error only inside an included record is a problem of the tree too.
      const theirs = { ...check('spf.syntax', 'spf', 'fail', '1 syntax problem in SPF'), evidence: { dns: [], facts: [{ label: 'gone.example: ip4:1.2.3', value: 'not a valid IPv4 address' }] } };
      expect(find(deriveRequirements([record, theirs, ipCheck('pass', 'pass')], req), 'spf').status).toBe('warn');
    });

    it('fails when the include tree is broken and the sending IP does not pass, or no IP was given', () => {
      const permerror = find(deriveRequirements([record, includes, ipCheck('fail', 'permerror')], req), 'spf');
      expect(permerror).toMatchObject({ status: 'fail', title: 'SPF: not met — the record cannot pass', fix: 'fix spf.includes' });
      expect(permerror.explanation).toContain('SPF for 192.0.2.1: permerror');
      const softfail = find(deriveRequirements([record, includes, ipCheck('warn', 'softfail')], req), 'spf');
      expect(softfail.status).toBe('fail');
      const noIp = find(deriveRequirements([record, includes], testRequest('example.test')), 'spf');
      expect(noIp.status).toBe('fail');
      expect(noIp.explanation).toContain('--ip');
    });

    it("fails on a syntax error in the domain's own record even when mailauth passes the IP", () => {
      const own = { ...check('spf.syntax', 'spf', 'fail', '1 syntax problem in SPF'), evidence: { dns: [], facts: [{ label: 'example.test: include;gone.example', value: 'not an SPF mechanism' }] } };
      expect(find(deriveRequirements([record, own, ipCheck('pass', 'pass')], req), 'spf')).toMatchObject({ status: 'fail', title: 'SPF: not met — the record is not valid' });
    });

    it('fails when the tree is sound but the sending IP only soft-fails or is neutral: only a pass counts', () => {
      const sound = check('spf.includes', 'spf', 'pass', '1 include/redirect resolved');
      for (const result of ['softfail', 'neutral']) {
        const spf = find(deriveRequirements([record, sound, ipCheck('warn', result)], req), 'spf');
        expect(spf).toMatchObject({ status: 'fail', title: 'SPF: not met for 192.0.2.1' });
        expect(spf.explanation).toContain(`SPF for 192.0.2.1: ${result}`);
      }
    });

    it('passes when the tree is sound and the IP passes', () => {
      const sound = check('spf.includes', 'spf', 'pass', '1 include/redirect resolved');
      expect(find(deriveRequirements([record, sound, ipCheck('pass', 'pass')], req), 'spf')).toMatchObject({ status: 'pass', title: 'SPF: a record that can pass' });
    });
  });
});
