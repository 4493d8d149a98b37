/**
 * A loopback HTTP server standing in for "the internet" in the hostile-HTML
 * test: every request it receives is a leak unless the user asked for
 * remote content. It answers images with a real PNG and stylesheets with
 * CSS so that, once allowed, loads succeed.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RED_DOT_PNG } from '../../support/sample-mail';

export interface RemoteServer {
  origin: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startRemoteServer(): Promise<RemoteServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (/\.png(\?|$)/.test(req.url ?? '')) {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' });
      res.end(RED_DOT_PNG);
    } else if (/\.css(\?|$)/.test(req.url ?? '')) {
      res.writeHead(200, { 'Content-Type': 'text/css', 'Cache-Control': 'no-store' });
      res.end('h1{color:rgb(200,0,0)}');
    } else {
      res.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store' });
      res.end('<!doctype html><title>remote page</title><p>remote page</p>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
