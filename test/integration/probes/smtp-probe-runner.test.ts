/**
 * The SMTP probe inside the real runner, over the real DNS layer: MX and A
 * records come from a DNS server on loopback (UDP, through createRunDns), the
 * MX's port 25 is routed to a loopback smtp-server with connectTo, and the
 * checks stream out of runProbe with the DNS queries they rest on.
 */
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { ProbeCheck, ProbeRequest } from '../../../shared/model/probe';
import { runProbe } from '../../../electron/core/probes/probe-runner';
import { createRunDns } from '../../../electron/core/probes/dns/run-dns';
import { createSmtpProbe } from '../../../electron/core/probes/checks/smtp-probe';
import { smtpChecks } from '../../../electron/core/probes/checks/index-smtp';
import { startLoopbackDnsServer, type LoopbackDnsServer } from '../../support/dns/loopback-dns-server';
import { createTestCa } from '../../support/probes/test-ca';

let dns: LoopbackDnsServer;
let smtp: SMTPServer;
let smtpPort: number;
let caCert: string;

beforeAll(async () => {
  const ca = await createTestCa();
  caCert = ca.cert;
  const leaf = await ca.issue(['mx.runner.test'], { notAfter: new Date(Date.now() + 60 * 86_400_000) });
  smtp = new SMTPServer({ key: leaf.key, cert: leaf.cert, name: 'mx.runner.test', authOptional: true, disabledCommands: ['AUTH'], logger: false });
  smtp.on('error', () => undefined);
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  smtpPort = ((smtp as unknown as { server: net.Server }).server.address() as net.AddressInfo).port;
  dns = await startLoopbackDnsServer({
    'runner.test': [{ type: 'MX', priority: 10, exchange: 'mx.runner.test.' }],
    'mx.runner.test': [{ type: 'A', value: '127.0.0.1' }],
  });
}, 60_000);

afterAll(async () => {
  await dns?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const request = (): ProbeRequest => ({
  domain: 'runner.test', ip: null, selectors: [],
  smtp: { enabled: true, host: null, port: null, rcptTest: 'postmaster@runner.test', timeoutMs: 3000 },
  dns: { servers: [dns.server], timeoutMs: 1000, tries: 1 },
});

describe('SMTP probe in the runner', () => {
  it('resolves the MX over the run DNS and streams every check with its DNS evidence', async () => {
    const streamed: ProbeCheck[] = [];
    const outcome = await runProbe(request(), {
      checks: [createSmtpProbe({ ca: [caCert] })],
      createDns: (options, hooks) => createRunDns(options, hooks.signal, hooks.onQuery),
      // The DNS says 127.0.0.1; only the port needs routing (nothing may bind 25 here).
      connectTo: (host, port) => (host === 'mx.runner.test' && port === 25 ? { host: '127.0.0.1', port: smtpPort } : { host, port }),
    }, new AbortController().signal, { check: (c) => streamed.push(c) });
    expect(outcome.state).toBe('done');
    expect(streamed.map((c) => c.id)).toEqual([
      'smtp.mx.runner.test:25.connect', 'smtp.mx.runner.test:25.tls', 'smtp.mx.runner.test:25.certificate',
      'smtp.mx.runner.test:25.capabilities', 'smtp.mx.runner.test:25.rcpt',
    ]);
    expect(Object.fromEntries(streamed.map((c) => [c.id.split('.').pop(), c.status]))).toEqual({ connect: 'pass', tls: 'pass', certificate: 'pass', capabilities: 'pass', rcpt: 'pass' });
    const connect = streamed[0]!;
    expect(connect.evidence.dns.map((q) => `${q.type} ${q.name} ${q.outcome} ${q.answers.join(',')}`)).toEqual(['MX runner.test answer 10 mx.runner.test', 'A mx.runner.test answer 127.0.0.1']);
    expect(outcome.dns.map((q) => `${q.type} ${q.name}`)).toEqual(['MX runner.test', 'A mx.runner.test']);
    expect(dns.questions.map((q) => `${q.type} ${q.name}`)).toEqual(['MX runner.test', 'A mx.runner.test']);
    expect(streamed.every((c) => c.group === 'smtp' && c.durationMs >= 0)).toBe(true);
  });

  it('is exported for the check list and skipped with smtp.enabled = false', () => {
    expect(smtpChecks).toHaveLength(1);
    expect(smtpChecks[0]!.group).toBe('smtp');
    expect(smtpChecks[0]!.applies({ ...request(), smtp: { ...request().smtp, enabled: false } })).toBe(false);
    expect(smtpChecks[0]!.applies(request())).toBe(true);
  });
});
