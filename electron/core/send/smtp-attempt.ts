/**
 * One SMTP conversation with one server address: TCP connect (ours, so the
 * connect time and the IP used are known), implicit TLS (ours, so the
 * certificate is described even when it is refused), then nodemailer's
 * SMTPConnection over that socket for greeting, EHLO, STARTTLS, AUTH, MAIL,
 * RCPT and DATA, with a logger that turns each command and reply into a
 * transcript line as it happens.
 *
 * TLS is always handshaken with verification reported, not enforced, and the
 * policy is applied here before any SMTP command crosses the encrypted
 * connection: an untrusted certificate fails the attempt unless
 * allowInvalidCertificate, in which case the transcript says so.
 */
import net from 'node:net';
import tls from 'node:tls';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import XOAuth2 from 'nodemailer/lib/xoauth2';
import type { SendAuthMethod, SendSecurity, SendTarget } from '../../../shared/model/send';
import { explainConnectionError, explainReply, stageOfCommand, type FailureFacts } from './explain';
import { AuthLineMasker } from './redact';
import { checkTls, type TlsVerdict } from './tls-check';
import type { TranscriptSink } from './transcript-sink';

export interface AttemptSpec {
  /** Host name as configured or from MX (SNI, labels). */
  host: string;
  /** The address to connect to. */
  address: string;
  port: number;
  security: SendSecurity;
  /** Name for SNI and the certificate check; "" for none (IP targets). */
  servername: string;
  minTlsVersion: SendTarget['minTlsVersion'];
  allowInvalidCertificate: boolean;
  /** Extra trusted CA certificates (PEM); tests use it for a private CA. */
  ca?: string[];
  /** EHLO name; "" for nodemailer's default. */
  helo: string;
  auth: { method: Exclude<SendAuthMethod, 'none'>; user: string; secret: string } | null;
  timeouts: SendTarget['timeouts'];
  envelope: { from: string; to: string[] };
  raw: Buffer;
}

/** How far an attempt got. `connect`/`greeting` failures let MX delivery try the next host. */
export type AttemptPhase = 'connect' | 'tls' | 'greeting' | 'auth' | 'envelope' | 'data' | 'done';

export interface AttemptFailure extends FailureFacts {
  message: string;
  /** The server reply that caused it, if any. */
  response?: string;
  responseCode?: number;
}

export interface AttemptOutcome {
  phase: AttemptPhase;
  failure: AttemptFailure | null;
  /** Per recipient: accepted or refused, with the reply. */
  recipients: { address: string; accepted: boolean; reply: string }[];
  /** The reply to the end of DATA. */
  finalReply: string | null;
  /** nodemailer's parse of a server Message-ID (Microsoft 365, SES). */
  serverMessageId: string | null;
  connectMs: number | null;
  tlsMs: number | null;
  authMs: number | null;
  dataMs: number | null;
}

/** Log lines nodemailer writes that the transcript already says better (own TCP/TLS lines) or that are noise. */
const NOISE = [/^Secure connection established/, /^Connection established/, /^SMTP handshake finished/, /^Closing connection to the server/, /^Resolved /];

type LogFn = (entry: { tnx?: string; err?: unknown }, message: string, ...args: unknown[]) => void;

const now = (): number => performance.now();
const ms = (since: number): number => Math.round((now() - since) * 10) / 10;

function failureOf(error: unknown): AttemptFailure {
  const e = error as { message?: string; code?: string; originalCode?: string; timeoutType?: string; command?: string; response?: string; responseCode?: number };
  const failure: AttemptFailure = { message: String(e?.message ?? error) };
  if (e?.code) failure.code = e.code;
  if (e?.originalCode) failure.originalCode = e.originalCode;
  if (e?.timeoutType) failure.timeoutType = e.timeoutType;
  if (e?.command) failure.command = e.command;
  if (typeof e?.response === 'string') failure.response = e.response;
  if (typeof e?.responseCode === 'number') failure.responseCode = e.responseCode;
  return failure;
}

function phaseOf(command: string | undefined, fallback: AttemptPhase): AttemptPhase {
  if (!command) return fallback;
  if (command === 'STARTTLS') return 'tls';
  if (command.startsWith('AUTH')) return 'auth';
  if (command === 'MAIL FROM' || command === 'RCPT TO') return 'envelope';
  if (command === 'DATA') return 'data';
  if (command === 'EHLO' || command === 'HELO') return 'greeting';
  return fallback;
}

/** Whether the message has bytes outside 7-bit ASCII (then MAIL FROM says BODY=8BITMIME when offered). */
function hasEightBit(raw: Buffer): boolean {
  for (let i = 0; i < raw.length; i++) if ((raw[i] as number) > 0x7f) return true;
  return false;
}

/** TCP connect with our own timer, so the time and the address are ours to report. */
function openTcp(address: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address, port });
    const fail = (error: Error): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(Object.assign(new Error(`Connection to ${address}:${port} timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT', timeoutType: 'CONNECT_TIMEOUT' })), timeoutMs);
    const onAbort = (): void => fail(Object.assign(new Error('Cancelled'), { code: 'CANCELLED' }));
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', (error: NodeJS.ErrnoException) => fail(Object.assign(error, { originalCode: error.code, code: 'ECONNECTION' })));
    socket.once('connect', () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

/** Implicit TLS over our socket: verification reported, not enforced (see the file comment). */
function handshake(socket: net.Socket, spec: AttemptSpec, timeoutMs: number): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tls.connect({
      socket,
      ...(spec.servername ? { servername: spec.servername } : {}),
      minVersion: spec.minTlsVersion,
      rejectUnauthorized: false,
      ...(spec.ca ? { ca: [...tls.rootCertificates, ...spec.ca] } : {}),
    });
    const timer = setTimeout(() => {
      secure.destroy();
      reject(Object.assign(new Error('TLS handshake timed out'), { code: 'ETIMEDOUT', timeoutType: 'UPGRADE_TIMEOUT' }));
    }, timeoutMs);
    secure.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      secure.destroy();
      reject(Object.assign(error, { originalCode: error.code, code: 'ESOCKET', command: 'CONN' }));
    });
    secure.once('secureConnect', () => {
      clearTimeout(timer);
      secure.removeAllListeners('error');
      resolve(secure);
    });
  });
}

export async function runAttempt(spec: AttemptSpec, sink: TranscriptSink, signal: AbortSignal): Promise<AttemptOutcome> {
  const outcome: AttemptOutcome = { phase: 'connect', failure: null, recipients: [], finalReply: null, serverMessageId: null, connectMs: null, tlsMs: null, authMs: null, dataMs: null };
  const explainFailure = (failure: AttemptFailure) => explainConnectionError({ ...failure, host: spec.host, port: spec.port, security: spec.security });
  const fail = (phase: AttemptPhase, failure: AttemptFailure, text?: string): AttemptOutcome => {
    outcome.phase = phase;
    outcome.failure = failure;
    sink.add('error', text ?? failure.message, explainFailure(failure));
    return outcome;
  };

  // TCP, ours.
  const label = spec.host !== spec.address ? `${spec.address}:${spec.port} (${spec.host})` : `${spec.address}:${spec.port}`;
  sink.add('tcp', `connecting to ${label}`);
  const tcpStart = now();
  let socket: net.Socket;
  try {
    socket = await openTcp(spec.address, spec.port, spec.timeouts.connectMs, signal);
  } catch (error) {
    return fail('connect', failureOf(error), `TCP connect to ${label} failed: ${(error as Error).message}`);
  }
  outcome.connectMs = ms(tcpStart);
  sink.add('tcp', `connected to ${spec.address}:${spec.port} from ${socket.localAddress}:${socket.localPort} in ${outcome.connectMs} ms`);

  // Implicit TLS, ours.
  const policy = (verdict: TlsVerdict): AttemptFailure | null => {
    sink.add('tls', verdict.text);
    if (verdict.trusted) return null;
    if (spec.allowInvalidCertificate) {
      sink.add('info', `WARNING: the certificate is not trusted (${verdict.errorCode}); continuing because "accept an invalid certificate" is on. Anyone on the path could read this session.`);
      return null;
    }
    return { message: `Certificate not accepted: ${verdict.errorCode}`, code: 'ESOCKET', originalCode: verdict.errorCode ?? 'UNABLE_TO_VERIFY', command: 'CONN' };
  };
  let connection: net.Socket = socket;
  if (spec.security === 'tls') {
    const tlsStart = now();
    try {
      connection = await handshake(socket, spec, spec.timeouts.greetingMs);
    } catch (error) {
      return fail('tls', failureOf(error), `TLS handshake failed: ${(error as Error).message}`);
    }
    outcome.tlsMs = ms(tlsStart);
    const refused = policy(checkTls(connection as tls.TLSSocket, spec.servername || spec.host));
    if (refused) {
      connection.destroy();
      return fail('tls', refused);
    }
  }

  // SMTP, nodemailer over our socket.
  const masker = new AuthLineMasker();
  // Mutated from the logger callback; a holder keeps TypeScript's narrowing honest.
  const state = { starttlsAt: 0, lastCommand: '', starttlsOffered: null as boolean | null, refusedTls: null as AttemptFailure | null, afterData: false };
  // Commands waiting for their reply, oldest first: with PIPELINING a reply answers the oldest, not the last one sent.
  const awaiting: string[] = [];
  // eslint-disable-next-line prefer-const -- assigned once the connection exists; the logger closes over it
  let conn: SMTPConnection;
  const log: LogFn = (entry, message, ...args) => {
    const tnx = entry?.tnx;
    if (tnx === 'client') {
      const line = masker.client(message);
      state.lastCommand = (line.trim().split(/\s/)[0] ?? '').toUpperCase();
      if (state.lastCommand === 'STARTTLS') state.starttlsAt = now();
      awaiting.push(state.lastCommand);
      sink.add('client', line);
      return;
    }
    if (tnx === 'server') {
      masker.server(message);
      // The greeting answers no command; the reply after 354 answers the message's final dot.
      const answers = state.afterData ? '.' : (awaiting.shift() ?? '');
      state.afterData = /^354/.test(message);
      if (state.starttlsOffered === null && answers === 'EHLO' && /^250/.test(message)) state.starttlsOffered = /[ -]STARTTLS\b/im.test(message);
      sink.add('server', message, explainReply(message, stageOfCommand(answers)));
      return;
    }
    if (entry?.err) return; // failures are recorded once, explained, where they are decided
    if (tnx === 'smtp' && /^Connection upgraded with STARTTLS/.test(message)) {
      if (state.starttlsAt) outcome.tlsMs = ms(state.starttlsAt);
      const socketNow = (conn as unknown as { _socket?: tls.TLSSocket })._socket;
      if (socketNow && typeof socketNow.getProtocol === 'function') {
        state.refusedTls = policy(checkTls(socketNow, spec.servername || spec.host));
        // Nothing has been sent over TLS yet: closing here means no EHLO, no AUTH.
        if (state.refusedTls) conn.close();
      }
      return;
    }
    const text = args.length > 0 ? message.replace(/%s/g, () => String(args.shift())) : message;
    if (NOISE.some((pattern) => pattern.test(text))) return;
    if (tnx === 'network' && /^Connection closed/.test(text)) sink.add('tcp', 'connection closed');
    else if (tnx === 'message') sink.add('data', text.replace(/^</, '').replace(/>$/, ''));
    else sink.add('info', text);
  };
  const logger = { trace: log, debug: log, info: log, warn: log, error: log, fatal: log };

  conn = new SMTPConnection({
    connection,
    secure: spec.security === 'tls',
    secured: spec.security === 'tls',
    host: spec.host,
    port: spec.port,
    ...(spec.helo ? { name: spec.helo } : {}),
    ignoreTLS: spec.security === 'none',
    requireTLS: spec.security === 'starttls-required',
    opportunisticTLS: spec.security === 'starttls',
    tls: {
      ...(spec.servername ? { servername: spec.servername } : {}),
      minVersion: spec.minTlsVersion,
      rejectUnauthorized: false,
      ...(spec.ca ? { ca: [...tls.rootCertificates, ...spec.ca] } : {}),
    },
    greetingTimeout: spec.timeouts.greetingMs,
    socketTimeout: spec.timeouts.socketMs,
    // With a connected socket this bounds greeting + STARTTLS together.
    connectionTimeout: spec.timeouts.greetingMs * 2,
    logger: logger as unknown as SMTPConnection.Options['logger'],
    transactionLog: sink.recording,
  } as SMTPConnection.Options);

  // Every step races the connection's own failure, its end, and cancellation.
  let connError: unknown = null;
  let ended = false;
  const waiters = new Set<(error: unknown) => void>();
  const failAll = (error: unknown): void => {
    for (const waiter of [...waiters]) waiter(error);
  };
  const endedError = (): unknown =>
    state.refusedTls ?? (signal.aborted ? Object.assign(new Error('Cancelled'), { code: 'CANCELLED' }) : (connError ?? Object.assign(new Error('The server closed the connection'), { code: 'ECONNECTION', command: 'CONN' })));
  conn.on('error', (error: unknown) => {
    connError ??= error;
    failAll(error);
  });
  conn.on('end', () => {
    ended = true;
    // Built only when a step is still waiting: an Error captures a stack trace, and every send ends.
    if (waiters.size > 0) failAll(endedError());
  });
  const onAbort = (): void => {
    sink.add('info', 'cancelled by the user');
    conn.close();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const step = <T>(start: (done: (error: Error | null, value?: T) => void) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (ended) return reject(endedError());
      const onFail = (error: unknown): void => {
        waiters.delete(onFail);
        reject(error);
      };
      waiters.add(onFail);
      start((error, value) => {
        waiters.delete(onFail);
        if (error) reject(error);
        else resolve(value as T);
      });
    });

  let phase: AttemptPhase = 'greeting';
  try {
    await step<void>((done) => conn.connect((error?: Error) => done(error ?? null)));
    if (spec.auth) {
      phase = 'auth';
      const authStart = now();
      const credentials =
        spec.auth.method === 'XOAUTH2'
          ? { method: 'XOAUTH2', user: spec.auth.user, oauth2: new XOAuth2({ user: spec.auth.user, accessToken: spec.auth.secret }) }
          : { method: spec.auth.method, user: spec.auth.user, pass: spec.auth.secret };
      await step<void>((done) => conn.login(credentials as SMTPConnection.AuthenticationCredentials, (error) => done(error ?? null)));
      outcome.authMs = ms(authStart);
    }
    phase = 'envelope';
    const dataStart = now();
    const info = await step<SMTPConnection.SentMessageInfo>((done) => conn.send({ from: spec.envelope.from, to: spec.envelope.to, size: spec.raw.length, use8BitMime: hasEightBit(spec.raw) }, spec.raw, (error, result) => done(error ?? null, result)));
    outcome.dataMs = ms(dataStart);
    outcome.phase = 'done';
    outcome.finalReply = info.response ?? null;
    outcome.serverMessageId = (info as { serverMessageId?: string }).serverMessageId ?? null;
    const refused = new Map<string, string>();
    for (const rejected of (info as { rejectedErrors?: { recipient?: string; response?: string }[] }).rejectedErrors ?? []) refused.set(rejected.recipient ?? '', rejected.response ?? '');
    outcome.recipients = spec.envelope.to.map((address) => ({ address, accepted: !refused.has(address), reply: refused.get(address) ?? info.response ?? '' }));
    await quit(conn);
    return outcome;
  } catch (error) {
    let failure = failureOf(error);
    if (state.refusedTls) failure = state.refusedTls;
    if (failure.code === 'ETLS' && spec.security === 'starttls-required' && state.starttlsOffered === false) failure = { ...failure, originalCode: 'STARTTLS_NOT_OFFERED' };
    // A stall after some command: name that command (nodemailer says CONN for every socket timeout).
    if (failure.timeoutType === 'SOCKET_TIMEOUT' && state.lastCommand && state.lastCommand !== '********') failure = { ...failure, command: state.lastCommand };
    const rejected = (error as { rejectedErrors?: { recipient?: string; response?: string }[] }).rejectedErrors;
    if (rejected) outcome.recipients = rejected.map((r) => ({ address: r.recipient ?? '', accepted: false, reply: r.response ?? '' }));
    const failedPhase = phaseOf(failure.command, phase === 'greeting' && failure.command === 'CONN' ? 'greeting' : phase);
    fail(failedPhase, failure, describe(failure, spec));
    conn.close();
    return outcome;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function describe(failure: AttemptFailure, spec: AttemptSpec): string {
  if (failure.originalCode === 'STARTTLS_NOT_OFFERED') return `The server does not offer STARTTLS, and the security setting requires it: nothing was sent in plain text. (${failure.message})`;
  if (failure.code === 'CANCELLED') return 'Cancelled.';
  if (failure.timeoutType === 'GREETING_TIMEOUT') return `No greeting from ${spec.host}:${spec.port} within ${spec.timeouts.greetingMs} ms.`;
  if (failure.timeoutType === 'SOCKET_TIMEOUT') return `The server sent nothing for ${spec.timeouts.socketMs} ms (${failure.command ?? 'CONN'}).`;
  return failure.message;
}

/** QUIT politely, but never wait long for a server that does not close. */
async function quit(conn: SMTPConnection): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      conn.close();
      resolve();
    }, 2_000);
    conn.once('end', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      conn.quit();
    } catch {
      clearTimeout(timer);
      conn.close();
      resolve();
    }
  });
}
