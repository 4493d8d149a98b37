/**
 * The benchmark's own SMTP client must deliver exactly the bytes it is given
 * (dot-stuffing right, nothing lost between pipelined commands) or its
 * latency figures mean nothing. Checked against a real smtp-server on
 * loopback, which un-stuffs and hands us what it received.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { encodeData, runLoad } from '../../bench/smtp-load-client';
import { fixedSizeMessage, mixKind, seedMessage } from '../../bench/messages';
import { median, percentile } from '../../bench/stats';

interface Received {
  from: string;
  to: string[];
  raw: Buffer;
}

async function startServer(options: { refuse?: string } = {}): Promise<{ server: SMTPServer; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.refuse && address.address === options.refuse) callback(new Error('no such user'));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port, received };
}

describe('bench SMTP load client', () => {
  let server: SMTPServer | null = null;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  it('delivers every message byte-exact over several pipelined sessions and times each 250', async () => {
    const started = await startServer();
    server = started.server;
    const dotty = (i: number) => Buffer.from(`Subject: dots ${i}\r\n\r\n.leading dot\r\n..two dots\r\nmiddle . dot\r\n.\r\nend\r\n`);
    const message = (i: number) => (i % 3 === 0 ? dotty(i) : i % 3 === 1 ? fixedSizeMessage(i, 11 * 1024) : seedMessage(i));
    const result = await runLoad({ host: '127.0.0.1', port: started.port, sessions: 4, messages: 30, message, mailFrom: (i) => `s${i}@a.test`, rcptTo: (i) => `r${i}@b.test`, deadlineMs: 20_000, replyTimeoutMs: 5000 });

    expect(result.errors).toEqual([]);
    expect(result.delivered).toBe(30);
    expect(result.refused).toBe(0);
    expect(result.latenciesMs).toHaveLength(30);
    expect(result.latenciesMs.every((ms) => ms >= 0 && ms < 5000)).toBe(true);
    expect(started.received).toHaveLength(30);
    for (const got of started.received) {
      const i = Number(/^s(\d+)@/.exec(got.from)?.[1]);
      expect(got.to).toEqual([`r${i}@b.test`]);
      expect(got.raw.equals(message(i))).toBe(true);
    }
    expect(result.bytes).toBe(Array.from({ length: 30 }, (_, i) => message(i).length).reduce((a, b) => a + b, 0));
  });

  it('counts refused recipients as refused and carries on', async () => {
    const started = await startServer({ refuse: 'nobody@b.test' });
    server = started.server;
    const result = await runLoad({
      host: '127.0.0.1',
      port: started.port,
      sessions: 2,
      messages: 10,
      message: (i) => seedMessage(i),
      rcptTo: (i) => (i % 5 === 0 ? 'nobody@b.test' : `r${i}@b.test`),
      deadlineMs: 20_000,
      replyTimeoutMs: 5000,
    });
    expect(result.refused).toBe(2);
    expect(result.delivered).toBe(8);
    expect(started.received).toHaveLength(8);
  });

  it('reports a server that is not there instead of hanging', async () => {
    const started = await startServer();
    const port = started.port;
    await new Promise<void>((resolve) => started.server.close(() => resolve()));
    const result = await runLoad({ host: '127.0.0.1', port, sessions: 2, messages: 5, message: seedMessage, deadlineMs: 5000, replyTimeoutMs: 2000 });
    expect(result.delivered).toBe(0);
    expect(result.errors.length).toBeGreaterThan(0);
  });
});

describe('bench helpers', () => {
  it('dot-stuffs lines that start with a dot and ends with CRLF', () => {
    expect(encodeData(Buffer.from('.a\r\nb\r\n.\r\nc')).toString()).toBe('..a\r\nb\r\n..\r\nc\r\n');
  });

  it('takes nearest-rank percentiles and medians', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100 shuffled order
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
  });

  it('makes the 11 KiB message exactly 11 KiB and the mix 14/5/1 in 20', () => {
    expect(fixedSizeMessage(7, 11 * 1024).length).toBe(11 * 1024);
    const kinds = Array.from({ length: 20 }, (_, i) => mixKind(i));
    expect(kinds.filter((k) => k === 'small')).toHaveLength(14);
    expect(kinds.filter((k) => k === 'medium')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'large')).toHaveLength(1);
  });
});
