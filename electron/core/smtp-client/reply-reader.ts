/**
 * Collects SMTP replies from a socket: lines ending in LF (CR optional, as
 * broken servers send), grouped until the final "NNN " line (RFC 5321
 * §4.2.1). Bounded: an over-long line or reply is a protocol error, not a
 * memory problem.
 */
import type { Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';

const MAX_LINE = 8192;
const MAX_LINES = 500;

/** A complete reply: its lines as sent (code prefixes kept). */
export type RawReply = string[];

type Waiter = { resolve: (r: RawReply) => void; reject: (e: Error & { code?: string }) => void };

export class ReplyReader {
  private decoder = new StringDecoder('utf8');
  private buffer = '';
  private current: string[] = [];
  private readonly ready: RawReply[] = [];
  private waiter: Waiter | null = null;
  private failure: (Error & { code?: string }) | null = null;
  private readonly onData = (chunk: Buffer): void => this.push(chunk);
  private readonly onEnd = (): void => this.fail(Object.assign(new Error('The server closed the connection'), { code: 'ECLOSED' }));
  private readonly onError = (err: Error): void => this.fail(err);

  constructor(private socket: Socket) {
    this.attach(socket);
  }

  private attach(socket: Socket): void {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
  }

  /** Stops reading the current socket (before a STARTTLS upgrade); returns bytes read past the last reply. */
  detach(): string {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onError);
    const leftover = this.buffer + this.current.join('\n');
    this.buffer = '';
    this.current = [];
    this.ready.length = 0;
    return leftover;
  }

  /** Reads from a new socket (the TLS socket after STARTTLS). */
  reattach(socket: Socket): void {
    this.socket = socket;
    this.decoder = new StringDecoder('utf8');
    this.failure = null;
    this.attach(socket);
  }

  private push(chunk: Buffer): void {
    this.buffer += this.decoder.write(chunk);
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      this.line(line);
    }
    if (this.buffer.length > MAX_LINE) this.fail(Object.assign(new Error(`A reply line longer than ${MAX_LINE} bytes`), { code: 'EPROTOCOL' }));
  }

  private line(line: string): void {
    this.current.push(line);
    if (this.current.length > MAX_LINES) {
      this.fail(Object.assign(new Error(`A reply longer than ${MAX_LINES} lines`), { code: 'EPROTOCOL' }));
      return;
    }
    // Final line: three digits then a space or nothing. Anything else continues (including garbage, reported by the caller).
    if (/^\d{3}(?: |$)/.test(line)) {
      const reply = this.current;
      this.current = [];
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = null;
        w.resolve(reply);
      } else this.ready.push(reply);
    }
  }

  private fail(err: Error & { code?: string }): void {
    if (this.failure) return;
    this.failure = err;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.reject(err);
    }
  }

  /** Lines received that are not (yet) a complete reply — shown when a timeout hits mid-reply. */
  partial(): string[] {
    return [...this.current, ...(this.buffer ? [this.buffer] : [])];
  }

  /** The next complete reply, or a rejection with `code` ETIMEDOUT / ECLOSED / the socket's code. */
  next(timeoutMs: number, signal?: AbortSignal): Promise<RawReply> {
    const queued = this.ready.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<RawReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        cleanup();
        reject(Object.assign(new Error(`No reply within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
      }, timeoutMs);
      const onAbort = (): void => {
        this.waiter = null;
        cleanup();
        reject(Object.assign(new Error('Cancelled'), { code: 'ABORT_ERR' }));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiter = {
        resolve: (r) => { cleanup(); resolve(r); },
        reject: (e) => { cleanup(); reject(e); },
      };
    });
  }
}
