/**
 * The Received chain as a timeline: hops oldest first, per-hop delay, total
 * time, and a guess at the boundary hop — where the message entered the
 * receiver's systems. The boundary's connecting IP is the one SPF and
 * blocklists are about; mailauth's `trustReceived` takes the newest hop,
 * which is wrong when the receiver has internal hops (Exchange Online), so
 * the guess is explained and the user can override it by index.
 *
 * Negative delays are kept: they mean the two hosts' clocks disagree
 * (cyberdefenders/email-header-analyzer#20), and hiding that would hide
 * evidence.
 */
import type { RawHeaderField } from './header-block';
import { parseDate } from './date';
import { isPrivateIP } from './ip';
import { type ParsedReceived, parseReceived } from './received';
import { type ParseWarning, warn } from './warnings';

/** One hop of the chain. */
export interface Hop {
  /** 0-based position in the timeline, 0 = oldest (the first server the message met). */
  index: number;
  /** Position of this Received field among all Received fields as written (0 = topmost = newest). */
  fieldOrder: number;
  /** 1-based line in the pasted input when known, else null. */
  line: number | null;
  /** The parsed field (raw text always available in `received.raw`). */
  received: ParsedReceived;
  /** The hop's timestamp, ms since the epoch; null when absent or unreadable. */
  time: number | null;
  /** Time since the previous hop that has a timestamp, ms; null for the first timed hop or when this hop has no time. Negative = clock skew. */
  delayMs: number | null;
  /** True when `delayMs` is negative: this host's clock is behind the previous one's. Shown, never clamped. */
  clockSkew: boolean;
  /** True when the connecting IP is private/loopback (an internal hand-off, not an Internet sender). */
  internal: boolean;
  /** True for the boundary hop (guessed or chosen). */
  boundary: boolean;
}

/** How the boundary hop was chosen. */
export interface BoundaryChoice {
  /** Index into `hops` (oldest-first), or null when no hop qualifies. */
  index: number | null;
  /** The connecting IP of that hop — the address SPF and blocklists are about; null when unknown. */
  ip: string | null;
  /** `override` when the caller chose it; `receiver` when matched against receiver domains/authserv-ids; `inferred` when the receiver was inferred from the newest hop; `none`. */
  method: 'override' | 'receiver' | 'inferred' | 'none';
  /** Plain-language reason for the choice, for the UI's tooltip. */
  reason: string;
  /** The organisational domains treated as "the receiver" (estimated unless the caller's orgDomain used DNS). */
  receiverOrgs: string[];
}

/** The whole chain. */
export interface HopTimeline {
  /** Hops oldest first. */
  hops: Hop[];
  /** Oldest hop time to newest hop time, ms; null when fewer than two hops have times. May be negative when clocks disagree. */
  totalMs: number | null;
  /** The message's Date header, ms; null when absent or unreadable. */
  dateHeaderMs: number | null;
  /** Date header to the newest hop time, ms (submission to final delivery); null when either is missing. */
  sinceDateMs: number | null;
  /** The boundary hop and why. */
  boundary: BoundaryChoice;
  /** Problems: unparsable hops, missing times, clock skew. */
  warnings: ParseWarning[];
}

/** Options for `buildHops`. */
export interface HopOptions {
  /** Domains that belong to the receiving organisation (e.g. the recipient's domain). Suffix match. */
  receiverDomains?: string[];
  /** authserv-ids of the receiver's Authentication-Results (e.g. `mx.google.com`, `*.me.com`). Their org domains count as the receiver. */
  authservIds?: string[];
  /** Force the boundary to this oldest-first hop index (the user moved it). */
  boundaryIndex?: number;
  /** The Date header value, to report submission-to-delivery time. */
  dateHeader?: string;
  /**
   * Organisational-domain function. shared/ has no PSL; the default keeps the
   * last two labels (three under common second-level suffixes like co.uk).
   * The core can pass tldts' getDomain for a better estimate.
   */
  orgDomain?: (host: string) => string | null;
}

const SECOND_LEVEL = /^(co|com|net|org|gov|edu|ac|or|ne|go|mil)$/;

/** Cheap org-domain estimate without the PSL: good enough to group hosts, labelled as an estimate by callers. */
export function estimateOrgDomain(host: string): string | null {
  const h = host.toLowerCase().replace(/\.$/, '').replace(/^\*\./, '');
  if (!h || !/^[a-z0-9.-]+$/.test(h) || /^\d+(\.\d+){3}$/.test(h) || !h.includes('.')) return null;
  const labels = h.split('.');
  if (labels.length >= 3 && SECOND_LEVEL.test(labels[labels.length - 2]!) && labels[labels.length - 1]!.length === 2) return labels.slice(-3).join('.');
  return labels.slice(-2).join('.');
}

type Input = RawHeaderField | string;

/**
 * Build the hop timeline from header fields (only `Received` ones are used;
 * pass all fields in message order) or from Received values (newest first,
 * as they appear in a message). Never throws.
 */
export function buildHops(input: Input[], options: HopOptions = {}): HopTimeline {
  const warnings: ParseWarning[] = [];
  const org = options.orgDomain ?? estimateOrgDomain;
  const entries: { value: string; line: number | null }[] = [];
  for (const f of input) {
    if (typeof f === 'string') entries.push({ value: f, line: null });
    else if (f.key === 'received') entries.push({ value: f.value, line: f.line });
  }
  const n = entries.length;
  const hops: Hop[] = entries
    .map((e, fieldOrder) => ({ e, fieldOrder }))
    .reverse()
    .map(({ e, fieldOrder }, index) => {
      const received = parseReceived(e.value);
      const ip = received.from?.ip ?? null;
      return {
        index, fieldOrder, line: e.line, received,
        time: received.date?.ms ?? null, delayMs: null, clockSkew: false,
        internal: ip !== null && isPrivateIP(ip), boundary: false,
      };
    });

  let prev: number | null = null;
  for (const h of hops) {
    if (h.received.status === 'unparsable') {
      warnings.push(warn('hop-unparsable', `Hop ${h.index + 1} could not be read (${h.received.reason}); it is shown as written.`, h.line !== null ? { line: h.line, text: h.received.raw } : { text: h.received.raw }));
    }
    if (h.time === null) continue;
    if (prev !== null) {
      h.delayMs = h.time - prev;
      if (h.delayMs < 0) {
        h.clockSkew = true;
        warnings.push(warn('clock-skew', `Hop ${h.index + 1} is stamped ${Math.round(-h.delayMs / 1000)} s earlier than the hop before it: the two servers' clocks disagree.`, h.line !== null ? { line: h.line } : undefined));
      }
    }
    prev = h.time;
  }
  const timed = hops.filter((h) => h.time !== null);
  const totalMs = timed.length >= 2 ? timed[timed.length - 1]!.time! - timed[0]!.time! : null;
  const untimed = hops.length - timed.length;
  if (untimed > 0 && n > 0) warnings.push(warn('hops-without-time', `${untimed} of ${hops.length} hops have no readable timestamp; delays skip them.`));

  const dateHeader = options.dateHeader ? parseDate(options.dateHeader) : null;
  const dateHeaderMs = dateHeader?.ms ?? null;
  const sinceDateMs = dateHeaderMs !== null && timed.length > 0 ? timed[timed.length - 1]!.time! - dateHeaderMs : null;

  const boundary = chooseBoundary(hops, options, org);
  if (boundary.index !== null) hops[boundary.index]!.boundary = true;
  return { hops, totalMs, dateHeaderMs, sinceDateMs, boundary, warnings };
}

function chooseBoundary(hops: Hop[], options: HopOptions, org: (h: string) => string | null): BoundaryChoice {
  const ipOf = (i: number) => hops[i]?.received.from?.ip ?? null;
  if (options.boundaryIndex !== undefined) {
    const i = options.boundaryIndex;
    if (Number.isInteger(i) && i >= 0 && i < hops.length) {
      return { index: i, ip: ipOf(i), method: 'override', reason: 'Chosen by you.', receiverOrgs: [] };
    }
  }
  const given = [...(options.receiverDomains ?? []), ...(options.authservIds ?? [])]
    .map((d) => org(d.replace(/^\*\./, '')))
    .filter((d): d is string => !!d);
  let receiverOrgs = [...new Set(given)];
  let method: BoundaryChoice['method'] = 'receiver';
  if (receiverOrgs.length === 0) {
    // Infer the receiver from the newest hop that names its host.
    for (let i = hops.length - 1; i >= 0; i--) {
      const by = hops[i]!.received.by;
      const o = by ? org(by) : null;
      if (o) { receiverOrgs = [o]; break; }
    }
    method = 'inferred';
  }
  if (receiverOrgs.length === 0) return { index: null, ip: null, method: 'none', reason: 'No hop names its receiving host, so the boundary cannot be placed.', receiverOrgs };

  const inReceiver = (host: string | null | undefined) => {
    if (!host) return false;
    const o = org(host);
    return o !== null && receiverOrgs.includes(o);
  };
  const fromReceiver = (h: Hop) => inReceiver(h.received.from?.rdns) || inReceiver(h.received.from?.helo);
  const byReceiver = (h: Hop) => inReceiver(h.received.by);
  const label = receiverOrgs.join(', ');
  const tell = (i: number, why: string): BoundaryChoice => ({ index: i, ip: ipOf(i), method, reason: why, receiverOrgs });

  // 1. First hop into the receiver from a public IP that is not itself the receiver's.
  let i = hops.findIndex((h) => byReceiver(h) && h.received.from?.ip && !h.internal && !fromReceiver(h));
  if (i >= 0) return tell(i, `First hop received by ${label} from an outside Internet address.`);
  // 2. First hop into the receiver from a host that is not the receiver's (address unknown or private).
  i = hops.findIndex((h) => byReceiver(h) && h.received.from && !fromReceiver(h));
  if (i >= 0) return tell(i, `First hop received by ${label} from a host outside it (its address is private or not stated).`);
  // 3. First hop the receiver wrote at all.
  i = hops.findIndex((h) => byReceiver(h));
  if (i >= 0) return tell(i, `First hop written by ${label}; no hop shows where the message came in from outside.`);
  return { index: null, ip: null, method: 'none', reason: `No hop was written by ${label}.`, receiverOrgs };
}
