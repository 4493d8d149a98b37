/**
 * "Who is this host?" for the pipeline: which organisation a host name (a
 * Received `by`, an authserv-id) belongs to, so the receiver's own hops and
 * Authentication-Results can be told from upstream ones.
 *
 * Big providers spread one organisation over several registrable domains
 * (Microsoft: outlook.com, office365.com…; Google: google.com, 1e100.net), so
 * those are folded into one family name; anything else is its organisational
 * domain (PSL estimate).
 */
import { orgDomainEstimate } from '../alignment';
import { isIP } from '../ip';

const FAMILIES: Record<string, string> = {
  'outlook.com': 'microsoft', 'office365.com': 'microsoft', 'microsoft.com': 'microsoft', 'hotmail.com': 'microsoft',
  'live.com': 'microsoft', 'exchangelabs.com': 'microsoft', 'office.com': 'microsoft',
  'google.com': 'google', 'gmail.com': 'google', 'googlemail.com': 'google', '1e100.net': 'google',
  'yahoo.com': 'yahoo', 'yahoo.net': 'yahoo', 'yahoodns.net': 'yahoo', 'aol.com': 'yahoo',
  'me.com': 'apple', 'icloud.com': 'apple', 'mac.com': 'apple', 'apple.com': 'apple',
  'messagingengine.com': 'fastmail', 'fastmail.com': 'fastmail', 'fastmail.fm': 'fastmail',
};

/**
 * The organisation a host belongs to: a provider family name or the
 * organisational domain; null for names that say nothing (IP literals,
 * unqualified names such as "localhost" or "IMSVA", `.internal`/`.local`).
 */
export function hostFamily(host: string | null | undefined): string | null {
  if (!host) return null;
  const hit = cache.get(host);
  if (hit !== undefined) return hit;
  const family = computeFamily(host);
  // Pasting the same headers again and again (typing) asks the same names: keep a bounded memo.
  if (cache.size > 5000) cache.clear();
  cache.set(host, family);
  return family;
}

const cache = new Map<string, string | null>();

function computeFamily(host: string): string | null {
  const h = host.trim().replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (!h || isIP(h) || !h.includes('.')) return null;
  if (/\.(internal|local|localdomain|lan|intranet|corp)$/.test(h)) return null;
  const org = orgDomainEstimate(h);
  if (!org) return null;
  return FAMILIES[org] ?? org;
}

/**
 * The family of an authserv-id. iCloud writes one per milter
 * (`mr21p00im-dkimmilter005.me.com`), Microsoft often none at all (null).
 */
export function authservFamily(id: string | null | undefined): string | null {
  return hostFamily(id);
}
