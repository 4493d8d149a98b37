/**
 * The runner's production wiring: every check module, the per-run DNS, the
 * HTTPS fetch, connections to the real host (the identity). Tests build their
 * own ProbeRunnerDeps (a loopback DNS server, a host → loopback map).
 */
import type { ProbeContext } from './check-types';
import { ALL_CHECKS, deriveRequirements } from './probe-check-list';
import type { ProbeRunnerDeps } from './probe-runner';
import { createTempRunDns } from './temp-run-dns';

const noFetch: ProbeContext['fetch'] = async (url) => ({ url, status: null, headers: {}, body: new Uint8Array(), durationMs: 0, error: 'HTTPS fetching is not built yet', tls: null });

export function defaultRunnerDeps(overrides: Partial<ProbeRunnerDeps> = {}): ProbeRunnerDeps {
  return {
    checks: ALL_CHECKS,
    createDns: createTempRunDns,
    fetch: noFetch,
    ...(deriveRequirements ? { deriveRequirements } : {}),
    ...overrides,
  };
}
