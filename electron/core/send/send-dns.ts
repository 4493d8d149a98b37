/**
 * The DNS a send needs: MX of a recipient domain and the addresses of a host.
 * The system resolver by default; tests hand in a table so MX delivery runs
 * against loopback servers only.
 */
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';

export interface MxHost {
  exchange: string;
  priority: number;
}

export interface SendDns {
  /** MX records of a domain (any order; the engine sorts). Rejects with a Node DNS error code (ENOTFOUND, ENODATA…). */
  resolveMx(domain: string): Promise<MxHost[]>;
  /** IPv4 then IPv6 addresses of a host; an IP literal resolves to itself. Rejects only when neither family has one. */
  resolveAddresses(host: string): Promise<string[]>;
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
