/**
 * An HTTPS server on 127.0.0.1 for probe tests (MTA-STS policy files, BIMI
 * logos and certificates): routes by Host header and path to fixed answers,
 * with SNI picking the certificate per host name, so one server can play
 * several policy hosts — one with a valid certificate, one with an expired or
 * wrong-name one. Records every request it got.
 */
import { createServer, type Server } from 'node:https';
import { createSecureContext, type SecureContext } from 'node:tls';

export interface LoopbackHttpsRoute {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Stall: accept the request and never answer. */
  hang?: boolean;
}

export interface LoopbackHttpsServer {
  port: number;
  /** Requests seen: "host path". */
  requests: string[];
  close(): Promise<void>;
}

/**
 * `certs` maps a host name to its key/cert (SNI); `routes` maps "host/path" (e.g.
 * "mta-sts.example.test/.well-known/mta-sts.txt") to an answer; anything else is 404.
 */
export async function startLoopbackHttpsServer(
  certs: Record<string, { cert: string; key: string }>,
  routes: Record<string, LoopbackHttpsRoute>,
): Promise<LoopbackHttpsServer> {
  const contexts = new Map<string, SecureContext>(Object.entries(certs).map(([name, c]) => [name, createSecureContext(c)]));
  const fallback = Object.values(certs)[0];
  if (!fallback) throw new Error('at least one certificate is needed');
  const requests: string[] = [];
  const server: Server = createServer({
    ...fallback,
    SNICallback: (name, cb) => cb(null, contexts.get(name) ?? contexts.values().next().value),
  }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    requests.push(`${host} ${req.url ?? ''}`);
    const route = routes[`${host}${req.url ?? ''}`];
    if (!route) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
    if (route.hang) return;
    res.writeHead(route.status ?? 200, route.headers ?? { 'content-type': 'text/plain' });
    res.end(route.body ?? '');
  });
  server.on('tlsClientError', () => { /* a client refusing our certificate is part of the tests */ });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
