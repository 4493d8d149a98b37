/**
 * Replies to pipelined commands leave in one write.
 *
 * A client that pipelines (nodemailer, most SMTP libraries, our load client)
 * sends MAIL FROM, RCPT TO and DATA in one packet; smtp-server answers each
 * command with its own `socket.write`, so three system calls and three
 * packets go back where one would do. On a VM where a loopback write costs
 * ~30 µs, replies were the biggest single cost of a capture at 16 sessions.
 *
 * `allowReplyCoalescing()` teaches smtp-server's connection a
 * `coalesceReplies` server option: while the parser works through one chunk
 * of input, the socket is corked, and it is uncorked on the next tick — every
 * reply written in that tick goes out as one `writev`. A reply that comes
 * later (the 250 after the commit) is not held: the cork only spans the
 * synchronous handling of a chunk. Before a STARTTLS upgrade the socket is
 * uncorked, so "220 Ready to start TLS" leaves in plaintext before the TLS
 * socket takes the connection over. Plain connections only (implicit TLS
 * sockets are left as they are). If smtp-server's connection no longer has
 * `_setListeners`/`upgrade`/`_socket`, nothing is patched and replies go out
 * one by one, as before.
 */
import type { Socket } from 'node:net';
import { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';

/** The server option (not in smtp-server's types) that turns it on. */
export const COALESCE_REPLIES_OPTION = 'coalesceReplies';

interface ConnectionInternals {
  _server: { options: Record<string, unknown> };
  _socket: Socket;
  needsUpgrade?: boolean;
  _setListeners(...args: unknown[]): unknown;
  upgrade(...args: unknown[]): unknown;
}

let patched: boolean | null = null;

/** Cork the socket for the rest of this tick whenever input arrives (the parser runs in the same tick). */
function corkWhileReading(socket: Socket): void {
  socket.prependListener('data', () => {
    if (socket.writableCorked > 0 || socket.destroyed) return;
    socket.cork();
    process.nextTick(() => uncorkAll(socket));
  });
}

function uncorkAll(socket: Socket): void {
  // At most one level is ours; more would be someone else's, and uncorking them all flushes in order anyway.
  while (socket.writableCorked > 0) socket.uncork();
}

/** Patch once (idempotent); false when smtp-server's connection no longer looks as expected. */
export function allowReplyCoalescing(): boolean {
  if (patched !== null) return patched;
  const proto = (SMTPConnection as unknown as { prototype: ConnectionInternals } | undefined)?.prototype;
  if (!proto || typeof proto._setListeners !== 'function' || typeof proto.upgrade !== 'function') {
    patched = false;
    return patched;
  }
  // _setListeners pipes the socket into the parser; smtp-server's init and the
  // greeting patch's both call it, so the two patches do not depend on order.
  const setListeners = proto._setListeners;
  proto._setListeners = function patchedSetListeners(this: ConnectionInternals, ...args: unknown[]): unknown {
    const result = setListeners.apply(this, args);
    if (this._server?.options?.[COALESCE_REPLIES_OPTION] === true && !this.needsUpgrade) {
      const socket = this._socket;
      if (socket && typeof socket.cork === 'function' && typeof socket.prependListener === 'function') corkWhileReading(socket);
    }
    return result;
  };
  const upgrade = proto.upgrade;
  proto.upgrade = function patchedUpgrade(this: ConnectionInternals, ...args: unknown[]): unknown {
    const socket = this._socket;
    if (socket && typeof socket.uncork === 'function') uncorkAll(socket);
    return upgrade.apply(this, args);
  };
  patched = true;
  return patched;
}
