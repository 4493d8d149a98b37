/**
 * Small IP helpers for header parsing (no Node `net` in shared/).
 */

/** True for a dotted-quad IPv4 address with every octet 0–255. */
export function isIPv4(s: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  return !!m && m.slice(1).every((o) => Number(o) <= 255 && (o.length === 1 || o[0] !== '0' || o === '0'));
}

/** True for a syntactically valid IPv6 address (with optional embedded IPv4 tail). */
export function isIPv6(s: string): boolean {
  if (!s.includes(':') || s.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(s)) return false;
  let addr = s;
  let groupsNeeded = 8;
  const lastColon = addr.lastIndexOf(':');
  const tail = addr.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIPv4(tail)) return false;
    addr = `${addr.slice(0, lastColon + 1)}0`;
    groupsNeeded = 7;
  }
  const dbl = addr.split('::');
  if (dbl.length > 2) return false;
  const parts = (p: string) => (p === '' ? [] : p.split(':'));
  const groups = [...parts(dbl[0]!), ...(dbl.length === 2 ? parts(dbl[1]!) : [])];
  if (!groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return dbl.length === 2 ? groups.length <= groupsNeeded - 1 : groups.length === groupsNeeded;
}

/** True when `s` is an IPv4 or IPv6 address. */
export function isIP(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}

/**
 * Normalise an address as written in a header: drops an `IPv6:` prefix,
 * brackets, and the IPv4-mapped `::ffff:` form (Gmail and Courier write
 * `::ffff:192.0.2.1`; the IPv4 address is what SPF and blocklists are about).
 * Returns null when what is left is not an address.
 */
export function normalizeIP(text: string): string | null {
  let s = text.trim().replace(/^\[|\]$/g, '').replace(/^\?|\?$/g, '');
  s = s.replace(/^IPv6:/i, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(s);
  if (mapped) s = mapped[1]!;
  if (isIPv4(s)) return s;
  if (isIPv6(s)) return s.toLowerCase();
  return null;
}

/** RFC 1918, loopback, link-local, CGNAT and IPv6 ULA/link-local ranges: not an Internet sender. */
export function isPrivateIP(ip: string): boolean {
  if (isIPv4(ip)) {
    const [a, b] = ip.split('.').map(Number) as [number, number];
    return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  const l = ip.toLowerCase();
  return l === '::1' || l === '::' || /^f[cd]/.test(l) || /^fe[89ab]/.test(l);
}
