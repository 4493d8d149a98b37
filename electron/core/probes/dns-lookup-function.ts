/**
 * A node:net `lookup` over the probe's DNS: the HTTPS fetches of a run
 * (MTA-STS policy host, BIMI logo and certificate hosts) resolve their host
 * names through the resolver the user chose — not silently through the
 * system's — and those A/AAAA queries land in the run's DNS transcript.
 */
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { ProbeDns } from './check-types';

export function lookupVia(dns: ProbeDns): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
    const ask = (type: 'A' | 'AAAA') => dns.lookup(hostname, type).then((r) => r.records.flatMap((rec) => (rec.type === type ? [{ address: rec.value, family: type === 'A' ? 4 : 6 }] : [])));
    Promise.all([family === 6 ? [] : ask('A'), family === 4 ? [] : ask('AAAA')]).then(
      ([v4, v6]) => {
        const all: LookupAddress[] = [...v4, ...v6];
        if (all.length === 0) {
          callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname, syscall: 'getaddrinfo' }), options.all ? [] : '', 0);
          return;
        }
        if (options.all) callback(null, all);
        else callback(null, (all[0] as LookupAddress).address, (all[0] as LookupAddress).family);
      },
      (error: unknown) => callback(Object.assign(error instanceof Error ? error : new Error(String(error)), { code: 'ECANCELED' }), options.all ? [] : '', 0),
    );
  };
}
