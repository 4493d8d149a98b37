/**
 * The default probe DNS source: DNS spoken on the wire (dns-packet), so the
 * transcript can show what node:dns hides. Policy, per question:
 *
 * - UDP with EDNS0 first (again without it if the server answers FORMERR);
 *   a reply with TC set is asked again over TCP on the same server
 *   (RFC 7766), so a 600-byte SPF record is read whole.
 * - Each try walks the servers in order; a timeout moves on to the next
 *   server, and the whole list is walked `tries` times. SERVFAIL and REFUSED
 *   are answers too: that server is not asked again, the next one is; when
 *   every server failed, the first failure is the outcome (a timeout only when
 *   nobody answered at all).
 * - CNAMEs in the answer are followed to the asked type; when a server gives
 *   only the CNAME (an authoritative server whose target lies elsewhere, no
 *   SOA saying "nothing there") the target is asked for in turn, at most 8 hops.
 * - TTL = the smallest TTL of the chain and the records; for NXDOMAIN/NODATA,
 *   the negative-caching TTL from the SOA (RFC 2308) when the server sent one.
 */
import { randomInt } from 'node:crypto';
import { getServers } from 'node:dns';
import type * as dnsPacket from 'dns-packet';
import type { DnsOutcome } from '../../../../shared/model/probe';
import type { DnsData } from '../check-types';
import {
  cancelledError,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_TRIES,
  type DnsSourceOptions,
  isSupportedType,
  normaliseName,
  parseServer,
  type ProbeDnsSource,
} from './dns-source';
import { buildQuery, exchange, type WireReply } from './wire-transport';

const MAX_CNAME_HOPS = 8;

interface Asked {
  /** The reply that settled the question (NOERROR or NXDOMAIN), or null when none did. */
  reply: WireReply | null;
  /** Outcome when no reply settled it. */
  failure: { outcome: DnsOutcome; server: string } | null;
  server: string;
  /** How it went: transport, tries, servers that failed first. */
  note: string;
}

/** The wire-protocol source; `servers` default to the system resolver config. */
export function createWireDnsSource(options: DnsSourceOptions = {}): ProbeDnsSource {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const tries = Math.max(1, options.tries ?? DEFAULT_TRIES);
  const given = options.servers?.filter((s) => s.trim() !== '') ?? [];
  const system = given.length === 0;
  const servers = (system ? getServers() : given).map(parseServer);
  const labels = servers.map((s) => s.label);
  const description = `${system ? `system resolver (${labels.join(', ') || 'none configured'})` : labels.join(', ')} (UDP + EDNS0, TCP fallback), timeout ${timeoutMs} ms × ${tries}`;

  const ask = async (name: string, type: string, signal?: AbortSignal): Promise<Asked> => {
    if (servers.length === 0) return { reply: null, failure: { outcome: 'error', server: 'none' }, server: 'none', note: 'no DNS server configured on this system' };
    const done = new Set<number>();
    const trail: string[] = [];
    let firstFailure: { outcome: DnsOutcome; server: string } | null = null;
    let timedOut = false;
    for (let attempt = 1; attempt <= tries; attempt++) {
      for (const [i, server] of servers.entries()) {
        if (done.has(i)) continue;
        if (signal?.aborted) throw cancelledError(signal);
        let transport = 'UDP';
        let edns = true;
        let result = await exchange(buildQuery(randomInt(0, 65536), name, type), server.host, server.port, 'udp', timeoutMs, signal);
        if (result.kind === 'reply' && result.reply.rcode === 'FORMERR') {
          // A server from before EDNS0 (RFC 6891 §7): ask again without the OPT record.
          edns = false;
          transport = 'UDP without EDNS0 (the server answered FORMERR to EDNS0)';
          result = await exchange(buildQuery(randomInt(0, 65536), name, type, false), server.host, server.port, 'udp', timeoutMs, signal);
        }
        if (result.kind === 'reply' && result.reply.flag_tc) {
          transport = `TCP (the UDP reply was truncated)`;
          result = await exchange(buildQuery(randomInt(0, 65536), name, type, edns), server.host, server.port, 'tcp', timeoutMs, signal);
        }
        if (signal?.aborted) throw cancelledError(signal);
        const where = `${server.label}${attempt > 1 ? ` (try ${attempt})` : ''}`;
        if (result.kind === 'timeout') {
          timedOut = true;
          trail.push(`${where}: no answer over ${transport} within ${timeoutMs} ms`);
          continue;
        }
        if (result.kind === 'error') {
          done.add(i);
          trail.push(`${where}: ${result.message}`);
          firstFailure ??= { outcome: 'error', server: server.label };
          continue;
        }
        const rcode = result.reply.rcode ?? 'NOERROR';
        if (rcode === 'NOERROR' || rcode === 'NXDOMAIN') {
          const note = [...trail, `answered by ${where} over ${transport}`].join('; ');
          return { reply: result.reply, failure: null, server: server.label, note };
        }
        done.add(i);
        trail.push(`${where}: ${rcode}`);
        firstFailure ??= { outcome: rcode === 'SERVFAIL' ? 'servfail' : rcode === 'REFUSED' ? 'refused' : 'error', server: server.label };
      }
    }
    const failure = firstFailure ?? { outcome: timedOut ? 'timeout' : 'error', server: labels.join(', ') } as const;
    return { reply: null, failure, server: failure.server, note: trail.join('; ') };
  };

  return {
    description,
    servers: labels,
    async resolve(rawName, rawType, signal) {
      const type = rawType.toUpperCase();
      const name = normaliseName(rawName);
      if (!isSupportedType(type)) {
        return { outcome: 'error', records: [], ttl: null, cnames: [], server: labels.join(', '), note: `record type ${type} is not supported by the probe` };
      }
      const cnames: string[] = [];
      const ttls: number[] = [];
      const notes: string[] = [];
      let current = name;
      for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
        const asked = await ask(current, type, signal);
        notes.push(hop === 0 ? asked.note : `${current}: ${asked.note}`);
        if (!asked.reply) {
          return { outcome: asked.failure?.outcome ?? 'error', records: [], ttl: null, cnames, server: asked.server, note: notes.join('; ') || null };
        }
        const reply = asked.reply;
        const answers = reply.answers ?? [];
        // Walk the chain inside this answer.
        let cursor = current;
        for (let i = 0; i <= MAX_CNAME_HOPS; i++) {
          const own = answers.filter((a) => normaliseName(a.name) === cursor);
          if (type === 'CNAME' || own.some((a) => a.type === type)) break;
          const cname = own.find((a) => a.type === 'CNAME');
          if (!cname) break;
          const target = normaliseName((cname as dnsPacket.StringAnswer).data);
          if (target === name || cnames.includes(target)) {
            return { outcome: 'error', records: [], ttl: null, cnames: [...cnames, target], server: asked.server, note: [...notes, `CNAME loop at ${target}`].join('; ') };
          }
          cnames.push(target);
          const cnameTtl = (cname as dnsPacket.StringAnswer).ttl;
          if (typeof cnameTtl === 'number') ttls.push(cnameTtl);
          cursor = target;
        }
        const records = answers.filter((a) => normaliseName(a.name) === cursor && a.type === type).map(toData).filter((d): d is DnsData => d !== null);
        const recordTtls = answers.filter((a) => normaliseName(a.name) === cursor && a.type === type).map((a) => (a as { ttl?: number }).ttl).filter((t): t is number => typeof t === 'number');
        if (records.length > 0) {
          return { outcome: 'answer', records, ttl: minOf([...ttls, ...recordTtls]), cnames, server: asked.server, note: notes.join('; ') || null };
        }
        const soaTtl = negativeTtl(reply);
        if (reply.rcode === 'NXDOMAIN') {
          return { outcome: 'nxdomain', records: [], ttl: minOf([...ttls, ...(soaTtl === null ? [] : [soaTtl])]), cnames, server: asked.server, note: notes.join('; ') || null };
        }
        if (cursor !== current && soaTtl === null) {
          // Only the CNAME came back and nobody said the target is empty: ask for the target ourselves.
          current = cursor;
          continue;
        }
        return { outcome: 'nodata', records: [], ttl: minOf([...ttls, ...(soaTtl === null ? [] : [soaTtl])]), cnames, server: asked.server, note: notes.join('; ') || null };
      }
      return { outcome: 'error', records: [], ttl: null, cnames, server: labels.join(', '), note: [...notes, `more than ${MAX_CNAME_HOPS} CNAME hops`].join('; ') };
    },
  };
}

function minOf(values: number[]): number | null {
  return values.length === 0 ? null : Math.min(...values);
}

/** RFC 2308 §5: the negative TTL is min(SOA TTL, SOA MINIMUM). */
function negativeTtl(reply: WireReply): number | null {
  const soa = (reply.authorities ?? []).find((a): a is dnsPacket.SoaAnswer => a.type === 'SOA');
  if (!soa) return null;
  const values = [soa.ttl, soa.data.minimum].filter((v): v is number => typeof v === 'number');
  return minOf(values);
}

function toData(answer: dnsPacket.Answer): DnsData | null {
  switch (answer.type) {
    case 'A':
    case 'AAAA':
      return { type: answer.type, value: answer.data };
    case 'CNAME':
    case 'PTR':
    case 'NS':
      return { type: answer.type, value: normaliseName(answer.data) };
    case 'MX':
      return { type: 'MX', priority: answer.data.preference ?? 0, exchange: normaliseName(answer.data.exchange) };
    case 'TXT': {
      const data = answer.data;
      const parts = Array.isArray(data) ? data : [data];
      return { type: 'TXT', chunks: parts.map((p) => (typeof p === 'string' ? p : p.toString('utf8'))) };
    }
    default:
      return null;
  }
}
