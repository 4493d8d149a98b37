/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP, node:dgram) for tests
 * that exercise the real node:dns path: point a resolver at
 * "127.0.0.1:<port>" and it answers from a fixed table.
 *
 * Supports A, AAAA, TXT, MX, CNAME, PTR, NS answers (a CNAME is returned as is,
 * not chased), NXDOMAIN for unknown names, NODATA for a known name without the
 * type, SERVFAIL, and DROP (never answer, so the client times out).
 * Only what tests need: one question per query, no TCP, no compression on write
 * except the answer's owner name pointing at the question.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';

export type LoopbackRecord =
  | { type: 'A' | 'AAAA' | 'CNAME' | 'PTR' | 'NS'; value: string; ttl?: number }
  | { type: 'TXT'; value: string[]; ttl?: number }
  | { type: 'MX'; priority: number; exchange: string; ttl?: number }
  | { type: 'SERVFAIL' }
  | { type: 'DROP' };

export interface LoopbackDnsServer {
  /** "127.0.0.1:<port>", as node:dns setServers accepts it. */
  server: string;
  port: number;
  /** Questions received, in order. */
  questions: { name: string; type: string }[];
  close(): Promise<void>;
}

const TYPES: Record<string, number> = { A: 1, NS: 2, CNAME: 5, PTR: 12, MX: 15, TXT: 16, AAAA: 28 };
const TYPE_NAMES = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k]));

export async function startLoopbackDnsServer(table: Record<string, LoopbackRecord[]>): Promise<LoopbackDnsServer> {
  const zone = new Map(Object.entries(table).map(([name, rows]) => [name.toLowerCase().replace(/\.$/, ''), rows]));
  const questions: { name: string; type: string }[] = [];
  const socket: Socket = createSocket('udp4');

  socket.on('message', (msg, rinfo) => {
    const reply = answer(msg, zone, questions);
    if (reply) socket.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  return {
    server: `127.0.0.1:${port}`,
    port,
    questions,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function answer(msg: Buffer, zone: Map<string, LoopbackRecord[]>, log: { name: string; type: string }[]): Buffer | null {
  if (msg.length < 12 || msg.readUInt16BE(4) < 1) return null;
  // Question: labels, then QTYPE and QCLASS.
  let offset = 12;
  const labels: string[] = [];
  while (offset < msg.length) {
    const len = msg[offset] ?? 0;
    offset += 1;
    if (len === 0) break;
    labels.push(msg.subarray(offset, offset + len).toString('latin1'));
    offset += len;
  }
  const qtype = msg.readUInt16BE(offset);
  const questionEnd = offset + 4;
  const name = labels.join('.').toLowerCase();
  const typeName = TYPE_NAMES[qtype] ?? String(qtype);
  log.push({ name, type: typeName });

  const rows = zone.get(name);
  if (rows?.some((r) => r.type === 'DROP')) return null;
  let rcode = 0;
  let answers: Buffer[] = [];
  if (!rows) rcode = 3;
  else if (rows.some((r) => r.type === 'SERVFAIL')) rcode = 2;
  else answers = rows.filter((r) => r.type === typeName).map((r) => encodeRecord(r, qtype));

  const header = Buffer.alloc(12);
  header.writeUInt16BE(msg.readUInt16BE(0), 0);
  const rd = msg.readUInt16BE(2) & 0x0100;
  header.writeUInt16BE(0x8000 | 0x0400 | rd | 0x0080 | rcode, 2); // QR, AA, RD echoed, RA, RCODE
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, msg.subarray(12, questionEnd), ...answers]);
}

function encodeRecord(record: LoopbackRecord, qtype: number): Buffer {
  if (record.type === 'SERVFAIL' || record.type === 'DROP') throw new Error('not an answer');
  let rdata: Buffer;
  switch (record.type) {
    case 'A':
      rdata = Buffer.from(record.value.split('.').map(Number));
      break;
    case 'AAAA':
      rdata = ipv6Bytes(record.value);
      break;
    case 'TXT':
      rdata = Buffer.concat(record.value.map((chunk) => {
        const bytes = Buffer.from(chunk, 'utf8');
        return Buffer.concat([Buffer.from([bytes.length]), bytes]);
      }));
      break;
    case 'MX': {
      const pref = Buffer.alloc(2);
      pref.writeUInt16BE(record.priority, 0);
      rdata = Buffer.concat([pref, encodeName(record.exchange)]);
      break;
    }
    default:
      rdata = encodeName(record.value);
  }
  const fixed = Buffer.alloc(12);
  fixed.writeUInt16BE(0xc00c, 0); // owner name: pointer to the question
  fixed.writeUInt16BE(qtype, 2);
  fixed.writeUInt16BE(1, 4); // IN
  fixed.writeUInt32BE(record.ttl ?? 300, 6);
  fixed.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([fixed, rdata]);
}

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([...parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, 'latin1')])), Buffer.from([0])]);
}

function ipv6Bytes(address: string): Buffer {
  if (!isIPv6(address)) throw new Error(`not IPv6: ${address}`);
  const [head = '', tail = ''] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = address.includes('::') && tail ? tail.split(':') : [];
  const fill = address.includes('::') ? 8 - headGroups.length - tailGroups.length : 0;
  const groups = [...headGroups, ...Array<string>(fill).fill('0'), ...tailGroups];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}
