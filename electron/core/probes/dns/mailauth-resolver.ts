/**
 * A ProbeDns as the resolver function mailauth calls (`resolver(name,
 * rrtype)` resolving like `dns.promises.resolve`), so mailauth's SPF (and
 * anything else of mailauth a check uses) asks through the run's cache and
 * every query it makes lands in the check's evidence.
 *
 * Failures reject with the node:dns codes mailauth reads: ENOTFOUND /
 * ENODATA are "no record" (void lookups), the rest temperror.
 */
import type { DnsOutcome } from '../../../../shared/model/probe';
import type { ProbeDns } from '../check-types';

export type MailauthAnswer = string[] | string[][] | { priority: number; exchange: string }[];
export type MailauthResolver = (name: string, rrtype: string) => Promise<MailauthAnswer>;

/** The node:dns error code for each failed outcome of the wire client (what mailauth and node:dns callers read). */
export const NODE_DNS_CODES: Record<Exclude<DnsOutcome, 'answer'>, string> = {
  nxdomain: 'ENOTFOUND',
  nodata: 'ENODATA',
  servfail: 'ESERVFAIL',
  refused: 'EREFUSED',
  timeout: 'ETIMEOUT',
  error: 'EUNKNOWN',
};

/** An error carrying the node:dns-style code. */
export class ProbeDnsError extends Error {
  constructor(
    readonly code: string,
    readonly hostname: string,
  ) {
    super(`${hostname}: ${code}`);
    this.name = 'ProbeDnsError';
  }
}

export function toMailauthResolver(dns: ProbeDns): MailauthResolver {
  return async (name, rrtype) => {
    const { query, records } = await dns.lookup(name, rrtype);
    if (query.outcome !== 'answer') throw new ProbeDnsError(NODE_DNS_CODES[query.outcome], name);
    return records.map((r) => {
      switch (r.type) {
        case 'TXT':
          return r.chunks;
        case 'MX':
          return { priority: r.priority, exchange: r.exchange };
        default:
          return r.value;
      }
    }) as MailauthAnswer;
  };
}
