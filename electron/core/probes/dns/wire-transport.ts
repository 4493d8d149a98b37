/**
 * One DNS message exchange with one server, over UDP or TCP (dns-packet does
 * the encoding). Kept apart from the retry/fallback policy in wire-source.ts
 * so that policy reads as policy.
 *
 * A fresh socket per exchange: a random source port per query (spoofing
 * resistance a long-lived socket would lose) and nothing to clean up between
 * runs. Replies whose id or question do not match are ignored, as RFC 5452
 * asks, and the wait goes on until the timeout.
 */
import { createSocket } from 'node:dgram';
import { isIPv6, Socket } from 'node:net';
import * as dnsPacket from 'dns-packet';

export type WireTransport = 'udp' | 'tcp';

/** A decoded reply with the RCODE dns-packet reads but does not type. */
export type WireReply = dnsPacket.DecodedPacket & { rcode?: string };

export type ExchangeResult =
  | { kind: 'reply'; reply: WireReply; bytes: number }
  | { kind: 'timeout' }
  | { kind: 'error'; message: string };

/** The EDNS0 UDP payload size we advertise (the DNS Flag Day 2020 value). */
export const EDNS_UDP_SIZE = 1232;

/** Build a query: RD set, EDNS0 OPT advertising EDNS_UDP_SIZE (unless `edns` is false, for servers that choke on it). */
export function buildQuery(id: number, name: string, type: string, edns = true): dnsPacket.Packet {
  return {
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type: type as dnsPacket.RecordType, class: 'IN' }],
    additionals: edns ? [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_UDP_SIZE, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] : [],
  };
}

function matches(reply: WireReply, query: dnsPacket.Packet): boolean {
  const q = query.questions?.[0];
  const r = reply.questions?.[0];
  if (reply.id !== query.id || !q) return false;
  // Some servers omit the question on errors (FORMERR); accept that, compare when present.
  if (!r) return true;
  return r.name.toLowerCase() === q.name.toLowerCase() && r.type === q.type;
}

/** Send `query` to host:port over `transport` and wait up to `timeoutMs` for the matching reply. */
export function exchange(query: dnsPacket.Packet, host: string, port: number, transport: WireTransport, timeoutMs: number, signal?: AbortSignal): Promise<ExchangeResult> {
  return transport === 'udp' ? exchangeUdp(query, host, port, timeoutMs, signal) : exchangeTcp(query, host, port, timeoutMs, signal);
}

function exchangeUdp(query: dnsPacket.Packet, host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<ExchangeResult> {
  return new Promise((resolve) => {
    const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    let done = false;
    const finish = (result: ExchangeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      try {
        socket.close();
      } catch {
        // already closed
      }
      resolve(result);
    };
    const onAbort = () => finish({ kind: 'error', message: 'cancelled' });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('error', (err) => finish({ kind: 'error', message: `UDP: ${(err as NodeJS.ErrnoException).code ?? err.message}` }));
    socket.on('message', (msg) => {
      let reply: WireReply;
      try {
        reply = dnsPacket.decode(msg) as WireReply;
      } catch {
        return; // garbage: keep waiting for the real reply
      }
      if (reply.type === 'response' && matches(reply, query)) finish({ kind: 'reply', reply, bytes: msg.length });
    });
    const bytes = dnsPacket.encode(query);
    socket.send(bytes, port, host, (err) => {
      if (err) finish({ kind: 'error', message: `UDP send: ${(err as NodeJS.ErrnoException).code ?? err.message}` });
    });
  });
}

function exchangeTcp(query: dnsPacket.Packet, host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<ExchangeResult> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let buffered = Buffer.alloc(0);
    let done = false;
    const finish = (result: ExchangeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = () => finish({ kind: 'error', message: 'cancelled' });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('error', (err) => finish({ kind: 'error', message: `TCP: ${(err as NodeJS.ErrnoException).code ?? err.message}` }));
    socket.on('close', () => finish({ kind: 'error', message: 'TCP: connection closed before a reply' }));
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      // Two-byte length prefix (RFC 1035 §4.2.2), then the message.
      while (buffered.length >= 2) {
        const len = buffered.readUInt16BE(0);
        if (buffered.length < 2 + len) return;
        const msg = buffered.subarray(2, 2 + len);
        buffered = buffered.subarray(2 + len);
        try {
          const reply = dnsPacket.decode(msg) as WireReply;
          if (reply.type === 'response' && matches(reply, query)) return finish({ kind: 'reply', reply, bytes: len });
        } catch {
          return finish({ kind: 'error', message: 'TCP: malformed reply' });
        }
      }
    });
    socket.connect(port, host, () => socket.write(dnsPacket.streamEncode(query)));
  });
}
