/**
 * Reversed query names for addresses: the PTR name (in-addr.arpa / ip6.arpa,
 * RFC 1035 §3.5, RFC 3596 §2.5) and the DNSBL query label (RFC 5782 §2.1 for
 * IPv4, §2.4 for IPv6: 32 nibbles, least significant first). Runtime-neutral:
 * shared/ has no node:net, so IPv6 is expanded here.
 */
import { isIPv4, isIPv6, normalizeIP } from '../analysis/ip';

/** Expand an IPv6 address to its 8 groups as numbers; null when not IPv6. */
export function ipv6Groups(address: string): number[] | null {
  if (!isIPv6(address)) return null;
  let text = address.toLowerCase();
  // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two groups.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a, b, c, d] = tail.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = rest ? rest.split(':') : [];
  const fill = rest === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(fill).fill('0'), ...tailGroups].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/** The address's reversed labels without a zone ("1.2.0.192", "b.a.9.8….8.b.d.0.1.0.0.2"); null when not an IP. */
export function reversedLabels(ip: string): string | null {
  const address = normalizeIP(ip) ?? ip;
  if (isIPv4(address)) return address.split('.').reverse().join('.');
  const groups = ipv6Groups(address);
  if (!groups) return null;
  const nibbles = groups.map((g) => g.toString(16).padStart(4, '0')).join('');
  return nibbles.split('').reverse().join('.');
}

/** The PTR query name for an address ("1.2.0.192.in-addr.arpa"); null when not an IP. */
export function ptrName(ip: string): string | null {
  const labels = reversedLabels(ip);
  if (!labels) return null;
  return `${labels}.${isIPv4(normalizeIP(ip) ?? ip) ? 'in-addr.arpa' : 'ip6.arpa'}`;
}

/** The canonical text of an address: IPv4 as is, IPv6 compressed lower case (for comparing answers). */
export function canonicalIP(ip: string): string | null {
  const address = normalizeIP(ip);
  if (!address) return null;
  if (isIPv4(address)) return address;
  const groups = ipv6Groups(address);
  if (!groups) return null;
  // Longest run of zero groups (length ≥ 2) becomes "::" (RFC 5952 §4.2).
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i += 1; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
