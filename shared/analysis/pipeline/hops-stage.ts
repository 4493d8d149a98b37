/**
 * The Received chain for the report: the shared hop timeline (hops.ts:
 * oldest first, delays, negative skew kept, the explained boundary guess)
 * mapped into the report model, with two refinements only the whole report
 * can make:
 * - host names are grouped by provider family (outlook.com and office365.com
 *   are one Microsoft), so a receiver spread over several domains is one;
 * - when the receiver recorded the IP it checked SPF for, the hop with that
 *   IP is the boundary: the receiver said so itself.
 * Unreadable hops stay in the timeline, raw.
 */
import type { RawHeaderField } from '../header-block';
import { buildHops as buildTimeline, type Hop as TimelineHop } from '../hops';
import type { AnalysisWarning, Hop, HopTimeline } from '../../model/analysis';
import { hostFamily } from './families';

/** What the later stages need besides the timeline. */
export interface HopsStage {
  timeline: HopTimeline;
  /** The receiver's organisation (provider family or org domain); null when no hop names it. */
  receiverFamily: string | null;
}

/** Inputs from the authentication stage that help place the boundary. */
export interface BoundaryHints {
  /** authserv-ids of the receiver's Authentication-Results. */
  authservIds: string[];
  /** The IP the receiver says it checked SPF for (AR comment, Received-SPF client-ip). */
  spfIp: string | null;
}

function toHop(t: TimelineHop, field: RawHeaderField): Hop {
  const p = t.received;
  const problems = [...(p.reason ? [p.reason] : []), ...p.warnings.map((w) => w.message), ...(p.date?.lenient ? p.date.notes : [])];
  return {
    index: t.index,
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
    timestamp: t.time !== null ? new Date(t.time).toISOString() : null,
    dateEstimated: p.date?.lenient ?? false,
    delayMs: t.delayMs,
    clockSkew: t.clockSkew,
    boundary: false,
    internal: false,
    problems,
  };
}

const familyOrg = (host: string): string | null => hostFamily(host);

/** Build the timeline from the header fields (topmost first, as in the message). */
export function buildHops(
  fields: RawHeaderField[],
  options: { boundaryIndex?: number; dateHeader?: string | null; hints?: BoundaryHints; warnings?: AnalysisWarning[] } = {},
): HopsStage {
  const received = fields.filter((f) => f.key === 'received');
  const hints = options.hints ?? { authservIds: [], spfIp: null };
  const base = {
    authservIds: hints.authservIds,
    orgDomain: familyOrg,
    ...(options.dateHeader ? { dateHeader: options.dateHeader } : {}),
  };
  let t = buildTimeline(fields, { ...base, ...(options.boundaryIndex !== undefined ? { boundaryIndex: options.boundaryIndex } : {}) });
  let reason = t.boundary.reason;
  const chosen = t.boundary.method === 'override';
  if (!chosen && hints.spfIp) {
    // The receiver named the IP it judged: that hop is where the message came in.
    const ip = hints.spfIp.toLowerCase();
    const matches = t.hops.filter((h) => h.received.from?.ip?.toLowerCase() === ip);
    const hop = matches[matches.length - 1];
    if (hop && hop.index !== t.boundary.index) {
      t = buildTimeline(fields, { ...base, boundaryIndex: hop.index });
      reason = `The receiver checked SPF for ${hints.spfIp}, the address this hop came from.`;
    } else if (hop) reason = `${reason} The receiver checked SPF for this hop's address (${hints.spfIp}).`;
  }
  options.warnings?.push(...t.warnings.filter((w) => w.code !== 'clock-skew'));

  // hops.ts numbers Received fields newest first (fieldOrder); map back to the header list.
  const hops = t.hops.map((h) => toHop(h, received[h.fieldOrder]!));
  const b = t.boundary.index;
  if (b !== null) {
    hops[b]!.boundary = true;
    for (let i = b + 1; i < hops.length; i++) hops[i]!.internal = true;
  }
  const receiverFamily = t.boundary.receiverOrgs[0] ?? (b !== null ? hostFamily(hops[b]!.by) : null);
  return {
    timeline: {
      hops,
      boundaryIndex: b,
      boundaryReason: chosen ? `Chosen by you (hop ${(b ?? 0) + 1}).` : reason,
      boundaryChosen: chosen,
      totalMs: t.totalMs,
      dateToFirstHopMs: t.dateHeaderMs !== null && hops.find((h) => h.timestamp) ? Date.parse(hops.find((h) => h.timestamp)!.timestamp!) - t.dateHeaderMs : null,
      unparsedCount: hops.filter((h) => !h.parsed).length,
    },
    receiverFamily,
  };
}
