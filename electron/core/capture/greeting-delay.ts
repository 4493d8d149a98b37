/**
 * The greeting delay of the capture server.
 *
 * smtp-server (3.x) holds every new connection's `220` greeting for a fixed
 * 100 ms, to catch "early talkers" (clients that speak before the greeting,
 * a spam-bot trait); the delay is not an option. A capture server for QA has
 * no use for that, and it costs every connection 100 ms: an app that opens
 * one connection per message (nodemailer's default without a pool, most
 * frameworks' test mailers) sent at most ten messages a second to Mailscope,
 * whatever else it did.
 *
 * `allowGreetingDelay()` teaches smtp-server's connection a `greetingDelayMs`
 * server option: a server created with it greets after that many ms (0:
 * at once; a client speaking first still gets smtp-server's "talk too soon"
 * refusal if its bytes arrive before the greeting). Servers without the
 * option keep the library's behaviour. The patch replaces only `init()`,
 * with the same steps in the same order (listeners, maxClients check,
 * timer, connectionReady); if a future smtp-server no longer has those
 * parts, nothing is patched and the capture server keeps the 100 ms (the
 * integration test that times the greeting then fails and says why).
 */
import { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';

/** The server option (not in smtp-server's types) naming the delay in ms. */
export const GREETING_DELAY_OPTION = 'greetingDelayMs';

interface ConnectionInternals {
  _server: { options: Record<string, unknown>; connections: Set<unknown> };
  _setListeners(callback: () => void): void;
  connectionReady(): void;
  send(code: number, text: string, keepOpen?: boolean): void;
  name: string;
  init(): void;
}

let patched: boolean | null = null;

/** Patch once (idempotent); false when smtp-server's connection no longer looks as expected. */
export function allowGreetingDelay(): boolean {
  if (patched !== null) return patched;
  const proto = (SMTPConnection as unknown as { prototype: ConnectionInternals } | undefined)?.prototype;
  if (!proto || typeof proto.init !== 'function' || typeof proto._setListeners !== 'function' || typeof proto.connectionReady !== 'function') {
    patched = false;
    return patched;
  }
  const original = proto.init;
  proto.init = function init(this: ConnectionInternals): void {
    const delay = this._server?.options?.[GREETING_DELAY_OPTION];
    if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0) {
      original.call(this);
      return;
    }
    this._setListeners(() => {
      const max = this._server.options['maxClients'];
      if (typeof max === 'number' && max > 0 && this._server.connections.size > max) {
        this.send(421, `${this.name} Too many connected clients, try again in a moment`, false);
        return;
      }
      if (delay === 0) {
        setImmediate(() => this.connectionReady());
        return;
      }
      setTimeout(() => this.connectionReady(), delay).unref();
    });
  };
  patched = true;
  return patched;
}
