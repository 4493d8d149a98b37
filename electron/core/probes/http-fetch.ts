/**
 * The probe's HTTPS GET (ProbeContext.fetch in production): MTA-STS policy
 * files and BIMI logos/certificates. Built on node:tls + node:http so the
 * check sees what a careful sender would:
 *
 * - the certificate is verified (chain and host name) before a single request
 *   byte is sent; a failed verification ends the fetch with the OpenSSL code
 *   and the certificate's facts, never a body;
 * - redirects are returned, not followed (RFC 8461 §3.3 forbids following them
 *   for MTA-STS; BIMI inherits the caution);
 * - the body is cut at `maxBytes`, the whole fetch at `timeoutMs`, and the
 *   run's abort signal ends it at once;
 * - `connectTo(host, port)` picks where to really connect while TLS still
 *   checks the URL's host name (tests route names to loopback servers).
 *
 * Extra trust anchors (`ca`) are added to Node's roots for one fetcher only —
 * how tests trust their own CA without switching verification off.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { X509Certificate } from 'node:crypto';
import { isIP, type LookupFunction } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, rootCertificates, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { HttpFetchResult, ProbeContext } from './check-types';

export interface HttpFetchOptions {
  /** Where to connect for (host, port); identity by default. */
  connectTo?: (host: string, port: number) => { host: string; port: number };
  /** The run's signal: aborting ends every fetch in flight. */
  signal?: AbortSignal;
  /** Extra CA certificates (PEM) trusted besides Node's bundled roots. */
  ca?: string[];
  /** Host-name lookup for the connection (defaults to the system's, as node:net does). */
  lookup?: LookupFunction;
  /** Defaults when a call gives none. */
  defaultTimeoutMs?: number;
  defaultMaxBytes?: number;
}

const USER_AGENT = 'Mailscope-probe/0.1 (+mail health check)';

/** A fetch function for a ProbeContext. */
export function createHttpFetch(options: HttpFetchOptions = {}): ProbeContext['fetch'] {
  const connectTo = options.connectTo ?? ((host: string, port: number) => ({ host, port }));
  const ca = options.ca?.length ? [...rootCertificates, ...options.ca] : undefined;
  return (url, call = {}) => fetchOnce(url, {
    connectTo, ca, lookup: options.lookup, signal: options.signal,
    timeoutMs: call.timeoutMs ?? options.defaultTimeoutMs ?? 10_000,
    maxBytes: call.maxBytes ?? options.defaultMaxBytes ?? 1024 * 1024,
  });
}

interface OnceOptions {
  connectTo: (host: string, port: number) => { host: string; port: number };
  ca: string[] | undefined;
  lookup: LookupFunction | undefined;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  maxBytes: number;
}

function fetchOnce(url: string, o: OnceOptions): Promise<HttpFetchResult> {
  const started = performance.now();
  const result = (part: Partial<HttpFetchResult>): HttpFetchResult => ({
    url, status: null, headers: {}, body: new Uint8Array(), error: null, tls: null, ...part,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
  });

  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.resolve(result({ error: 'not a valid URL' }));
  }
  if (parsed.protocol !== 'https:') return Promise.resolve(result({ error: `only https: URLs are fetched (got ${parsed.protocol})` }));
  if (o.signal?.aborted) return Promise.resolve(result({ error: 'cancelled' }));

  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = parsed.port ? Number(parsed.port) : 443;
  const target = o.connectTo(host, port);

  return new Promise<HttpFetchResult>((resolve) => {
    let settled = false;
    let tlsFacts: HttpFetchResult['tls'] = null;
    let socket: TLSSocket | null = null;
    const finish = (part: Partial<HttpFetchResult>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      socket?.destroy();
      resolve(result({ tls: tlsFacts, ...part }));
    };
    const onAbort = () => finish({ error: 'cancelled' });
    const timer = setTimeout(() => finish({ error: `timeout: no complete answer within ${o.timeoutMs} ms` }), o.timeoutMs);
    o.signal?.addEventListener('abort', onAbort, { once: true });

    socket = tlsConnect({
      host: target.host,
      port: target.port,
      // SNI and the identity check use the URL's host, wherever we connect.
      servername: isIP(host) ? undefined : host,
      checkServerIdentity: (_name, cert) => checkIdentity(host, cert),
      ca: o.ca,
      lookup: o.lookup,
      ALPNProtocols: ['http/1.1'],
      // Verified below, before any request byte is written, so a bad certificate is described, not trusted.
      rejectUnauthorized: false,
    });
    socket.on('error', (err: NodeJS.ErrnoException) => finish({ error: errorText(err) }));
    socket.once('secureConnect', () => {
      const s = socket!;
      const cert = s.getPeerCertificate();
      tlsFacts = {
        authorized: s.authorized,
        authorizationError: s.authorizationError ? String((s.authorizationError as { code?: string }).code ?? s.authorizationError) : null,
        subject: subjectOf(cert),
        validTo: validTo(cert),
      };
      if (!s.authorized) {
        finish({ error: `certificate not trusted: ${tlsFacts.authorizationError ?? 'unknown reason'}` });
        return;
      }
      const req = httpRequest({
        method: 'GET',
        host,
        port,
        path: `${parsed.pathname}${parsed.search}`,
        headers: { host: port === 443 ? parsed.hostname : `${parsed.hostname}:${port}`, 'user-agent': USER_AGENT, accept: '*/*', 'accept-encoding': 'identity', connection: 'close' },
        createConnection: () => s,
      });
      req.on('error', (err: NodeJS.ErrnoException) => finish({ error: errorText(err) }));
      req.on('response', (res: IncomingMessage) => readBody(res, o.maxBytes, (body, truncatedError) => {
        finish({ status: res.statusCode ?? null, headers: headersOf(res), body, error: truncatedError });
      }));
      req.end();
    });
  });
}

/**
 * Node's host-name check, then the stricter rule RFC 8461 §3.3 asks for the
 * MTA-STS policy host and browsers apply everywhere: the name must be in the
 * subjectAltName (never only in the CN) and a wildcard may only be a whole
 * left-most label.
 */
function checkIdentity(host: string, cert: PeerCertificate): Error | undefined {
  const nodeVerdict = checkServerIdentity(host, cert);
  if (nodeVerdict || isIP(host) || !cert?.raw) return nodeVerdict;
  try {
    const strict = new X509Certificate(cert.raw).checkHost(host, { subject: 'never', wildcards: true, partialWildcards: false, multiLabelWildcards: false });
    if (strict) return undefined;
  } catch {
    // An unreadable certificate fails below like a mismatch.
  }
  return Object.assign(new Error(`Host: ${host} is not in the certificate's subjectAltName (a CN-only or partial-wildcard match is not accepted)`), { code: 'ERR_TLS_CERT_ALTNAME_INVALID', reason: 'no subjectAltName match', host, cert });
}

function readBody(res: IncomingMessage, maxBytes: number, done: (body: Uint8Array, error: string | null) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let ended = false;
  const end = (error: string | null) => {
    if (ended) return;
    ended = true;
    done(new Uint8Array(Buffer.concat(chunks)), error);
  };
  res.on('data', (chunk: Buffer) => {
    if (ended) return;
    const room = maxBytes - size;
    if (chunk.length >= room) {
      // Keep exactly maxBytes: callers ask for limit+1 to tell "too big" from "exactly at the limit".
      chunks.push(chunk.subarray(0, room));
      size = maxBytes;
      end(null);
      res.destroy();
      return;
    }
    chunks.push(chunk);
    size += chunk.length;
  });
  res.on('end', () => end(null));
  res.on('error', (err: NodeJS.ErrnoException) => end(errorText(err)));
  res.on('close', () => end(res.complete ? null : 'connection closed before the body was complete'));
}

function headersOf(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function errorText(err: NodeJS.ErrnoException): string {
  return err.code ? `${err.code}: ${err.message}` : err.message;
}

function subjectOf(cert: PeerCertificate): string {
  const cn = cert?.subject?.CN;
  const san = cert?.subjectaltname;
  return [cn ? `CN=${Array.isArray(cn) ? cn.join(',') : cn}` : null, san ? `SAN ${san}` : null].filter(Boolean).join('; ');
}

function validTo(cert: PeerCertificate): string {
  if (!cert?.valid_to) return '';
  const d = new Date(cert.valid_to);
  return Number.isNaN(d.getTime()) ? cert.valid_to : d.toISOString();
}
