/**
 * The one WebSocket (/ws): core events fanned out to every authenticated
 * client (Mailpit's hub pattern). A socket proves itself with its first
 * message, `{type:'auth', token}`, within a few seconds; until then it
 * receives nothing and anything else closes it. The upgrade request itself is
 * Host- and Origin-checked by the HTTP server before it reaches here.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { ClientSocketMessage, CoreEvent, ServerSocketMessage } from '../../shared/api/events';
import { tokenMatches } from './request-guard';

/** Close codes the client can act on (4000–4999 are application codes). */
export const WS_CLOSE = {
  unauthorized: 4401,
  authTimeout: 4408,
  goingAway: 1001,
} as const;

/** A client that cannot keep up is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
const PING_INTERVAL_MS = 30_000;

export interface EventSocketOptions {
  token: string;
  /** How long a new socket has to authenticate. */
  authTimeoutMs: number;
  subscribe: (listener: (event: CoreEvent) => void) => () => void;
  log: (line: string) => void;
}

export interface EventSocket {
  /** Take over an upgrade request that already passed the Host/Origin checks. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Number of authenticated clients. */
  clientCount(): number;
  close(): Promise<void>;
}

function parseAuth(data: unknown): ClientSocketMessage | null {
  try {
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : String(data);
    const value = JSON.parse(text) as Partial<ClientSocketMessage> | null;
    if (value && value.type === 'auth' && typeof value.token === 'string') return { type: 'auth', token: value.token };
  } catch {
    // fall through: not JSON
  }
  return null;
}

export function createEventSocket(options: EventSocketOptions): EventSocket {
  // Clients only ever send the small auth message.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096, clientTracking: true });
  const authed = new Set<WebSocket>();
  const alive = new WeakSet<WebSocket>();

  const sendText = (ws: WebSocket, text: string): void => {
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      options.log('ws: dropping a client that stopped reading events');
      ws.terminate();
      return;
    }
    ws.send(text);
  };
  const send = (ws: WebSocket, message: ServerSocketMessage): void => sendText(ws, JSON.stringify(message));

  const unsubscribe = options.subscribe((event) => {
    if (authed.size === 0) return;
    // Serialised once for every client (a capture's event can carry a long summary).
    const text = JSON.stringify({ type: 'event', event } satisfies ServerSocketMessage);
    for (const ws of authed) sendText(ws, text);
  });

  wss.on('connection', (ws: WebSocket) => {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    const timer = setTimeout(() => ws.close(WS_CLOSE.authTimeout, 'authentication timed out'), options.authTimeoutMs);
    ws.once('message', (data) => {
      clearTimeout(timer);
      const auth = parseAuth(data);
      if (!auth || !tokenMatches(auth.token, options.token)) {
        ws.close(WS_CLOSE.unauthorized, 'unauthorized');
        return;
      }
      authed.add(ws);
      // Later messages have no meaning; ignore them rather than close.
      send(ws, { type: 'ready' });
    });
    ws.on('close', () => {
      clearTimeout(timer);
      authed.delete(ws);
    });
    ws.on('error', () => authed.delete(ws));
  });

  // Sockets whose peer vanished without a FIN (sleeping laptop) are found by ping.
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, PING_INTERVAL_MS);
  pinger.unref();

  return {
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    clientCount: () => authed.size,
    close() {
      clearInterval(pinger);
      unsubscribe();
      for (const ws of wss.clients) ws.close(WS_CLOSE.goingAway, 'server shutting down');
      return new Promise((resolve) => {
        // Clients that do not answer the close handshake quickly are cut.
        const cut = setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
        }, 500);
        wss.close(() => {
          clearTimeout(cut);
          resolve();
        });
      });
    },
  };
}
