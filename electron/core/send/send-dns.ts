/**
 * The DNS a send needs: MX of a recipient domain and the addresses of a host.
 * The system resolver by default; a named resolver (`mailscope send --dns`)
 * through the probe's wire client; tests hand in a table or run a loopback
 * DNS server so MX delivery runs against loopback servers only.
 */
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import type { DnsOutcome } from '../../../shared/model/probe';
import type { SourceAnswer } from '../probes/dns/dns-source';
import { NODE_DNS_CODES } from '../probes/dns/mailauth-resolver';
import { createWireDnsSource } from '../probes/dns/wire-source';

export interface MxHost {
  exchange: string;
  priority: number;
}

export interface SendDns {
  /** Which resolver answers, for the transcript ("127.0.0.1:5353 (UDP + EDNS0, TCP fallback), …"); absent = not worth a line. */
  readonly description?: string;
  /** MX records of a domain (any order; the engine sorts). Rejects with a Node DNS error code (ENOTFOUND, ENODATA…). */
  resolveMx(domain: string, signal?: AbortSignal): Promise<MxHost[]>;
  /** IPv4 then IPv6 addresses of a host; an IP literal resolves to itself. Rejects only when neither family has one. */
  resolveAddresses(host: string, signal?: AbortSignal): Promise<string[]>;
}

/** Bound on every DNS query of a send. */
const DNS_TIMEOUT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what}: DNS timed out`), { code: 'ETIMEOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function systemSendDns(): SendDns {
  const resolver = new dns.Resolver({ timeout: DNS_TIMEOUT_MS, tries: 2 });
  return {
    resolveMx: (domain) => withTimeout(resolver.resolveMx(domain), DNS_TIMEOUT_MS * 2, `MX ${domain}`),
    async resolveAddresses(host) {
      if (isIP(host)) return [host];
      if (host === 'localhost') return ['127.0.0.1'];
      const [v4, v6] = await Promise.allSettled([
        withTimeout(resolver.resolve4(host), DNS_TIMEOUT_MS * 2, `A ${host}`),
        withTimeout(resolver.resolve6(host), DNS_TIMEOUT_MS * 2, `AAAA ${host}`),
      ]);
      const out = [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
      if (out.length > 0) return out;
      // Hosts only /etc/hosts knows (the resolver above asks DNS servers only).
      try {
        const looked = await dns.lookup(host, { all: true });
        if (looked.length > 0) return looked.map((entry) => entry.address);
      } catch {
        // fall through to the DNS error
      }
      throw v4.status === 'rejected' ? v4.reason : new Error(`No address for ${host}`);
    },
  };
}

/** node:dns codes for the wire client's outcomes, as mailauth-resolver.ts maps them, except that a resolver that could not be asked is ECONNREFUSED (node:dns's "could not contact the DNS servers"): the engine and the explainer read these. */
const CODES: Record<Exclude<DnsOutcome, 'answer'>, string> = { ...NODE_DNS_CODES, error: 'ECONNREFUSED' };

const WORDS: Record<Exclude<DnsOutcome, 'answer'>, string> = {
  nxdomain: 'NXDOMAIN (the name does not exist)',
  nodata: 'NODATA (the name exists, without this record type)',
  servfail: 'SERVFAIL (the resolver failed to answer)',
  refused: 'REFUSED (the resolver will not answer this query)',
  timeout: 'no answer (timed out)',
  error: 'no usable answer',
};

/** An error for a failed question, with the node:dns code and what the resolver said (the caller names the question). */
function dnsError(outcome: Exclude<DnsOutcome, 'answer'>, answer: SourceAnswer, prefix = ''): Error {
  return Object.assign(new Error(`${prefix}${WORDS[outcome]}${answer.note ? ` — ${answer.note}` : ''}`), { code: CODES[outcome] });
}

/**
 * Ask the given resolvers ("ip", "ip:port", "[v6]:port") on the wire, through
 * the probe's DNS client: NXDOMAIN, NODATA, SERVFAIL, REFUSED and a timeout
 * come back as distinct codes (node:dns folds some of them together), and
 * nothing falls back to /etc/hosts — the named resolver is the whole truth,
 * which is what makes a send against a test zone reproducible.
 */
export function resolverSendDns(servers: string[], options: { timeoutMs?: number; tries?: number } = {}): SendDns {
  const source = createWireDnsSource({ servers, ...options });
  const ask = (name: string, type: 'MX' | 'A' | 'AAAA', signal?: AbortSignal): Promise<SourceAnswer> => source.resolve(name, type, signal);
  return {
    description: source.description,
    async resolveMx(domain, signal) {
      const answer = await ask(domain, 'MX', signal);
      if (answer.outcome !== 'answer') throw dnsError(answer.outcome, answer);
      return answer.records.flatMap((r) => (r.type === 'MX' ? [{ exchange: r.exchange, priority: r.priority }] : []));
    },
    async resolveAddresses(host, signal) {
      if (isIP(host)) return [host];
      // RFC 6761 §6.3: "localhost" is loopback without asking anyone (as the other two implementations do).
      if (host.toLowerCase() === 'localhost') return ['127.0.0.1'];
      const [v4, v6] = await Promise.all([ask(host, 'A', signal), ask(host, 'AAAA', signal)]);
      const out = [v4, v6].flatMap((a) => a.records.flatMap((r) => (r.type === 'A' || r.type === 'AAAA' ? [r.value] : [])));
      if (out.length > 0) return out;
      // Neither family. Both NODATA: the host exists without an address. Otherwise the first real failure says why.
      if (v4.outcome === 'nodata' && v6.outcome === 'nodata') {
        throw Object.assign(new Error(`no A or AAAA record (NODATA: the name exists, without an address)${v4.note ? ` — ${v4.note}` : ''}`), { code: 'ENODATA' });
      }
      const [type, failed] = v4.outcome === 'nodata' && v6.outcome !== 'answer' ? (['AAAA', v6] as const) : (['A', v4] as const);
      throw dnsError(failed.outcome === 'answer' ? 'nodata' : failed.outcome, failed, `${type}: `);
    },
  };
}

/** A fixed table, for tests: names → MX hosts / addresses. Unknown names → ENOTFOUND. */
export function tableSendDns(table: { mx?: Record<string, MxHost[]>; addresses?: Record<string, string[]> }): SendDns {
  const notFound = (name: string): Error => Object.assign(new Error(`queryMx ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  return {
    async resolveMx(domain) {
      const found = table.mx?.[domain.toLowerCase()];
      if (!found) throw notFound(domain);
      if (found.length === 0) throw Object.assign(new Error(`queryMx ENODATA ${domain}`), { code: 'ENODATA' });
      return found;
    },
    async resolveAddresses(host) {
      if (isIP(host)) return [host];
      if (host.toLowerCase() === 'localhost') return ['127.0.0.1'];
      const found = table.addresses?.[host.toLowerCase()];
      if (!found || found.length === 0) throw notFound(host);
      return found;
    },
  };
}
