/**
 * The runner's production wiring: every check module, the per-run DNS (the
 * wire-protocol client with the request's servers), the HTTPS fetch bound to
 * the run, connections to the real host (the identity). Tests override parts
 * (a host → loopback map, extra trust anchors).
 */
import { createRunDns } from './dns/run-dns';
import { lookupVia } from './dns-lookup-function';
import { createHttpFetch } from './http-fetch';
import { ALL_CHECKS, deriveRequirements } from './probe-check-list';
import type { ProbeRunnerDeps } from './probe-runner';

export function defaultRunnerDeps(overrides: Partial<ProbeRunnerDeps> = {}): ProbeRunnerDeps {
  return {
    checks: ALL_CHECKS,
    createDns: (options, hooks) => createRunDns(options, hooks.signal, hooks.onQuery),
    createFetch: ({ signal, connectTo, dns }) => createHttpFetch({ signal, connectTo, lookup: lookupVia(dns) }),
    ...(deriveRequirements ? { deriveRequirements } : {}),
    ...overrides,
  };
}
