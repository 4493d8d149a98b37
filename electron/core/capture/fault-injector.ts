/**
 * Applies fault rules to live SMTP connections of smtp-server.
 *
 * Where each stage hooks in, and why:
 * - connect, AUTH, MAIL, RCPT: smtp-server's own hooks (onConnect, onAuth,
 *   onMailFrom, onRcptTo). An error with `responseCode` becomes the reply;
 *   smtp-server closes the connection after a 421 and after any refusal at
 *   connect.
 * - EHLO/HELO and the DATA command: smtp-server has no hook before it answers
 *   them (onData only gets the message stream, and its verdict is sent after
 *   the final dot, not instead of 354). Answering at the next command would
 *   not show the client what a server refusing EHLO looks like, so instead
 *   each connection gets its own `handler_EHLO` / `handler_HELO` /
 *   `handler_DATA`, installed in onConnect: smtp-server looks handlers up on
 *   the connection object (`this['handler_' + command]`), so an own property
 *   wraps the prototype's for that connection only. The wrapper either calls
 *   the original or answers with `connection.send` (the method smtp-server's
 *   handlers use, which also logs the S: line and closes on 421). These are
 *   typed members of smtp-server's SMTPConnection; the integration tests
 *   (test/integration/faults) fail if an upgrade changes them.
 * - after DATA: in the capture server's onData, once the message is in and
 *   before anything is stored; a refusal stores nothing.
 *
 * A drop is `connection.close()` without a reply (the client sees the socket
 * close). Every applied rule is written in the session transcript as an info
 * line just before its effect, so the reply follows as the normal S: line.
 * Delays wait on timers that are cleared when the connection closes.
 */
import type { SMTPServer, SMTPServerAddress, SMTPServerSession } from 'smtp-server';
import type { FaultStage } from '../../../shared/model/faults';
import { describeAction, formatReply, STAGE_LABELS } from '../../../shared/faults/fault-rules';
import type { FaultContext, FaultDecision, FaultEngine } from './fault-engine';
import type { TranscriptRecorder } from './transcript-recorder';

type SmtpConnection = SMTPServer['connections'] extends Set<infer C> ? C : never;
type CommandHandler = (command: Buffer, callback: () => void) => void;

/** An error smtp-server turns into a reply. */
export type SmtpReplyError = Error & { responseCode: number };

export function smtpReply(code: number, message: string): SmtpReplyError {
  return Object.assign(new Error(message), { responseCode: code });
}

/** What the caller does for each outcome. */
export interface FaultOutcome {
  /** Carry on normally (no rule, a passed "fail first N", or after a delay). */
  proceed(): void;
  /** Answer with this reply instead. */
  refuse(error: SmtpReplyError): void;
  /** The connection is being closed without a reply; nothing else to do. */
  dropped?(): void;
}

interface Connection {
  conn: SmtpConnection;
  timers: Set<ReturnType<typeof setTimeout>>;
}

export class FaultInjector {
  private readonly connections = new Map<string, Connection>();

  constructor(
    private readonly engine: FaultEngine,
    private readonly recorderFor: (cid: string) => TranscriptRecorder | undefined,
  ) {}

  /**
   * onConnect: remember the connection, give it the EHLO/HELO/DATA wrappers,
   * then apply a connect-stage rule. `outcome.refuse` goes to onConnect's
   * callback (smtp-server answers and closes).
   */
  connect(server: SMTPServer, session: SMTPServerSession, outcome: FaultOutcome): void {
    let conn: SmtpConnection | undefined;
    for (const c of server.connections) {
      if (c.id === session.id) {
        conn = c;
        break;
      }
    }
    if (conn) {
      this.connections.set(session.id, { conn, timers: new Set() });
      this.wrapCommands(conn);
    }
    this.run(session.id, 'connect', { clientAddress: session.remoteAddress }, outcome);
  }

  /** onAuth, after the client sent its credentials (the user name is known; the password is never looked at here). */
  auth(session: SMTPServerSession, user: string, outcome: FaultOutcome): void {
    this.run(session.id, 'auth', { clientAddress: session.remoteAddress, user }, outcome);
  }

  /** onMailFrom: sender rules first, then the per-client rate limit. */
  mailFrom(address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void): void {
    const context = { clientAddress: session.remoteAddress, sender: address.address };
    this.run(session.id, 'mail', context, {
      proceed: () => {
        const limited = this.engine.rateLimit(session.remoteAddress);
        if (!limited) return callback();
        this.note(session.id, `rate limit applied at MAIL: ${formatReply(limited.reply)} (message ${limited.count} from ${session.remoteAddress} within ${limited.windowSeconds} s; the limit is ${limited.maxMessages})`);
        callback(smtpReply(limited.reply.code, replyMessage(limited.reply)));
      },
      refuse: (error) => callback(error),
    });
  }

  /** onRcptTo: the recipient being added is what recipient patterns see. */
  rcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void): void {
    const context = { clientAddress: session.remoteAddress, sender: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', recipients: [address.address] };
    this.run(session.id, 'rcpt', context, { proceed: () => callback(), refuse: (error) => callback(error) });
  }

  /** After the final dot, before anything is stored. */
  afterData(session: SMTPServerSession, envelope: { mailFrom: string; rcptTo: readonly string[] }, outcome: FaultOutcome): void {
    this.run(session.id, 'after-data', { clientAddress: session.remoteAddress, sender: envelope.mailFrom, recipients: envelope.rcptTo }, outcome);
  }

  /** onClose: forget the connection and cancel its pending delays. */
  closed(session: SMTPServerSession): void {
    const entry = this.connections.get(session.id);
    if (!entry) return;
    for (const timer of entry.timers) clearTimeout(timer);
    this.connections.delete(session.id);
  }

  private wrapCommands(conn: SmtpConnection): void {
    const wrap = (name: 'handler_EHLO' | 'handler_HELO' | 'handler_DATA', stage: FaultStage): void => {
      const original = conn[name] as CommandHandler;
      const wrapped: CommandHandler = (command, callback) => {
        const proceed = (): void => original.call(conn, command, callback);
        // Nothing configured for this stage: the original, at the cost of one Set lookup.
        if (!this.engine.watches(stage)) return proceed();
        const envelope = conn.session.envelope;
        // A DATA without recipients is a client error: smtp-server's 503 says so, not a fault.
        if (stage === 'data' && envelope.rcptTo.length === 0) return proceed();
        const context: FaultContext = {
          clientAddress: conn.session.remoteAddress,
          ...(stage === 'data' ? { sender: envelope.mailFrom ? envelope.mailFrom.address : '', recipients: envelope.rcptTo.map((r) => r.address) } : {}),
        };
        this.run(conn.id, stage, context, {
          proceed,
          refuse: (error) => {
            // `false`: no automatic enhanced code (the rule's own is in the text).
            conn.send(error.responseCode, error.message, false);
            callback();
          },
        });
      };
      conn[name] = wrapped;
    };
    wrap('handler_EHLO', 'ehlo');
    wrap('handler_HELO', 'ehlo');
    wrap('handler_DATA', 'data');
  }

  private run(cid: string, stage: FaultStage, context: FaultContext, outcome: FaultOutcome): void {
    const decision = this.engine.decide(stage, context);
    if (!decision) return outcome.proceed();
    this.apply(cid, stage, decision, outcome);
  }

  private apply(cid: string, stage: FaultStage, decision: FaultDecision, outcome: FaultOutcome): void {
    const { action, position, rule } = decision;
    if (action === null) {
      this.note(cid, `fault rule #${position} let this attempt through at ${STAGE_LABELS[stage]}: it failed the first ${rule.failFirst} already`);
      return outcome.proceed();
    }
    const attempt = rule.failFirst > 0 ? ` (fails the first ${rule.failFirst} attempt${rule.failFirst === 1 ? '' : 's'})` : '';
    this.note(cid, `fault rule #${position} applied at ${STAGE_LABELS[stage]}: ${describeAction(action)}${attempt}`);
    switch (action.kind) {
      case 'delay':
        this.later(cid, action.ms, outcome.proceed);
        return;
      case 'reply':
        this.later(cid, action.delayMs ?? 0, () => outcome.refuse(smtpReply(action.code, replyMessage(action))));
        return;
      case 'drop':
        this.later(cid, action.delayMs ?? 0, () => {
          this.note(cid, `connection dropped by fault rule #${position} (no reply sent)`);
          outcome.dropped?.();
          const entry = this.connections.get(cid);
          if (entry) entry.conn.close();
          // Not found in onConnect (never seen): hanging up with a 421 beats leaving the client waiting.
          else outcome.refuse(smtpReply(421, '4.3.0 Connection dropped by a fault rule'));
        });
        return;
    }
  }

  private later(cid: string, ms: number, job: () => void): void {
    if (ms <= 0) return job();
    const entry = this.connections.get(cid);
    const timer = setTimeout(() => {
      entry?.timers.delete(timer);
      job();
    }, ms);
    // A pending fault delay must not keep a closing process alive.
    timer.unref();
    entry?.timers.add(timer);
  }

  private note(cid: string, text: string): void {
    this.recorderFor(cid)?.info(text);
  }
}

/** The reply text as smtp-server sends it: the enhanced code first, like real servers that advertise ENHANCEDSTATUSCODES. */
function replyMessage(reply: { enhanced: string; text: string }): string {
  return reply.enhanced ? `${reply.enhanced} ${reply.text}` : reply.text;
}
