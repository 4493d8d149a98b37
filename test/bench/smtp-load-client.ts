/**
 * A raw-socket SMTP load generator that measures what smtp-source cannot: the
 * `250` latency of each message, from the moment the end-of-data "." is
 * handed to the kernel to the moment the server's reply arrives. That is the
 * time a sending application waits for the server to commit the message.
 *
 * N sessions share one message counter; each session keeps its connection
 * and sends MAIL/RCPT/DATA pipelined (RFC 2920) when the server offers
 * PIPELINING. Every wait is bounded (per reply and overall), and the
 * messages must already be CRLF text; dot-stuffing is done here.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface LoadOptions {
  host: string;
  port: number;
  /** Concurrent SMTP sessions. */
  sessions: number;
  /** Messages to send in total (shared by the sessions). */
  messages: number;
  /** The i-th message (0-based): CRLF line endings, without the final "." line. */
  message: (index: number) => Buffer;
  /** Envelope sender of the i-th message. */
  mailFrom?: (index: number) => string;
  /** Envelope recipient of the i-th message. */
  rcptTo?: (index: number) => string;
  /** Stop starting new messages after this many ms (the run is then reported as cut short). */
  deadlineMs?: number;
  /** Give up on one reply after this many ms. */
  replyTimeoutMs?: number;
}

export interface LoadResult {
  /** Messages answered with 2xx after DATA. */
  delivered: number;
  /** Messages refused (4xx/5xx at any step). */
  refused: number;
  /** End-of-data → 250 for each delivered message, in ms. */
  latenciesMs: number[];
  /** Wall time from the first connect to the last QUIT. */
  elapsedMs: number;
  /** Message bytes delivered (before dot-stuffing). */
  bytes: number;
  /** True when the deadline stopped the run early. */
  cutShort: boolean;
  /** Distinct problems seen (first few). */
  errors: string[];
}

interface Reply {
  code: number;
  lines: string[];
}

/** Dot-stuff (RFC 5321 §4.5.2) and make sure the text ends with CRLF; appends the terminator. */
export function encodeData(message: Buffer): Buffer {
  const text = message.toString('latin1');
  let stuffed = text.replace(/(^|\r\n)\./g, '$1..');
  if (!stuffed.endsWith('\r\n')) stuffed += '\r\n';
  return Buffer.from(stuffed, 'latin1');
}

/** Reads SMTP replies off a socket, one promise per expected reply, in order. */
class ReplyReader {
  private buffer = '';
  private current: string[] = [];
  private readonly ready: Reply[] = [];
  private readonly waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }[] = [];
  private failure: Error | null = null;

  constructor(
    socket: Socket,
    private readonly timeoutMs: number,
  ) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.feed(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('connection closed by the server')));
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, end).replace(/\r$/, '');
      this.buffer = this.buffer.slice(end + 1);
      this.current.push(line);
      // "250-…" continues a multi-line reply; "250 …" (or a bare code) ends it.
      if (/^\d{3}(?: |$)/.test(line)) {
        const reply = { code: Number(line.slice(0, 3)), lines: this.current };
        this.current = [];
        const waiter = this.waiting.shift();
        if (waiter) {
          clearTimeout(waiter.timer);
          waiter.resolve(reply);
        } else {
          this.ready.push(reply);
        }
      }
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const waiter of this.waiting.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }

  next(): Promise<Reply> {
    const ready = this.ready.shift();
    if (ready) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = this.waiting.findIndex((w) => w.timer === timer);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new Error(`no reply within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.waiting.push({ resolve, reject, timer });
    });
  }
}

function open(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect to ${host}:${port} timed out`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Write and, when the socket buffer is full, wait for it to drain (or for the socket to close). */
function write(socket: Socket, data: Buffer | string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) {
      reject(new Error('connection closed'));
      return;
    }
    if (socket.write(data)) {
      resolve();
      return;
    }
    const onDrain = () => {
      socket.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      socket.off('drain', onDrain);
      reject(new Error('connection closed while sending'));
    };
    socket.once('drain', onDrain);
    socket.once('close', onClose);
  });
}

/** Send `options.messages` messages over `options.sessions` connections and time every 250. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const replyTimeoutMs = options.replyTimeoutMs ?? 60_000;
  const deadline = performance.now() + (options.deadlineMs ?? 600_000);
  const mailFrom = options.mailFrom ?? (() => 'bench@loadgen.example.test');
  const rcptTo = options.rcptTo ?? (() => 'inbox@capture.example.test');
  const result: LoadResult = { delivered: 0, refused: 0, latenciesMs: [], elapsedMs: 0, bytes: 0, cutShort: false, errors: [] };
  const noteError = (message: string) => {
    if (result.errors.length < 5 && !result.errors.includes(message)) result.errors.push(message);
  };
  let nextIndex = 0;
  const take = (): number | null => {
    if (nextIndex >= options.messages) return null;
    if (performance.now() > deadline) {
      result.cutShort = true;
      return null;
    }
    return nextIndex++;
  };

  const session = async (): Promise<void> => {
    const socket = await open(options.host, options.port, replyTimeoutMs);
    const replies = new ReplyReader(socket, replyTimeoutMs);
    try {
      const expect = async (ok: (code: number) => boolean, what: string): Promise<Reply> => {
        const reply = await replies.next();
        if (!ok(reply.code)) throw new Error(`${what}: ${reply.lines.join(' | ')}`);
        return reply;
      };
      await expect((c) => c === 220, 'greeting');
      await write(socket, 'EHLO loadgen.example.test\r\n');
      const ehlo = await expect((c) => c === 250, 'EHLO');
      const pipelining = ehlo.lines.some((l) => /^250[ -]PIPELINING\b/i.test(l));
      for (let index = take(); index !== null; index = take()) {
        const raw = options.message(index);
        const data = encodeData(raw);
        const commands = [`MAIL FROM:<${mailFrom(index)}>\r\n`, `RCPT TO:<${rcptTo(index)}>\r\n`, 'DATA\r\n'];
        if (pipelining) await write(socket, commands.join(''));
        const codes: number[] = [];
        for (const command of commands) {
          if (!pipelining) await write(socket, command);
          codes.push((await replies.next()).code);
        }
        if (codes[0] !== 250 || codes[1] !== 250 || codes[2] !== 354) {
          result.refused++;
          noteError(`envelope refused: ${codes.join(',')}`);
          // A pipelined DATA that was refused needs no body; reset before the next message.
          if (codes[2] === 354) {
            await write(socket, '.\r\n');
            await replies.next();
          }
          await write(socket, 'RSET\r\n');
          await replies.next();
          continue;
        }
        await write(socket, data);
        // Body flushed to the kernel: now hand over the terminator and start the clock.
        const started = performance.now();
        await write(socket, '.\r\n');
        const reply = await replies.next();
        const latency = performance.now() - started;
        if (reply.code >= 200 && reply.code < 300) {
          result.delivered++;
          result.bytes += raw.length;
          result.latenciesMs.push(latency);
        } else {
          result.refused++;
          noteError(`DATA refused: ${reply.lines.join(' | ')}`);
        }
      }
      await write(socket, 'QUIT\r\n');
      await replies.next().catch(() => undefined);
    } finally {
      socket.destroy();
    }
  };

  const began = performance.now();
  const outcomes = await Promise.allSettled(Array.from({ length: Math.max(1, options.sessions) }, () => session()));
  result.elapsedMs = performance.now() - began;
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected') noteError(String((outcome.reason as Error)?.message ?? outcome.reason));
  }
  return result;
}
