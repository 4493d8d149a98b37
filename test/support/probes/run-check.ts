/**
 * Run probe check modules the way the runner does — one recording DNS view
 * per module over one per-run cache — against real DNS servers, and collect
 * what they report. For integration tests of the DNS checks.
 */
import type { CheckResult, ProbeCheckDefinition, ProbeContext } from '../../../electron/core/probes/check-types';
import { createRunDns, type DnsSourceKind } from '../../../electron/core/probes/dns/run-dns';
import type { ProbeDnsQuery, ProbeRequest } from '../../../shared/model/probe';

export interface CheckRun {
  checks: CheckResult[];
  /** Every real query of the run. */
  queries: ProbeDnsQuery[];
  byId(id: string): CheckResult;
}

export function probeRequest(domain: string, over: Partial<ProbeRequest> = {}): ProbeRequest {
  return {
    domain,
    ip: null,
    selectors: [],
    smtp: { enabled: false, host: null, port: null, rcptTest: null },
    dns: { servers: [] },
    ...over,
  };
}

export async function runChecks(
  definitions: ProbeCheckDefinition[],
  request: ProbeRequest,
  dns: { servers: string[]; source: DnsSourceKind; timeoutMs?: number; tries?: number },
): Promise<CheckRun> {
  const controller = new AbortController();
  const run = createRunDns({ servers: dns.servers, timeoutMs: dns.timeoutMs ?? 500, tries: dns.tries ?? 1, source: dns.source }, controller.signal);
  const checks: CheckResult[] = [];
  await Promise.all(
    definitions
      .filter((d) => d.applies(request))
      .map((d) => {
        const ctx: ProbeContext = {
          request,
          dns: run.view(),
          signal: controller.signal,
          fetch: async () => {
            throw new Error('no HTTP in DNS check tests');
          },
          connectTo: (host, port) => ({ host, port }),
        };
        return d.run(ctx, (c) => checks.push(c));
      }),
  );
  return {
    checks,
    queries: run.queries,
    byId(id) {
      const found = checks.find((c) => c.id === id);
      if (!found) throw new Error(`no check ${id}; got ${checks.map((c) => c.id).join(', ')}`);
      return found;
    },
  };
}
