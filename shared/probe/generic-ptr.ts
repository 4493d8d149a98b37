/**
 * Does a reverse-DNS name look generic — the kind an access provider gives
 * every customer address ("ip-192-0-2-1.dyn.isp.example", "dsl-pool-…")
 * rather than a name chosen for a mail server? Receivers treat such names as
 * dynamic or residential space (Gmail and Outlook say so in their sender
 * guidelines; Spamhaus' PBL and many filters score them). A heuristic: the
 * result lists its reasons so the report can show why it fired.
 */
import { isIPv4 } from '../analysis/ip';
import { ipv6Groups } from './reverse-name';

/** Tokens access providers put in generic names. Whole tokens only ("static" yes, "staticmail" no). */
const GENERIC_TOKENS = new Set([
  'dynamic', 'dyn', 'dhcp', 'pool', 'dsl', 'adsl', 'vdsl', 'xdsl', 'cable', 'static', 'dial', 'dialup', 'dialin',
  'ppp', 'pppoe', 'broadband', 'client', 'customer', 'cust', 'residential', 'cpe', 'nat', 'unassigned', 'generic', 'ftth', 'fttx',
]);

/**
 * Reasons `name` looks generic for `ip` (empty when it does not). `registrable`
 * is the name's registrable domain when known (e.g. "isp.example"): only the
 * labels left of it are judged, so "mail.cable-company.example" is not flagged.
 */
export function genericPtrReasons(name: string, ip: string, registrable?: string | null): string[] {
  const lower = name.toLowerCase().replace(/\.$/, '');
  const host = registrable && lower.endsWith(`.${registrable}`) ? lower.slice(0, -registrable.length - 1) : hostPart(lower);
  const reasons: string[] = [];

  if (isIPv4(ip)) {
    const o = ip.split('.');
    const sep = '[-._x]';
    const seq = (parts: string[]) => new RegExp(`(?:^|[^0-9])${parts.map((p) => `0{0,2}${p}`).join(sep)}(?:[^0-9]|$)`);
    if (seq(o).test(host)) reasons.push(`it contains the address ${ip} spelled out`);
    else if (seq([...o].reverse()).test(host)) reasons.push(`it contains the address ${ip} reversed`);
    else if (host.includes(o.map((p) => p.padStart(3, '0')).join(''))) reasons.push(`it contains the address ${ip} as zero-padded digits`);
    else if (host.includes(o.map((p) => Number(p).toString(16).padStart(2, '0')).join(''))) reasons.push(`it contains the address ${ip} in hexadecimal`);
  } else {
    const groups = ipv6Groups(ip);
    if (groups) {
      const tail = groups.slice(4).map((g) => g.toString(16)).join('[-.:]?0*');
      if (new RegExp(tail).test(host) && groups.slice(4).some((g) => g !== 0)) reasons.push(`it contains the address ${ip}'s interface identifier`);
    }
  }

  const tokens = host.split(/[-._]+|(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])/).filter(Boolean);
  const hits = [...new Set(tokens.filter((t) => GENERIC_TOKENS.has(t)))];
  if (hits.length) reasons.push(`it has the word${hits.length > 1 ? 's' : ''} ${hits.map((h) => `"${h}"`).join(', ')} access providers use for customer addresses`);
  return reasons;
}

/** Without a known registrable domain, judge all but the last two labels. */
function hostPart(name: string): string {
  const labels = name.split('.');
  return labels.length > 2 ? labels.slice(0, -2).join('.') : labels[0] ?? '';
}
