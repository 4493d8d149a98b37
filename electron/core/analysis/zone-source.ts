/**
 * An in-memory DNS zone as a `DnsSource`, for tests and the conformance
 * suites (which describe their DNS as zone data, see
 * ../shared/conformance/README.md). The semantics follow the RFC 7208 suite's
 * reference driver (pyspf's testspf.py), because that suite was written
 * against them:
 *
 * - Names are case-insensitive; a trailing dot is ignored.
 * - A name absent from the zone → ENOTFOUND (NXDOMAIN). A name present with
 *   no record of the asked type → ENODATA.
 * - `SPF` (type 99) entries are also answered to TXT queries, unless the name
 *   has any explicit TXT entry (including a `TXT: NONE` marker). Those
 *   generated TXT records come after the explicit entries.
 * - `TIMEOUT` makes a query time out (ETIMEOUT) if no record of the asked type
 *   came before it in the name's list; after one, the list ends there. So
 *   `[TXT…, TIMEOUT]` answers TXT and times out everything else.
 * - `SERVFAIL` works the same way with ESERVFAIL.
 * - A CNAME is followed (up to 8 links) for any other type.
 * - A label longer than 63 octets or an empty label → EBADNAME, as a real
 *   resolver cannot even ask.
 */
import { type DnsAnswer, type DnsReply, type DnsSource, DnsQueryError, type MxAnswer } from './resolver';

/** One entry of a name in a zone. `data: null` marks "this type explicitly has no record" (`TXT: NONE`). */
export type ZoneEntry =
  | { type: 'TIMEOUT' }
  | { type: 'SERVFAIL' }
  | { type: 'TXT' | 'SPF'; data: string[] | null }
  | { type: 'A' | 'AAAA' | 'CNAME' | 'PTR' | 'NS'; data: string | null }
  | { type: 'MX'; data: MxAnswer | null };

/** A zone: lower- or mixed-case names → their entries in order. */
export type Zone = Record<string, ZoneEntry[]>;

const MAX_CNAME_LINKS = 8;

/** Options for `createZoneSource`. */
export interface ZoneSourceOptions {
  /** TTL reported for every answer (default 300 s), so evidence code paths see one. */
  ttl?: number;
  /** Description used in evidence (default "in-memory zone"). */
  description?: string;
}

/** Serve a zone. The zone is copied with normalised names; later edits to the argument are not seen. */
export function createZoneSource(zone: Zone, options: ZoneSourceOptions = {}): DnsSource {
  const names = new Map<string, ZoneEntry[]>();
  for (const [name, entries] of Object.entries(zone)) {
    const key = normaliseName(name);
    names.set(key, [...(names.get(key) ?? []), ...entries]);
  }
  const ttl = options.ttl ?? 300;

  const lookup = (name: string, rrtype: string, depth: number): DnsAnswer => {
    const key = normaliseName(name);
    if (!validName(key)) throw new DnsQueryError('EBADNAME', name, rrtype, `${rrtype} ${name}: not a valid DNS name`);
    const entries = names.get(key);
    if (!entries) throw new DnsQueryError('ENOTFOUND', name, rrtype);
    const matches = answersFor(effectiveEntries(entries), rrtype, name);
    if (matches.length > 0) return matches as DnsAnswer;
    if (rrtype !== 'CNAME') {
      const cname = entries.find((e) => e.type === 'CNAME');
      if (cname?.type === 'CNAME' && cname.data) {
        if (depth >= MAX_CNAME_LINKS) throw new DnsQueryError('ESERVFAIL', name, rrtype, `${rrtype} ${name}: CNAME chain too long`);
        return lookup(cname.data, rrtype, depth + 1);
      }
    }
    throw new DnsQueryError('ENODATA', name, rrtype);
  };

  return {
    description: options.description ?? 'in-memory zone',
    async query(name: string, rrtype: string): Promise<DnsReply> {
      const type = rrtype.toUpperCase();
      return { answer: lookup(name, type, 0), ttl };
    },
  };
}

/** Explicit entries, then TXT copies of SPF entries when the name has no TXT entry at all. */
function effectiveEntries(entries: ZoneEntry[]): ZoneEntry[] {
  if (entries.some((e) => e.type === 'TXT')) return entries;
  const generated: ZoneEntry[] = [];
  for (const e of entries) if (e.type === 'SPF') generated.push({ type: 'TXT', data: e.data });
  return [...entries, ...generated];
}

function answersFor(entries: ZoneEntry[], rrtype: string, name: string): unknown[] {
  const out: unknown[] = [];
  for (const e of entries) {
    if (e.type === 'TIMEOUT' || e.type === 'SERVFAIL') {
      if (out.length > 0) break;
      throw new DnsQueryError(e.type === 'TIMEOUT' ? 'ETIMEOUT' : 'ESERVFAIL', name, rrtype);
    }
    if (e.type !== rrtype || e.data === null) continue;
    out.push(Array.isArray(e.data) ? [...e.data] : typeof e.data === 'object' ? { ...e.data } : e.data);
  }
  return out;
}

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function validName(name: string): boolean {
  if (name.length === 0) return false;
  return name.split('.').every((label) => label.length > 0 && Buffer.byteLength(label) <= 63);
}
