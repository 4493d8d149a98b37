/**
 * A ProbeContext over the real pieces, for integration tests of check
 * modules: the run DNS (wire client, per-run cache) pointed at a loopback DNS
 * server, and the production HTTPS fetch routed to a loopback HTTPS server
 * whose test CA is trusted for this context only.
 */
import { createRunDns } from '../../../electron/core/probes/dns/run-dns';
import type { CheckResult, ProbeCheckDefinition, ProbeContext } from '../../../electron/core/probes/check-types';
import { createHttpFetch } from '../../../electron/core/probes/http-fetch';
import type { ProbeRequest } from '../../../shared/model/probe';

export interface LiveContextOptions {
  /** "127.0.0.1:<port>" of the loopback DNS server. */
  dnsServer: string;
  /** Loopback HTTPS port every host's port 443 is routed to. */
  httpsPort?: number;
  /** Extra trusted CA certificates (PEM). */
  ca?: string[];
}

export function liveContext(request: ProbeRequest, o: LiveContextOptions): ProbeContext & { cancel(): void } {
  const controller = new AbortController();
  const connectTo = (host: string, port: number) => (o.httpsPort && port === 443 ? { host: '127.0.0.1', port: o.httpsPort } : { host, port });
  const dns = createRunDns({ servers: [o.dnsServer], timeoutMs: 1000, tries: 1 }, controller.signal);
  const full: ProbeRequest = { ...request, dns: { ...request.dns, servers: request.dns.servers.length ? request.dns.servers : [o.dnsServer] } };
  return {
    request: full,
    dns: dns.view(),
    signal: controller.signal,
    fetch: createHttpFetch({ connectTo, signal: controller.signal, ...(o.ca ? { ca: o.ca } : {}) }),
    connectTo,
    cancel: () => controller.abort(),
  };
}

/** Run one module and collect what it reports, by id. */
export async function runCheck(def: ProbeCheckDefinition, ctx: ProbeContext): Promise<{ checks: CheckResult[]; get(id: string): CheckResult }> {
  const checks: CheckResult[] = [];
  await def.run(ctx, (c) => checks.push(c));
  return {
    checks,
    get(id) {
      const c = checks.find((x) => x.id === id);
      if (!c) throw new Error(`no check ${id}; got ${checks.map((x) => x.id).join(', ')}`);
      return c;
    },
  };
}
