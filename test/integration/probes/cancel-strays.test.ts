/**
 * Cancelling a probe must not leave a rejected promise nobody handles: Node
 * ends the process on an unhandled rejection, and the host serving the UI is
 * that process. BIMI asks the DMARC record alongside its own record and the
 * blocklist check asks the domain lists while the MX addresses resolve — so a
 * cancel that lands while both are on the wire is the case that matters. The
 * check modules run here directly (no runner, so no cancel guard) against the
 * loopback DNS server, slowed down so the lookups are surely in flight, and
 * the cancel comes once the server has seen the questions.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bimiCheck } from '../../../electron/core/probes/checks/bimi';
import { dnsblCheck } from '../../../electron/core/probes/checks/dnsbl';
import { dnsChecks } from '../../../electron/core/probes/checks/index-dns';
import { moreChecks } from '../../../electron/core/probes/checks/index-more';
import { createSmtpProbe } from '../../../electron/core/probes/checks/smtp-probe';
import type { ProbeCheckDefinition } from '../../../electron/core/probes/check-types';
import { type LoopbackDnsServer, startLoopbackDnsServer } from '../../support/dns/loopback-dns-server';
import { liveContext } from '../../support/probes/live-context';
import { testRequest } from '../../support/probes/memory-probe-dns';

const DOMAIN = 'strays.example';
/** Every answer is held this long, so a cancel right after the questions arrive finds them all unanswered. */
const DELAY_MS = 300;

let dns: LoopbackDnsServer;
/** An "MX" that accepts connections and never says a word, so the SMTP probe waits on its banner. */
let silent: Server;
const silentSockets = new Set<Socket>();
let strays: unknown[] = [];
const record = (reason: unknown): void => {
  strays.push(reason);
};

beforeAll(async () => {
  dns = await startLoopbackDnsServer({
    [DOMAIN]: [{ type: 'MX', priority: 10, exchange: `mx.${DOMAIN}` }, { type: 'TXT', value: ['v=spf1 mx -all'] }],
    [`mx.${DOMAIN}`]: [{ type: 'A', value: '192.0.2.40' }],
    [`_dmarc.${DOMAIN}`]: [{ type: 'TXT', value: ['v=DMARC1; p=reject'] }],
    [`default._bimi.${DOMAIN}`]: [{ type: 'TXT', value: ['v=BIMI1; l=https://bimi.strays.example/logo.svg'] }],
  }, { delayMs: DELAY_MS });
  silent = createServer((socket) => {
    silentSockets.add(socket);
    socket.on('close', () => silentSockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const s of silentSockets) s.destroy();
  await Promise.all([dns?.close(), new Promise((r) => silent?.close(r))]);
});

beforeEach(() => {
  strays = [];
  process.on('unhandledRejection', record);
});

afterEach(() => {
  process.off('unhandledRejection', record);
});

/**
 * Start `def`, cancel once the server has received every question matching `inFlight` (or once `ready` says so),
 * and let every leftover settle.
 */
async function cancelWhileAsking(def: ProbeCheckDefinition, inFlight: RegExp[], ready: () => boolean = () => true): Promise<void> {
  const seen = dns.questions.length;
  const live = liveContext(testRequest(DOMAIN, { ip: '192.0.2.99', smtp: { enabled: true, host: null, port: null, rcptTest: null } }), { dnsServer: dns.server });
  // Every SMTP connection goes to the silent loopback listener, never to the MX's real (documentation) address.
  const ctx = { ...live, connectTo: () => ({ host: '127.0.0.1', port: (silent.address() as { port: number }).port }) };
  const running = Promise.resolve().then(() => def.run(ctx, () => undefined)).then(() => 'finished' as const, () => 'rejected' as const);
  const asked = () => dns.questions.slice(seen).map((q) => `${q.type} ${q.name}`);
  await expect.poll(() => inFlight.every((re) => asked().some((q) => re.test(q))) && ready(), { timeout: 5000, interval: 5 }).toBe(true);
  live.cancel();
  // A cancelled module ends by rejecting with the cancel (or returns); the runner's own promptness is tested elsewhere.
  await running;
  // Leftover lookups reject on the same abort; wait past their answers so any unhandled one has been reported.
  await new Promise((r) => setTimeout(r, DELAY_MS + 100));
}

describe('cancelling checks while their lookups are in flight', () => {
  it('BIMI: the DMARC lookup started alongside the BIMI record leaves no unhandled rejection', async () => {
    await cancelWhileAsking(bimiCheck, [/^TXT default\._bimi\./, /^TXT _dmarc\./]);
    expect(strays).toEqual([]);
  });

  it('Blocklists: the domain-list questions started while the MX resolve leave no unhandled rejection', async () => {
    await cancelWhileAsking(dnsblCheck, [/^MX strays\.example$/, /^A strays\.example\.dbl\.spamhaus\.org$/]);
    expect(strays).toEqual([]);
  });

  it('every module, cancelled at its first questions, leaves none', async () => {
    for (const def of [...dnsChecks, ...moreChecks, createSmtpProbe()]) {
      await cancelWhileAsking(def, [/./]);
      expect(strays, def.name).toEqual([]);
    }
  });

  it('SMTP probe: cancelled while waiting for a banner, leaves none', async () => {
    const before = silentSockets.size;
    await cancelWhileAsking(createSmtpProbe(), [/^MX strays\.example$/], () => silentSockets.size > before);
    expect(strays).toEqual([]);
  });
});
