/**
 * Well-known public recursive resolvers. Blocklists that limit free use by
 * query volume (Spamhaus, URIBL, SURBL) refuse queries arriving through them,
 * so a probe run through one must say that its blocklist answers will be
 * refusals, not verdicts. Addresses as published by each operator.
 */

/** One public resolver service. */
export interface PublicResolver {
  /** Operator and service name ("Cloudflare 1.1.1.1"). */
  name: string;
  /** Its anycast addresses, IPv4 and IPv6. */
  addresses: string[];
  /** Address prefixes that also belong to it (OpenDNS answers from all of 208.67.216.0/21 — "208.67."). */
  prefixes: string[];
}

export const PUBLIC_RESOLVERS: readonly PublicResolver[] = [
  { name: 'Cloudflare 1.1.1.1', addresses: ['1.1.1.1', '1.0.0.1', '1.1.1.2', '1.0.0.2', '1.1.1.3', '1.0.0.3', '2606:4700:4700::1111', '2606:4700:4700::1001'], prefixes: [] },
  { name: 'Google Public DNS', addresses: ['8.8.8.8', '8.8.4.4', '2001:4860:4860::8888', '2001:4860:4860::8844'], prefixes: [] },
  { name: 'Quad9', addresses: ['9.9.9.9', '149.112.112.112', '9.9.9.10', '9.9.9.11', '2620:fe::fe', '2620:fe::9'], prefixes: [] },
  { name: 'OpenDNS (Cisco Umbrella)', addresses: ['208.67.222.222', '208.67.220.220', '2620:119:35::35', '2620:119:53::53'], prefixes: ['208.67.'] },
];

/** The public resolver a configured server ("ip" or "ip:port", "[v6]:port") belongs to; null when none. */
export function publicResolverOf(server: string): PublicResolver | null {
  const host = hostOf(server).toLowerCase();
  return PUBLIC_RESOLVERS.find((r) => r.addresses.includes(host) || r.prefixes.some((p) => host.startsWith(p))) ?? null;
}

function hostOf(server: string): string {
  const s = server.trim();
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracket) return bracket[1]!;
  // "ip:port" for IPv4; a bare IPv6 has several colons and no port.
  const parts = s.split(':');
  return parts.length === 2 ? parts[0]! : s;
}
