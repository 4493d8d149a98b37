/**
 * A small DNS server on 127.0.0.1 for tests that exercise real DNS clients
 * (node:dns and the probe's wire client): it answers from a fixed table over
 * UDP AND TCP on the same port, built on dns-packet.
 *
 * Point a resolver at "127.0.0.1:<port>". Behaves like a recursive resolver
 * for the names it knows (RA set):
 * - A, AAAA, TXT (several strings per record), MX (exchange "." = null MX),
 *   CNAME, PTR, NS answers, each with its TTL (default 300);
 * - CNAMEs are followed inside the table (the chain and the final records in
 *   one answer; NXDOMAIN when the chain leaves the table), unless
 *   `chaseCnames: false` — then only the CNAME comes back, as from an
 *   authoritative server whose target lives elsewhere;
 * - NXDOMAIN for unknown names and NODATA for a known name without the type,
 *   both with a SOA in the authority section (negative TTL);
 * - rows `SERVFAIL`, `REFUSED` set that RCODE; `DROP` never answers (UDP or
 *   TCP), so clients time out; `DELAY` holds that name's answers back;
 * - EDNS0: the OPT record is echoed; a UDP reply larger than the client's
 *   EDNS size (512 without EDNS, or `maxUdpPayload` when smaller) goes out
 *   with TC set and no records, so clients retry over TCP;
 * - `delayMs` adds latency to every answer (benchmarks: 50 ms).
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import * as dnsPacket from 'dns-packet';

export type LoopbackRecord =
  | { type: 'A' | 'AAAA' | 'CNAME' | 'PTR' | 'NS'; value: string; ttl?: number }
  | { type: 'TXT'; value: string[]; ttl?: number }
  | { type: 'MX'; priority: number; exchange: string; ttl?: number }
  | { type: 'SERVFAIL' }
  | { type: 'DROP' };

/** Rows a table may hold: records, plus the behaviours added for the probe's tests (kept apart so code switching over LoopbackRecord stays exhaustive). */
export type LoopbackRow = LoopbackRecord | { type: 'REFUSED' } | { type: 'DELAY'; ms: number };

export interface LoopbackDnsOptions {
  /** Added before every answer, ms (default 0). Changeable later through `delayMs`. */
  delayMs?: number;
  /** Largest UDP reply sent whatever the client's EDNS size says (default: no cap beyond EDNS / 512). */
  maxUdpPayload?: number;
  /** SOA MINIMUM / TTL in NXDOMAIN and NODATA replies (default 60). */
  negativeTtl?: number;
  /** Follow CNAMEs inside the table like a recursive resolver (default true). */
  chaseCnames?: boolean;
  /** Answer FORMERR to any query carrying EDNS0, like a server from before RFC 6891 (default false). */
  rejectEdns?: boolean;
}

export interface LoopbackQuestion {
  name: string;
  type: string;
  transport: 'udp' | 'tcp';
}

export interface LoopbackDnsServer {
  /** "127.0.0.1:<port>", as node:dns setServers and the probe accept it. */
  server: string;
  port: number;
  /** Questions received, in order. */
  questions: LoopbackQuestion[];
  /** Latency added to every answer, ms; may be changed between tests. */
  delayMs: number;
  /** Replace (or with `null` remove) a name's rows, e.g. to change a record between two probe runs. */
  setRecords(name: string, rows: LoopbackRow[] | null): void;
  close(): Promise<void>;
}

const norm = (name: string) => name.toLowerCase().replace(/\.+$/, '');

export async function startLoopbackDnsServer(table: Record<string, LoopbackRow[]>, options: LoopbackDnsOptions = {}): Promise<LoopbackDnsServer> {
  for (const [name, rows] of Object.entries(table)) checkRows(name, rows);
  const zone = new Map(Object.entries(table).map(([name, rows]) => [norm(name), rows]));
  const questions: LoopbackQuestion[] = [];
  const negativeTtl = options.negativeTtl ?? 60;
  const chase = options.chaseCnames ?? true;
  const state = { delayMs: options.delayMs ?? 0 };
  const tcpSockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const later = (ms: number, fn: () => void) => {
    if (ms <= 0) return fn();
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  /** The reply for a query, or null to stay silent; plus the delay to apply. */
  const respond = (query: dnsPacket.DecodedPacket, transport: 'udp' | 'tcp'): { reply: dnsPacket.Packet; delay: number } | null => {
    const q = query.questions?.[0];
    if (!q) return null;
    const name = norm(q.name);
    questions.push({ name, type: q.type, transport });
    const opt = query.additionals?.find((a): a is dnsPacket.OptAnswer => a.type === 'OPT');
    if (opt && options.rejectEdns) return { reply: { type: 'response', id: query.id ?? 0, flags: 1, questions: [q] }, delay: state.delayMs };
    let rcode = 0;
    let delay = state.delayMs;
    const answers: dnsPacket.Answer[] = [];
    let current = name;
    let empty = false;
    for (let hop = 0; hop < 10; hop++) {
      const rows = zone.get(current);
      if (!rows) {
        rcode = 3;
        break;
      }
      if (rows.some((r) => r.type === 'DROP')) return null;
      for (const r of rows) if (r.type === 'DELAY') delay += r.ms;
      if (rows.some((r) => r.type === 'SERVFAIL')) {
        rcode = 2;
        break;
      }
      if (rows.some((r) => r.type === 'REFUSED')) {
        rcode = 5;
        break;
      }
      const own = rows.filter((r) => r.type === q.type);
      if (own.length > 0 || q.type === 'CNAME') {
        answers.push(...own.map((r) => toAnswer(current, r)));
        empty = own.length === 0;
        break;
      }
      const cname = rows.find((r): r is { type: 'CNAME'; value: string; ttl?: number } => r.type === 'CNAME');
      if (!cname) {
        empty = true;
        break;
      }
      answers.push(toAnswer(current, cname));
      current = norm(cname.value);
      if (!chase) break;
    }
    const authorities: dnsPacket.Answer[] = [];
    if (rcode === 3 || (rcode === 0 && empty)) {
      const apex = current.split('.').slice(-2).join('.') || '.';
      authorities.push({
        type: 'SOA',
        name: apex,
        ttl: negativeTtl,
        data: { mname: `ns.${apex}`, rname: `hostmaster.${apex}`, serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: negativeTtl },
      });
    }
    const flags = dnsPacket.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | dnsPacket.RECURSION_AVAILABLE | rcode;
    const reply: dnsPacket.Packet = {
      type: 'response',
      id: query.id ?? 0,
      flags: flags & ~dnsPacket.TRUNCATED_RESPONSE,
      questions: [q],
      answers,
      authorities,
      additionals: opt ? [{ type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] : [],
    };
    if (transport === 'udp') {
      const clientLimit = opt ? Math.max(512, opt.udpPayloadSize) : 512;
      const limit = Math.min(clientLimit, options.maxUdpPayload ?? Infinity);
      if (dnsPacket.encodingLength(reply) > limit) {
        return { reply: { ...reply, flags: (reply.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE, answers: [], authorities: [] }, delay };
      }
    }
    return { reply, delay };
  };

  const decode = (msg: Buffer): dnsPacket.DecodedPacket | null => {
    try {
      const p = dnsPacket.decode(msg);
      return p.type === 'query' ? p : null;
    } catch {
      return null;
    }
  };

  const { udp, tcp, port } = await bindBoth((udp) => {
    udp.on('message', (msg, rinfo) => {
      const query = decode(msg);
      const out = query && respond(query, 'udp');
      if (out) later(out.delay, () => udp.send(dnsPacket.encode(out.reply), rinfo.port, rinfo.address, () => undefined));
    });
  }, (socket) => {
    tcpSockets.add(socket);
    socket.on('close', () => tcpSockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2) {
        const len = buffered.readUInt16BE(0);
        if (buffered.length < 2 + len) return;
        const query = decode(buffered.subarray(2, 2 + len));
        buffered = buffered.subarray(2 + len);
        const out = query && respond(query, 'tcp');
        if (out) later(out.delay, () => socket.writable && socket.write(dnsPacket.streamEncode(out.reply)));
      }
    });
  });

  return {
    server: `127.0.0.1:${port}`,
    port,
    questions,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    setRecords(name, rows) {
      if (rows) checkRows(name, rows);
      if (rows) zone.set(norm(name), rows);
      else zone.delete(norm(name));
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of tcpSockets) s.destroy();
      await Promise.all([new Promise<void>((resolve) => udp.close(() => resolve())), new Promise<void>((resolve) => tcp.close(() => resolve()))]);
    },
  };
}

/** A TXT character-string holds at most 255 bytes (RFC 1035 §3.3): a longer one in a fixture is a test bug, not a record. */
function checkRows(name: string, rows: LoopbackRow[]): void {
  for (const r of rows) {
    if (r.type !== 'TXT') continue;
    const long = r.value.find((s) => Buffer.byteLength(s, 'utf8') > 255);
    if (long !== undefined) throw new Error(`TXT ${name}: a string of ${Buffer.byteLength(long, 'utf8')} bytes; split it into strings of at most 255 (see splitTxt)`);
  }
}

/** Split text into TXT character-strings of at most `size` bytes (ASCII), as zone tools publish long records. */
export function splitTxt(text: string, size = 255): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

function toAnswer(owner: string, record: LoopbackRow): dnsPacket.Answer {
  const ttl = 'ttl' in record && record.ttl !== undefined ? record.ttl : 300;
  switch (record.type) {
    case 'TXT':
      return { type: 'TXT', name: owner, ttl, data: record.value.map((s) => Buffer.from(s, 'utf8')) };
    case 'MX':
      return { type: 'MX', name: owner, ttl, data: { preference: record.priority, exchange: record.exchange === '.' ? '' : record.exchange } };
    case 'A':
    case 'AAAA':
    case 'CNAME':
    case 'PTR':
    case 'NS':
      return { type: record.type, name: owner, ttl, data: record.value };
    default:
      throw new Error(`not an answer: ${record.type}`);
  }
}

/** UDP and TCP on one port: bind UDP to a free port, then TCP to the same; retry on a clash. */
async function bindBoth(onUdp: (s: UdpSocket) => void, onTcp: (s: Socket) => void): Promise<{ udp: UdpSocket; tcp: Server; port: number }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    const { port } = udp.address();
    const tcp = createServer(onTcp);
    const ok = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) {
      onUdp(udp);
      return { udp, tcp, port };
    }
    await new Promise<void>((resolve) => udp.close(() => resolve()));
  }
  throw new Error('could not bind UDP and TCP on one loopback port');
}
