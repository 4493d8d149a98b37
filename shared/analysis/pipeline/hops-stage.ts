/**
 * The Received chain as a timeline (oldest first) with delays, clock skew,
 * the total, and the boundary hop: where the message entered the receiver's
 * systems, whose connecting IP is the one SPF and blocklists judge.
 *
 * Each Received field is read by the shared Received parser; this stage only
 * orders, times and places them. Unreadable hops stay in the timeline, raw.
 */
import type { RawHeaderField } from '../header-block';
import { isPrivateIP } from '../ip';
import { type ParsedReceived, parseReceived } from '../received';
import type { Hop, HopTimeline } from '../../model/analysis';
import { hostFamily } from './families';

/** What the later stages need besides the timeline. */
export interface HopsStage {
  timeline: HopTimeline;
  /** The receiver's organisation (provider family or org domain); null when no hop names it. */
  receiverFamily: string | null;
  /** Parsed fields, same order as `timeline.hops`. */
  parsed: ParsedReceived[];
}

function toHop(field: RawHeaderField, p: ParsedReceived, index: number): Hop {
  const problems = [...(p.reason ? [p.reason] : []), ...p.warnings.map((w) => w.message), ...(p.date?.lenient ? p.date.notes : [])];
  return {
    index,
    fieldIndex: field.index,
    line: field.line,
    raw: field.raw,
    parsed: p.status !== 'unparsable',
    from: p.from?.helo ?? p.from?.rdns ?? null,
    fromRdns: p.from?.rdns ?? null,
    ip: p.from?.ip ?? null,
    ipSource: p.from?.ipSource === 'tcp-info' ? 'tcp-info' : p.from?.ipSource === 'helo-position' ? 'helo' : null,
    by: p.by,
    with: p.with,
    id: p.id,
    for: p.for,
    tls: p.tls ? (p.tls.version ?? (p.tls.impliedOnly ? `TLS (implied by ${p.protocol ?? p.with ?? 'protocol'})` : 'TLS')) : null,
    cipher: p.tls?.cipher ?? null,
    dateText: p.dateText || null,
    timestamp: p.date?.ms != null ? new Date(p.date.ms).toISOString() : null,
    dateEstimated: p.date?.lenient ?? false,
    delayMs: null,
    clockSkew: false,
    boundary: false,
    internal: false,
    problems,
  };
}

/** Pick the boundary: walking from the newest hop down, the first one written by the receiver that accepted the message from outside it. */
function findBoundary(hops: Hop[], receiverFamily: string | null): { index: number | null; reason: string } {
  if (hops.length === 0) return { index: null, reason: 'There are no Received headers.' };
  if (!receiverFamily) {
    const newest = hops.length - 1;
    return { index: newest, reason: 'The receiving organisation could not be told from host names; the newest hop is assumed to be the boundary. Move it if that is wrong.' };
  }
  let candidate: number | null = null;
  for (let i = hops.length - 1; i >= 0; i--) {
    const h = hops[i]!;
    const byFamily = hostFamily(h.by);
    // An unqualified `by` (IMSVA, localhost, an IP) belongs to whoever handed over to it: keep walking.
    if (byFamily !== null && byFamily !== receiverFamily) break;
    candidate = i;
    const fromFamily = hostFamily(h.fromRdns) ?? hostFamily(h.from);
    const publicIp = h.ip !== null && !isPrivateIP(h.ip);
    if (publicIp && fromFamily !== receiverFamily) {
      return { index: i, reason: `${h.by ?? 'The receiver'} accepted it from ${h.from ?? h.fromRdns ?? 'an outside host'} [${h.ip}], outside ${receiverFamily}.` };
    }
  }
  if (candidate === null) return { index: hops.length - 1, reason: 'The newest hop is assumed to be the boundary.' };
  return { index: candidate, reason: `The oldest hop written by ${receiverFamily} is assumed to be the boundary (no hop shows a public outside address).` };
}

/** Build the timeline from the header fields (topmost first, as in the message). */
export function buildHops(fields: RawHeaderField[], options: { boundaryIndex?: number; dateMs?: number | null } = {}): HopsStage {
  const received = fields.filter((f) => f.key === 'received').reverse(); // oldest first
  const parsed = received.map((f) => parseReceived(f.value));
  const hops = received.map((f, i) => toHop(f, parsed[i]!, i));

  let previous: number | null = null;
  for (const h of hops) {
    const t = h.timestamp ? Date.parse(h.timestamp) : null;
    if (t !== null && previous !== null) {
      h.delayMs = t - previous;
      h.clockSkew = h.delayMs < 0;
    }
    if (t !== null) previous = t;
  }
  const stamped = hops.filter((h) => h.timestamp !== null);
  const totalMs = stamped.length >= 2 ? Date.parse(stamped[stamped.length - 1]!.timestamp!) - Date.parse(stamped[0]!.timestamp!) : null;
  const firstMs = stamped[0] ? Date.parse(stamped[0].timestamp!) : null;
  const dateToFirstHopMs = options.dateMs != null && firstMs !== null ? firstMs - options.dateMs : null;

  let receiverFamily: string | null = null;
  for (let i = hops.length - 1; i >= 0 && receiverFamily === null; i--) receiverFamily = hostFamily(hops[i]!.by);

  let boundary: { index: number | null; reason: string };
  const chosen = options.boundaryIndex;
  const boundaryChosen = chosen !== undefined && Number.isInteger(chosen) && chosen >= 0 && chosen < hops.length;
  if (boundaryChosen) {
    boundary = { index: chosen, reason: `Chosen by you (hop ${chosen + 1}).` };
    receiverFamily = hostFamily(hops[chosen]!.by) ?? receiverFamily;
  } else boundary = findBoundary(hops, receiverFamily);
  if (boundary.index !== null) {
    hops[boundary.index]!.boundary = true;
    for (let i = boundary.index + 1; i < hops.length; i++) hops[i]!.internal = true;
  }

  return {
    timeline: {
      hops,
      boundaryIndex: boundary.index,
      boundaryReason: boundary.reason,
      boundaryChosen,
      totalMs,
      dateToFirstHopMs,
      unparsedCount: hops.filter((h) => !h.parsed).length,
    },
    receiverFamily,
    parsed,
  };
}
