/**
 * The HTTP + WebSocket adapter over the core.
 *
 * This is a powerful API: it reads every captured message, changes where the
 * capture server listens and reads files by path (importPaths). Anything that
 * can call it can read the user's mail. So access is tightly controlled:
 *
 * - It listens on 127.0.0.1 unless another address is explicitly configured.
 * - Every /api request needs `Authorization: Bearer <token>`, a random token
 *   made per run. The token reaches the UI only in the URL fragment
 *   (`#token=…`), which browsers never send to a server and which is never
 *   written into index.html; the comparison is constant-time.
 * - The Host header must name this server (127.0.0.1, localhost, [::1] or the
 *   explicitly bound address, with our port). A page on evil.example whose DNS
 *   later points at 127.0.0.1 (DNS rebinding) sends `Host: evil.example` and
 *   is refused, even for static files.
 * - An Origin header, when present, must be our own origin. Browsers send it
 *   on every cross-origin request and on WebSocket upgrades, so other sites
 *   (and sandboxed frames, whose origin is "null") are refused outright;
 *   there is no CORS, so no preflight ever succeeds either.
 * - The WebSocket authenticates with its first message, `{type:'auth', token}`,
 *   within a few seconds, or it is closed.
 * - Every response carries a Content-Security-Policy header (see
 *   security-headers.ts), nosniff and no-referrer; API responses are no-store.
 * - Errors from the core show their user-facing message; unexpected ones show
 *   a generic message and their details go to stderr only.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { CoreHandlers } from '../../shared/api/contract';
import type { CoreEvent } from '../../shared/api/events';
import { handleApiRequest } from './api-router';
import { sendHttpError } from './error-response';
import { createEventSocket } from './event-socket';
import { allowedHosts, bearerToken, formatHost, isAllowedHost, isAllowedOrigin, tokenMatches } from './request-guard';
import { setApiHeaders, setSecurityHeaders } from './security-headers';
import { serveStatic } from './static-files';

/** What the server needs from the core: the handlers and the event stream. */
export type ServedCore = CoreHandlers & { subscribe(listener: (event: CoreEvent) => void): () => void };

export interface HttpServerOptions {
  core: ServedCore;
  /** The per-run secret required on /api and the WebSocket. */
  token: string;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** Address to bind; 127.0.0.1 by default. Anything else is an explicit choice. */
  host?: string;
  /** Port to bind; 0 picks a free one. */
  port?: number;
  /** Largest accepted upload (importUpload); default 512 MiB. */
  maxUploadBytes?: number;
  /** How long a WebSocket may wait before authenticating (default 5 s). */
  wsAuthTimeoutMs?: number;
  /** Where diagnostics go (default stderr). Never receives the token. */
  log?: (line: string) => void;
}

export interface HttpServerHandle {
  /** The underlying node:http server. */
  server: Server;
  /** Bound address. */
  host: string;
  /** Bound port (the real one when 0 was asked). */
  port: number;
  /** The origin a browser should use, e.g. http://127.0.0.1:41234. */
  origin: string;
  /** Stop listening, close the WebSocket clients and open connections. */
  close(): Promise<void>;
}

/** The address a browser should use for a bound address (wildcards → loopback). */
export function browserHost(bound: string): string {
  if (bound === '0.0.0.0' || bound === '') return '127.0.0.1';
  if (bound === '::') return '[::1]';
  return formatHost(bound);
}

const stderrLog = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export async function createHttpServer(options: HttpServerOptions): Promise<HttpServerHandle> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? stderrLog;
  let allowed = new Set<string>();

  const events = createEventSocket({
    token: options.token,
    authTimeoutMs: options.wsAuthTimeoutMs ?? 5000,
    subscribe: (listener) => options.core.subscribe(listener),
    log,
  });

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const hostHeader = req.headers.host;
    if (!isAllowedHost(hostHeader, allowed)) {
      sendHttpError(res, 403, 'forbidden_host', 'This server only answers requests addressed to its own loopback address.');
      return;
    }
    setSecurityHeaders(res, hostHeader as string);
    if (!isAllowedOrigin(req.headers.origin, hostHeader)) {
      sendHttpError(res, 403, 'forbidden_origin', 'Requests from other web pages are not allowed.');
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendHttpError(res, 400, 'bad_request', 'The request URL is malformed.');
      return;
    }
    const rawPath = (req.url ?? '/').split('?')[0] as string;
    if (rawPath === '/api' || rawPath.startsWith('/api/')) {
      setApiHeaders(res);
      if (!tokenMatches(bearerToken(req.headers.authorization), options.token)) {
        sendHttpError(res, 401, 'unauthorized', 'A valid access token is required. Open the URL that `mailscope serve` printed.', {
          'WWW-Authenticate': 'Bearer',
        });
        return;
      }
      await handleApiRequest(req, res, options.core, url, log, options.maxUploadBytes);
      return;
    }
    if (rawPath === '/ws') {
      sendHttpError(res, 426, 'upgrade_required', 'This path only accepts WebSocket connections.', { Upgrade: 'websocket' });
      return;
    }
    // The raw path, not URL's normalised one: `/../x` must be refused, not quietly become `/x`.
    await serveStatic(req, res, options.rendererDir, rawPath);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const refuse = (status: string): void => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/ws') return refuse('404 Not Found');
    if (!isAllowedHost(req.headers.host, allowed) || !isAllowedOrigin(req.headers.origin, req.headers.host)) {
      return refuse('403 Forbidden');
    }
    events.handleUpgrade(req, socket, head);
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      log(`http: unexpected failure: ${(error as Error)?.stack ?? String(error)}`);
      sendHttpError(res, 500, 'internal', 'Something went wrong inside Mailscope. The details are in its log.');
    });
  });
  server.on('upgrade', onUpgrade);
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: NodeJS.ErrnoException) => {
    await events.close();
    if (error.code === 'EADDRINUSE') throw new Error(`HTTP port ${options.port} on ${host} is already in use. Choose another with --http-port (0 picks a free one).`);
    if (error.code === 'EADDRNOTAVAIL') throw new Error(`Cannot listen on ${host}: no such address on this machine.`);
    if (error.code === 'EACCES') throw new Error(`Not allowed to listen on ${host}:${options.port}.`);
    throw error;
  });

  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  allowed = allowedHosts(host, port);

  let closing: Promise<void> | null = null;
  return {
    server,
    host,
    port,
    origin: `http://${browserHost(host)}:${port}`,
    close() {
      closing ??= (async () => {
        await events.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
