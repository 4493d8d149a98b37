/**
 * A bare SMTP client over a socket, for tests that must control every byte
 * (dot-stuffing, 8-bit data, dropping the connection mid-DATA) and see every
 * reply. Replies are read whole (multi-line joined with \n).
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export interface Reply {
  code: number;
  text: string;
}

export class RawSmtp {
  private buffer = '';
  private waiters: ((reply: Reply | Error) => void)[] = [];
  private replies: Reply[] = [];
  private closedError: Error | null = null;

  private constructor(private socket: Socket) {
    this.attach(socket);
  }

  /** Connect (optionally with implicit TLS) and read the greeting. */
  static async open(port: number, options: { tls?: boolean; timeoutMs?: number } = {}): Promise<{ client: RawSmtp; greeting: Reply }> {
    const socket = options.tls ? tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }) : connect({ host: '127.0.0.1', port });
    socket.setTimeout(options.timeoutMs ?? 15_000, () => socket.destroy(new Error('raw SMTP client: timed out')));
    const client = new RawSmtp(socket);
    const greeting = await client.read();
    return { client, greeting };
  }

  private attach(socket: Socket): void {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let match: RegExpExecArray | null;
      // A complete reply ends with a line "NNN text" (space after the code).
      while ((match = /^((?:\d{3}-[^\n]*\n)*)(\d{3})(?: [^\n]*)?\r?\n/.exec(this.buffer))) {
        const whole = match[0];
        this.buffer = this.buffer.slice(whole.length);
        const reply = { code: Number(match[2]), text: whole.replace(/\r\n/g, '\n').trimEnd() };
        const waiter = this.waiters.shift();
        if (waiter) waiter(reply);
        else this.replies.push(reply);
      }
    });
    const fail = (error: Error): void => {
      this.closedError = error;
      for (const waiter of this.waiters.splice(0)) waiter(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(this.closedError ?? new Error('connection closed')));
  }

  /** The next reply. */
  read(): Promise<Reply> {
    const queued = this.replies.shift();
    if (queued) return Promise.resolve(queued);
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      this.waiters.push((r) => (r instanceof Error ? reject(r) : resolve(r)));
    });
  }

  /** Send one command line and read its reply. */
  async command(line: string): Promise<Reply> {
    this.write(`${line}\r\n`);
    return this.read();
  }

  /** Write bytes as they are (strings as UTF-8; no CRLF added). */
  write(data: string | Uint8Array): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }

  /** Upgrade with STARTTLS (after the 220 reply). */
  async startTls(): Promise<Reply> {
    const reply = await this.command('STARTTLS');
    if (reply.code !== 220) return reply;
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('close');
    this.socket.removeAllListeners('error');
    const secure = tlsConnect({ socket: this.socket, rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', () => resolve());
      secure.once('error', reject);
    });
    this.socket = secure;
    this.attach(secure);
    return reply;
  }

  /** Cut the connection without QUIT (RST where possible). */
  drop(): void {
    if (typeof this.socket.resetAndDestroy === 'function') this.socket.resetAndDestroy();
    else this.socket.destroy();
  }

  async quit(): Promise<void> {
    try {
      await this.command('QUIT');
    } catch {
      // already closed
    }
    this.socket.destroy();
  }
}

/** Dot-stuff a message and add the terminating line, as a client does for DATA. */
export function dataPayload(message: Buffer): Buffer {
  const text = message.toString('latin1');
  const stuffed = text.replace(/(^|\r\n)\./g, '$1..');
  const ending = stuffed.endsWith('\r\n') ? '.\r\n' : '\r\n.\r\n';
  return Buffer.from(stuffed + ending, 'latin1');
}
