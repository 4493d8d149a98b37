/**
 * A small line-oriented SMTP client for probes: it connects (plain TCP, or
 * TLS from the first byte), reads replies, sends commands one at a time,
 * upgrades with STARTTLS, and records every step as a TranscriptEntry with
 * times since the start — TCP connect, TLS facts, each command, each reply
 * explained by shared/smtp, each failure explained by error code.
 *
 * It never sends DATA or AUTH (a probe does not deliver or log in), so there
 * is nothing secret to mask. Certificates are described, not enforced
 * (rejectUnauthorized:false); the caller judges them from the TLS facts.
 * Every wait is bounded by `timeoutMs` and the abort signal.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { rootCertificates, connect as tlsConnect, type TLSSocket } from 'node:tls';
import { performance } from 'node:perf_hooks';
import type { ReplyExplanation } from '../../../shared/model/smtp-reply';
import type { TranscriptEntry, TranscriptKind } from '../../../shared/model/session';
import { explainConnectionError } from '../../../shared/smtp/explain-connection';
import { explainReply } from '../../../shared/smtp/explain-reply';
import { parseReply } from '../../../shared/smtp/parse-reply';
import type { ReplyStage } from '../../../shared/smtp/types';
import { ReplyReader } from './reply-reader';
import { describeTls, sniFor, tlsFacts, type TlsFacts } from './tls-facts';

export interface SmtpClientOptions {
  /** The host meant (an MX name): transcript wording, SNI and the certificate name check. */
  host: string;
  /** The port meant (25, 465, 587, 2525…). */
  port: number;
  /** Where to really connect (a resolved address, or a test's loopback port); defaults to host/port. */
  connect?: { host: string; port: number };
  /** TLS from the first byte (port 465 style) instead of plain text + STARTTLS. */
  implicitTls: boolean;
  /** Bound on each wait: TCP connect, a reply, a TLS handshake. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Extra trust anchors, added to Node's roots (tests' CA). Verification is reported, never enforced. */
  ca?: string[];
  /** Called for each transcript entry as it is recorded (live streaming). */
  onEntry?: (entry: TranscriptEntry) => void;
}

/** One reply as read. */
export interface SmtpReply {
  code: number;
  /** The lines as sent (with code prefixes). */
  raw: string[];
  /** Text lines without code / enhanced-code prefixes. */
  lines: string[];
  explanation: ReplyExplanation;
}

/** A failure, shaped like the errors explainConnectionError reads. */
export class SmtpClientError extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** Step: CONNECT, GREETING, TLS, or the command verb ("EHLO", "STARTTLS", "RCPT TO"). */
    readonly command: string,
    readonly explanation: ReplyExplanation,
  ) {
    super(message);
    this.name = 'SmtpClientError';
  }
}

function codeOf(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown };
  if (typeof e?.code === 'string' && e.code) return e.code;
  if (e?.name === 'AbortError') return 'ABORT_ERR';
  return 'ERROR';
}

function verbOf(command: string): string {
  const m = /^(MAIL FROM|RCPT TO|[A-Za-z]+)/i.exec(command.trim());
  return (m?.[1] ?? command).toUpperCase();
}

export class SmtpClient {
  readonly transcript: TranscriptEntry[] = [];
  /** Step durations in order, ms: tcp, tls, greeting, then one per command ("EHLO", "STARTTLS", "EHLO #2"…). */
  readonly timings: Record<string, number> = {};
  /** Facts of the TLS handshake once TLS is up. */
  tls: TlsFacts | null = null;
  private socket: Socket | null = null;
  private reader: ReplyReader | null = null;
  private readonly start = performance.now();
  private readonly target: { host: string; port: number };
  private closed = false;

  constructor(private readonly options: SmtpClientOptions) {
    this.target = options.connect ?? { host: options.host, port: options.port };
  }

  private now(): number {
    return Math.round((performance.now() - this.start) * 10) / 10;
  }

  private record(kind: TranscriptKind, text: string, explanation?: ReplyExplanation): void {
    const entry: TranscriptEntry = { t: this.now(), kind, text };
    if (explanation) entry.explanation = explanation;
    this.transcript.push(entry);
    this.options.onEntry?.(entry);
  }

  /** Records an error entry and returns the error to throw. */
  private failure(err: unknown, command: string, extra = ''): SmtpClientError {
    if (err instanceof SmtpClientError) return err;
    const code = codeOf(err);
    const message = (err as Error)?.message ?? String(err);
    const explanation = explainConnectionError(
      { code, message, command },
      { host: this.options.host, port: this.options.port, security: this.options.implicitTls ? 'tls' : 'starttls' },
    );
    this.record('error', `${command}: ${code}${extra}`, explanation);
    this.destroy();
    return new SmtpClientError(message, code, command, explanation);
  }

  /** Opens the connection (and the TLS session when implicit). Resolves once ready to read the greeting. */
  async open(): Promise<void> {
    const { host, port } = this.target;
    const meant = `${this.options.host}:${this.options.port}`;
    const via = host !== this.options.host || port !== this.options.port ? ` (${meant})` : '';
    this.record('tcp', `Connecting to ${host}:${port}${via}`);
    const t0 = performance.now();
    const socket = await this.withTimeout<Socket>('CONNECT', (resolve, reject) => {
      const s = netConnect({ host, port });
      this.socket = s;
      // Errors are read where they matter (connect, reply reader, handshake); this one keeps a late
      // error on a socket nobody is reading from any more from crashing the host process.
      s.on('error', () => undefined);
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
    this.timings.tcp = Math.round((performance.now() - t0) * 10) / 10;
    socket.setNoDelay(true);
    this.record('tcp', `Connected to ${socket.remoteAddress}:${socket.remotePort} in ${this.timings.tcp} ms (from ${socket.localAddress}:${socket.localPort})`);
    if (this.options.implicitTls) {
      await this.handshake(socket, 'implicit TLS');
    } else {
      this.reader = new ReplyReader(socket);
    }
  }

  /** Local address of the connection (for an EHLO address literal). */
  get localAddress(): string | undefined {
    return this.socket?.localAddress;
  }

  private withTimeout<T>(step: string, run: (resolve: (v: T) => void, reject: (e: unknown) => void) => void): Promise<T> {
    const { signal, timeoutMs } = this.options;
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const finish = (fn: () => void): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const timer = setTimeout(() => finish(() => reject(this.failure(Object.assign(new Error(`${step} timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' }), step, ` after ${timeoutMs} ms`))), timeoutMs);
      const onAbort = (): void => finish(() => reject(this.failure(Object.assign(new Error('Cancelled'), { code: 'ABORT_ERR' }), step)));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      run((v) => finish(() => resolve(v)), (e) => finish(() => reject(this.failure(e, step))));
    });
  }

  private async handshake(plain: Socket, how: string): Promise<TlsFacts> {
    const servername = sniFor(this.options.host);
    this.record('tls', `TLS handshake (${how})${servername ? `, SNI ${servername}` : ', no SNI (IP literal)'}`);
    const t0 = performance.now();
    const ca = this.options.ca?.length ? [...rootCertificates, ...this.options.ca] : undefined;
    const secure = await this.withTimeout<TLSSocket>('TLS', (resolve, reject) => {
      const s = tlsConnect({ socket: plain, servername, rejectUnauthorized: false, ca, minVersion: 'TLSv1' });
      this.socket = s;
      s.on('error', () => undefined);
      s.once('secureConnect', () => resolve(s));
      s.once('error', reject);
    });
    this.timings.tls = Math.round((performance.now() - t0) * 10) / 10;
    this.tls = tlsFacts(secure, servername ?? null);
    const explanation = this.tls.authorized ? undefined : explainConnectionError({ code: this.tls.authorizationError ?? undefined }, { host: this.options.host, port: this.options.port });
    this.record('tls', `${describeTls(this.tls)} — handshake ${this.timings.tls} ms`, explanation);
    this.reader = new ReplyReader(secure);
    return this.tls;
  }

  private async read(step: string, stage: ReplyStage): Promise<SmtpReply> {
    if (!this.reader) throw this.failure(Object.assign(new Error('Not connected'), { code: 'ECONNECTION' }), step);
    let raw: string[];
    try {
      raw = await this.reader.next(this.options.timeoutMs, this.options.signal);
    } catch (err) {
      const partial = this.reader.partial();
      const extra = codeOf(err) === 'ETIMEDOUT' ? ` — no complete reply within ${this.options.timeoutMs} ms${partial.length ? ` (got: ${partial.join(' | ').slice(0, 200)})` : ''}` : '';
      throw this.failure(err, step, extra);
    }
    const text = raw.join('\n');
    const parsed = parseReply(text);
    const code = parsed.code ?? 0;
    const explanation = explainReply(code, text, { stage });
    this.record('server', text, explanation);
    if (!/^\d{3}/.test(raw[raw.length - 1] ?? '') || raw.some((l) => !/^\d{3}[ -]?/.test(l))) {
      this.record('info', 'The reply does not follow SMTP syntax (each line should start with a three-digit code).');
    }
    return { code, raw, lines: parsed.lines, explanation };
  }

  /** Waits for the 220 greeting (or whatever the server says first). */
  async greeting(): Promise<SmtpReply> {
    const t0 = performance.now();
    const reply = await this.read('GREETING', 'connect');
    this.timings.greeting = Math.round((performance.now() - t0) * 10) / 10;
    return reply;
  }

  /** Sends one command and reads its reply. */
  async command(line: string, stage: ReplyStage): Promise<SmtpReply> {
    const verb = verbOf(line);
    if (!this.socket || this.closed) throw this.failure(Object.assign(new Error('Not connected'), { code: 'ECONNECTION' }), verb);
    this.record('client', line);
    const t0 = performance.now();
    this.socket.write(`${line}\r\n`);
    const reply = await this.read(verb, stage);
    // A repeated verb (EHLO after STARTTLS) gets its own key: "EHLO", "EHLO #2".
    let key = verb;
    for (let n = 2; key in this.timings; n++) key = `${verb} #${n}`;
    this.timings[key] = Math.round((performance.now() - t0) * 10) / 10;
    return reply;
  }

  /** After a 220 to STARTTLS: the handshake over the same connection. */
  async upgrade(): Promise<TlsFacts> {
    if (!this.socket || !this.reader) throw this.failure(Object.assign(new Error('Not connected'), { code: 'ECONNECTION' }), 'TLS');
    const leftover = this.reader.detach();
    // Bytes after the 220 and before TLS would be a STARTTLS injection (CVE-2011-0411 class): never read them.
    if (leftover.trim()) this.record('info', `Ignored ${leftover.length} bytes the server sent in plain text after its STARTTLS reply.`);
    return this.handshake(this.socket, 'STARTTLS');
  }

  /** QUIT politely (bounded), then close. Never throws. */
  async quit(): Promise<void> {
    if (this.closed || !this.socket) return;
    try {
      this.record('client', 'QUIT');
      this.socket.write('QUIT\r\n');
      const raw = await this.reader!.next(Math.min(this.options.timeoutMs, 2000), this.options.signal);
      const text = raw.join('\n');
      this.record('server', text, explainReply(parseReply(text).code ?? 0, text, { stage: 'quit' }));
    } catch {
      // A server that hangs up on QUIT is fine.
    }
    this.destroy();
  }

  /** Closes the connection now. */
  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.socket) {
      this.socket.destroy();
      this.record('info', 'Connection closed');
    }
  }
}
