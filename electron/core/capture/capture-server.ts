/**
 * The capture server: smtp-server on settings.host:port (STARTTLS with the
 * workspace certificate), optionally a second implicit-TLS listener, every
 * message stored byte-for-byte with its envelope and every session recorded.
 *
 * The order in onData is the durability promise: collect the DATA bytes →
 * hand them to the capture writer, which reads the summary fields from the
 * header block (fast; no MIME parsing) and commits raw + envelope + summary,
 * marked unindexed (messages finishing in the same event-loop turn share one
 * transaction) → prune → only then call back, which sends 250. The full
 * parse (body text, snippet, attachments) runs afterwards, and the writer
 * announces the message (message.captured) once it is fully known —
 * milliseconds later; a crash in between loses nothing, the next start
 * indexes it. (A plain ASCII text message is indexed inside the commit
 * itself: that costs no more than reading its summary.)
 * A client that disconnects before the final dot destroys the stream: 'end'
 * never fires and nothing is stored. A message over the SIZE limit is read to
 * its end (so the client hears the 552) but its bytes are dropped.
 *
 * Fault rules (fault-injector.ts) act at every stage: connect, EHLO, AUTH,
 * MAIL, RCPT, DATA and after the final dot, where a refusal or a drop comes
 * before anything is stored.
 */
import { SMTPServer } from 'smtp-server';
import type { SMTPServerAuthentication, SMTPServerAuthenticationResponse, SMTPServerDataStream, SMTPServerOptions, SMTPServerSession } from 'smtp-server';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { CoreEvent } from '../../../shared/api/events';
import type { Envelope } from '../../../shared/model/message';
import type { SmtpSession } from '../../../shared/model/session';
import type { CaptureSettings, CaptureStatus } from '../../../shared/model/settings';
import type { CaptureWriter, Committed } from '../store/capture-writer';
import { FlushFailedError } from '../store/group-commit';
import type { MessageStore } from '../store/types';
import { AUTH_METHODS, checkCredentials } from './capture-auth';
import { toEnvelope } from './envelope';
import { FaultEngine } from './fault-engine';
import { FaultInjector } from './fault-injector';
import { allowGreetingDelay, GREETING_DELAY_OPTION } from './greeting-delay';
import { allowReplyCoalescing, COALESCE_REPLIES_OPTION } from './reply-coalescing';
import { describeListenError, listenOn } from './listen';
import { LiveSession } from './live-session';
import { createSmtpLogger } from './smtp-logger';
import { loadOrCreateTlsIdentity } from './tls-certificate';

export interface CaptureServerDeps {
  /** Sessions, retention. */
  store: MessageStore;
  /** Commits each delivery (its 250 waits for that), then indexes and announces it (message.captured). */
  writer: CaptureWriter;
  emit: (event: CoreEvent) => void;
  /** Workspace directory (holds the TLS identity). */
  dataDir: string;
  /** Diagnostics (never message content or secrets). */
  log?: (line: string) => void;
  /** Fault rules to apply (none when absent). */
  faults?: FaultEngine;
}

/** Settings whose change needs new listeners (the rest are read live). */
const LISTENER_KEYS = ['host', 'port', 'tlsPort', 'maxMessageBytes', 'auth', 'reverseDns'] as const;

/** How long stop() lets deliveries already past their final dot finish. */
const DRAIN_MS = 10_000;


function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * How far below the limit retention deletes once a capture has gone over it:
 * up to 32 messages, and never more than a thousandth of the limit (so a
 * small limit is kept exactly). Deleting one message per capture cost a
 * transaction of its own and a full-text segment each time: at the default
 * 50 000, one session's captures ran at 0.60× the speed of an inbox below
 * its limit (ten A/B pairs); deleting 32 at once brought that to 0.86×
 * (eight pairs), +47 % against deleting one at a time (eight pairs; a batch
 * of 32 takes ~0.5 ms). The inbox then holds between limit − 31 and the limit.
 */
export function retentionHeadroom(max: number): number {
  return Math.max(0, Math.min(32, Math.floor(max / 1000)) - 1);
}

export class CaptureServer {
  private settings: CaptureSettings | null = null;
  private servers: SMTPServer[] = [];
  private current: CaptureStatus = { running: false, host: '', port: 0, tlsPort: null, error: null };
  private readonly live = new Map<string, LiveSession>();
  private readonly inflight = new Set<Promise<void>>();
  /** start/stop/configure run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly log: (line: string) => void;
  private readonly faults: FaultInjector;
  private prunedThisTurn = false;
  /** Sessions a killed process left open were ended (once, at the first start). */
  private endedAbandoned = false;
  /** Where the listeners were last bound (see bind). */
  private lastHost = '';
  private lastPort: number | null = null;
  private lastTlsPort: number | null = null;

  constructor(private readonly deps: CaptureServerDeps) {
    this.log = deps.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.faults = new FaultInjector(deps.faults ?? new FaultEngine(), (cid) => this.live.get(cid)?.recorder);
  }

  /** What the server is doing now. */
  status(): CaptureStatus {
    return { ...this.current };
  }

  /** Start listening with these settings (a no-op when already running with the same listener settings). */
  start(settings: CaptureSettings): Promise<CaptureStatus> {
    return this.serial(async () => {
      const restart = this.servers.length > 0 && this.listenerChanged(settings);
      this.settings = settings;
      if (this.servers.length > 0 && !restart) return this.status();
      if (restart) await this.shutdown();
      return this.listen(settings);
    });
  }

  /**
   * New settings: read live where possible, listeners restarted when address,
   * port, TLS port, size limit, auth mode or rDNS changed and the server runs.
   * A server whose start failed (port taken, address not on this machine) is
   * started again when such a setting changes: that change is the user's fix,
   * and keeping the old failure would report a port no longer asked for. A
   * server the user stopped stays stopped.
   */
  configure(settings: CaptureSettings): Promise<CaptureStatus> {
    return this.serial(async () => {
      const running = this.servers.length > 0;
      const changed = this.listenerChanged(settings);
      const retry = !running && this.current.error !== null && changed;
      this.settings = settings;
      if (!(running && changed) && !retry) {
        if (!this.current.running) this.current = this.stoppedStatus(settings, this.current.error);
        return this.status();
      }
      if (running) await this.shutdown();
      return this.listen(settings);
    });
  }

  /** Stop listening; deliveries in progress finish first, idle clients get 421. */
  stop(): Promise<CaptureStatus> {
    return this.serial(async () => {
      const wasRunning = this.servers.length > 0;
      await this.shutdown();
      this.current = this.stoppedStatus(this.settings, null);
      if (wasRunning) this.deps.emit({ type: 'capture.status-changed', status: this.status() });
      return this.status();
    });
  }

  /**
   * An open session's latest state (its transcript is not in the store yet),
   * merged over what the store has; null when the session is not open.
   */
  liveSession(stored: SmtpSession): SmtpSession | null {
    for (const session of this.live.values()) {
      if (session.id !== stored.id) continue;
      return { ...stored, ...session.summary(), transcript: session.transcript() };
    }
    return null;
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private listenerChanged(settings: CaptureSettings): boolean {
    const old = this.settings;
    return !old || LISTENER_KEYS.some((key) => old[key] !== settings[key]);
  }

  private stoppedStatus(settings: CaptureSettings | null, error: string | null): CaptureStatus {
    return { running: false, host: settings?.host ?? '', port: settings?.port ?? 0, tlsPort: settings?.tlsPort ?? null, error };
  }

  /**
   * Bind one listener. "Any free port" (0) prefers the port this server had
   * last time on the same address, so a restart for a new size limit does not
   * move the capture server away from the app that was pointed at it.
   */
  private async bind(server: SMTPServer, host: string, wanted: number, last: number | null): Promise<number> {
    if (wanted === 0 && last && this.lastHost === host) {
      try {
        return await listenOn(server, host, last);
      } catch {
        // taken meanwhile: any free port will do
      }
    }
    return listenOn(server, host, wanted);
  }

  private async listen(settings: CaptureSettings): Promise<CaptureStatus> {
    try {
      // No connection is open yet: sessions still open in the store were left so by a killed process.
      if (!this.endedAbandoned) {
        this.endedAbandoned = true;
        try {
          this.deps.store.endAbandonedSessions();
        } catch (error) {
          // Only lookups of those sessions' messages stay slower; capturing is not held up for it.
          this.log(`capture: could not end the sessions a previous run left open: ${(error as Error)?.message ?? String(error)}`);
        }
      }
      const identity = await loadOrCreateTlsIdentity(this.deps.dataDir);
      const plain = this.createServer(settings, identity, false);
      this.servers.push(plain);
      const port = await this.bind(plain, settings.host, settings.port, this.lastPort);
      let tlsPort: number | null = null;
      if (settings.tlsPort !== null) {
        const secure = this.createServer(settings, identity, true);
        this.servers.push(secure);
        tlsPort = await this.bind(secure, settings.host, settings.tlsPort, this.lastTlsPort);
      }
      this.current = { running: true, host: settings.host, port, tlsPort, error: null };
      this.lastHost = settings.host;
      this.lastPort = port;
      this.lastTlsPort = tlsPort;
    } catch (error) {
      await this.shutdown();
      this.current = this.stoppedStatus(settings, describeListenError(error, settings));
      this.log(`capture: could not start: ${this.current.error}`);
    }
    this.deps.emit({ type: 'capture.status-changed', status: this.status() });
    return this.status();
  }

  private createServer(settings: CaptureSettings, identity: { key: string; cert: string }, implicitTls: boolean): SMTPServer {
    const options: SMTPServerOptions = {
      secure: implicitTls,
      key: identity.key,
      cert: identity.cert,
      banner: 'Mailscope capture server',
      size: settings.maxMessageBytes,
      rejectOversized: true,
      // DSN advertised so clients send NOTIFY/ORCPT as they would to a real MTA, and we record them.
      hideDSN: false,
      authMethods: AUTH_METHODS,
      authOptional: settings.auth === 'optional',
      // Apps under test often log in over plain connections; refusing would only hide their mail.
      allowInsecureAuth: true,
      disableReverseLookup: !settings.reverseDns,
      logger: createSmtpLogger((cid) => this.live.get(cid)?.recorder),
      closeTimeout: DRAIN_MS + 5_000,
      onConnect: (session, callback) => {
        this.onConnect(session, implicitTls);
        this.faults.connect(server, session, { proceed: () => callback(), refuse: (error) => callback(error) });
      },
      onSecure: (socket, session, callback) => {
        this.onSecure(socket, session, implicitTls);
        callback();
      },
      onAuth: (auth, session, callback) => {
        this.faults.auth(session, auth.username ?? '', { proceed: () => this.onAuth(auth, session, callback), refuse: (error) => callback(error) });
      },
      onMailFrom: (address, session, callback) => this.faults.mailFrom(address, session, callback),
      onRcptTo: (address, session, callback) => this.faults.rcptTo(address, session, callback),
      onData: (stream, session, callback) => this.onData(stream, session, callback),
      onClose: (session) => {
        this.faults.closed(session);
        this.onClose(session);
      },
    };
    // Greet at once rather than after smtp-server's fixed 100 ms (greeting-delay.ts).
    if (allowGreetingDelay()) Object.assign(options, { [GREETING_DELAY_OPTION]: 0 });
    // Replies to pipelined commands in one write (reply-coalescing.ts).
    if (allowReplyCoalescing()) Object.assign(options, { [COALESCE_REPLIES_OPTION]: true });
    const server = new SMTPServer(options);
    // Without a listener, a plaintext client on the TLS port crashes the process (ERR_SSL_WRONG_VERSION_NUMBER).
    server.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL') return; // reported by listenOn
      this.log(`capture: ${error.code ?? 'error'}: ${error.message}`);
    });
    return server;
  }

  /** Credentials check (capture-auth.ts); the user name is recorded, the password never. */
  private onAuth(auth: SMTPServerAuthentication, session: SMTPServerSession, callback: (err: Error | null | undefined, response?: SMTPServerAuthenticationResponse) => void): void {
    const user = this.settings ? checkCredentials(auth, this.settings) : null;
    const conn = this.live.get(session.id);
    if (user === null) {
      callback(null, {});
      return;
    }
    if (conn) {
      conn.authUser = user;
      conn.authMethod = auth.method;
    }
    // smtp-server treats an empty user as a failure; an anonymous login is still a login.
    callback(null, { user: user || '(empty user name)' });
  }

  /**
   * Sessions in a mail transaction (MAIL accepted) whose message is not yet
   * being committed: their deliveries are likely to follow within a few
   * round trips, so the group committer waits a few turns for them.
   */
  transactionsInProgress(): number {
    let n = 0;
    for (const server of this.servers) {
      for (const connection of server.connections as Set<{ id?: string; session?: SMTPServerSession }>) {
        // smtp-server keeps MAIL FROM in the envelope from its 250 until the message's reply (or RSET).
        if (!connection.session?.envelope?.mailFrom) continue;
        const live = connection.id ? this.live.get(connection.id) : undefined;
        if (live && live.pending > 0) continue; // already in the batch
        n++;
      }
    }
    return n;
  }

  private onConnect(session: SMTPServerSession, implicitTls: boolean): void {
    // With rDNS off smtp-server puts "[ip]" here; that is not a host name.
    const hostname = session.clientHostname && !session.clientHostname.startsWith('[') ? session.clientHostname : '';
    const live = new LiveSession(this.deps.store, {
      clientAddress: session.remoteAddress,
      clientPort: session.remotePort,
      clientHostname: hostname,
      implicitTls,
    });
    this.live.set(session.id, live);
    live.recorder.info(`Connected from ${session.remoteAddress}:${session.remotePort} to ${session.localAddress}:${session.localPort}${implicitTls ? ' (implicit TLS)' : ''}`);
  }

  private onSecure(socket: Socket | TLSSocket, session: SMTPServerSession, implicitTls: boolean): void {
    const live = this.live.get(session.id);
    if (!live || !('getProtocol' in socket)) return;
    const cipher = socket.getCipher();
    live.tls = { protocol: socket.getProtocol() ?? '', cipher: cipher?.standardName ?? cipher?.name ?? '', implicit: implicitTls };
    live.recorder.info(`TLS established: ${live.tls.protocol} ${live.tls.cipher}`);
  }

  private onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void): void {
    // smtp-server resets session.envelope right after the reply: copy it now.
    const envelope = toEnvelope(session.envelope);
    const live = this.live.get(session.id);
    if (live) live.helo = session.hostNameAppearsAs || live.helo;
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      if (stream.sizeExceeded) return;
      chunks.push(chunk);
      size += chunk.length;
    });
    // The client went away mid-DATA: drop what we have; nothing is stored.
    stream.on('error', () => {
      live?.recorder.error(`Connection lost in the middle of DATA after ${stream.byteLength} bytes; nothing stored.`);
      chunks.length = 0;
    });
    stream.on('end', () => {
      live?.recorder.data(`<${stream.byteLength} bytes of DATA>`);
      if (stream.sizeExceeded) {
        chunks.length = 0;
        live?.recorder.error(`Message refused: larger than the ${this.settings?.maxMessageBytes ?? 0}-byte limit; nothing stored.`);
        callback(smtpError(552, 'Error: message exceeds fixed maximum message size'));
        return;
      }
      // A message that arrived in one read is one chunk already: keep it
      // rather than copy it (an 11 KB copy into fresh memory cost ~40 µs here).
      const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
      chunks.length = 0;
      this.faults.afterData(
        session,
        { mailFrom: envelope.mailFrom, rcptTo: envelope.rcptTo.map((r) => r.address) },
        {
          proceed: () => this.commitAndReply(raw, envelope, live, callback),
          refuse: (error) => {
            live?.recorder.info('Message refused by a fault rule; nothing stored.');
            callback(error);
          },
          dropped: () => live?.recorder.info('Message dropped by a fault rule; nothing stored.'),
        },
      );
    });
  }

  /** Commit, then answer 250 (or 451 when the commit failed); bookkeeping that needs no answer waits until the reply is out. */
  private commitAndReply(raw: Buffer, envelope: Envelope, live: LiveSession | undefined, callback: (err?: Error | null, message?: string) => void): void {
    if (live) live.pending++;
    const job = this.deliver(raw, envelope, live).then(
      (id) => {
        callback(null, `OK: stored as message ${id}`);
        this.afterReply(live);
      },
      (error: unknown) => {
        this.log(`capture: could not store a message: ${(error as Error)?.stack ?? String(error)}`);
        live?.recorder.error('Message could not be stored; the client was told to retry (451).');
        callback(smtpError(451, 'Error: the message could not be stored, try again later'));
      },
    );
    const tracked = job.finally(() => {
      if (live) live.pending--;
      this.inflight.delete(tracked);
    });
    this.inflight.add(tracked);
  }

  private async deliver(raw: Buffer, envelope: Envelope, live: LiveSession | undefined): Promise<number> {
    const size = raw.length;
    const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    // A connection's first capture creates its session row in the same commit: no transaction of its own before the 250.
    const newSession = live && live.id === null ? live.newRow() : undefined;
    // Resolves after the commit (deliveries finishing together share one transaction, and one disk flush when fsyncing).
    let committed: Committed;
    try {
      committed = await this.deps.writer.commit({ raw: bytes, envelope, sessionId: live?.id ?? null, newSession });
    } catch (error) {
      // Committed but not flushed (the client gets 451): a session row it created is still this session's.
      if (error instanceof FlushFailedError) live?.adopt(error.summary.sessionId);
      throw error;
    }
    const { id, sessionId } = committed;
    if (live) {
      live.adopt(sessionId);
      live.messageIds.push(id);
      live.recorder.info(`Message stored as #${id} (${size} bytes, ${envelope.rcptTo.length} recipient${envelope.rcptTo.length === 1 ? '' : 's'})`);
    }
    return id;
  }

  /**
   * After the 250 has been written: retention and a long session's
   * transcript flush are transactions of their own, and the client need not
   * wait for them.
   */
  private afterReply(live: LiveSession | undefined): void {
    try {
      const pruned = this.pruneOncePerTurn();
      if (pruned.length > 0) this.deps.emit({ type: 'messages.deleted', ids: pruned, all: false });
      live?.maybeFlush();
    } catch (error) {
      this.log(`capture: retention or transcript write failed after a delivery: ${(error as Error)?.stack ?? String(error)}`);
    }
  }

  /**
   * Retention after a commit. Deliveries committed in one batch resume in the
   * same turn; the first one prunes for all of them, so a full inbox costs one
   * extra transaction per batch rather than per message. At the limit it
   * deletes a few more than it must (retentionHeadroom), so the captures that
   * follow share that transaction too.
   */
  private pruneOncePerTurn(): number[] {
    const max = this.settings?.maxMessages ?? 0;
    if (max <= 0 || this.prunedThisTurn) return [];
    this.prunedThisTurn = true;
    setImmediate(() => {
      this.prunedThisTurn = false;
    });
    return this.deps.store.prune(max, retentionHeadroom(max));
  }

  private onClose(session: SMTPServerSession): void {
    const live = this.live.get(session.id);
    if (!live) return;
    if (live.pending > 0) {
      // Its last message is still being committed; finish after that.
      setTimeout(() => this.onClose(session), 5).unref();
      return;
    }
    this.live.delete(session.id);
    live.helo = session.hostNameAppearsAs || live.helo;
    this.finishSession(live);
  }

  private finishSession(live: LiveSession): void {
    try {
      const summary = live.finish();
      this.deps.emit({ type: 'session.closed', session: summary });
    } catch (error) {
      this.log(`capture: could not save a session transcript: ${(error as Error)?.message}`);
    }
  }

  /** Close listeners, let committed-in-progress deliveries finish, then cut idle clients. */
  private async shutdown(): Promise<void> {
    const servers = this.servers;
    this.servers = [];
    if (servers.length === 0) return;
    const closed = servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
    const drainUntil = Date.now() + DRAIN_MS;
    while (this.inflight.size > 0 && Date.now() < drainUntil) {
      await Promise.race([Promise.allSettled([...this.inflight]), new Promise((r) => setTimeout(r, 100))]);
    }
    for (const server of servers) {
      for (const connection of server.connections) {
        connection.send(421, 'Mailscope capture server is stopping');
        connection.close();
      }
    }
    await Promise.all(closed);
    // onClose runs on setImmediate after each socket closes: give it its turn.
    await new Promise((resolve) => setImmediate(resolve));
    const openUntil = Date.now() + 1000;
    while (this.live.size > 0 && Date.now() < openUntil) await new Promise((r) => setTimeout(r, 10));
    for (const [cid, live] of this.live) {
      this.live.delete(cid);
      live.recorder.info('Capture server stopped');
      this.finishSession(live);
    }
  }
}
