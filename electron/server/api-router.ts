/**
 * The /api half of the server, driven entirely by the route table in
 * shared/api/contract.ts: match the path, rebuild the request object with
 * shared/api/http.ts, call the core handler of the same name, write JSON or
 * bytes. Adding an operation to the contract needs no change here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { routes } from '../../shared/api/contract';
import type { ApiMethod, Binary, CoreHandlers, RouteSpec } from '../../shared/api/contract';
import { decodeRequest, fieldsInQuery, matchPath } from '../../shared/api/http';
import { describeError, HttpError, sendError } from './error-response';
import { MAX_JSON_BODY_BYTES, MAX_UPLOAD_BYTES, readBody } from './read-body';

/** One row of the route table. */
export interface RouteEntry {
  name: ApiMethod;
  spec: RouteSpec;
}

/** The route table as a list, in contract order. */
export const ROUTE_ENTRIES: readonly RouteEntry[] = (Object.keys(routes) as ApiMethod[]).map((name) => ({ name, spec: routes[name] }));

/** Result of matching a request line against the table. */
export type RouteMatch =
  | { kind: 'found'; entry: RouteEntry; params: Record<string, number> }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'not-found' };

/**
 * Find the route for a method and path. Path params are ids, so a segment
 * that is not a safe non-negative integer does not match (GET
 * /api/messages/read is "wrong method" for markRead, not getMessage("read")).
 */
export function findRoute(method: string, pathname: string): RouteMatch {
  const allowed: string[] = [];
  for (const entry of ROUTE_ENTRIES) {
    const params = matchPath(entry.spec.path, pathname);
    if (!params) continue;
    if (!Object.values(params).every((v) => typeof v === 'number' && Number.isSafeInteger(v))) continue;
    if (entry.spec.method === method) return { kind: 'found', entry, params: params as Record<string, number> };
    allowed.push(entry.spec.method);
  }
  return allowed.length > 0 ? { kind: 'wrong-method', allowed: [...new Set(allowed)] } : { kind: 'not-found' };
}

/** Build the request object for a matched route from the HTTP request. */
export async function buildRequest(
  req: IncomingMessage,
  spec: RouteSpec,
  params: Record<string, number>,
  input: string | null,
  maxUploadBytes = MAX_UPLOAD_BYTES,
): Promise<Record<string, unknown>> {
  const decode = (jsonBody: string | undefined): Record<string, unknown> => {
    try {
      return decodeRequest(spec, params, input, jsonBody);
    } catch (error) {
      throw new HttpError(400, 'bad_request', (error as Error).message);
    }
  };
  if (spec.requestBody === 'binary') {
    const bytes = await readBody(req, maxUploadBytes);
    const request = decode(undefined);
    const body: Binary = {
      bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      contentType: req.headers['content-type'] ?? 'application/octet-stream',
    };
    if (typeof request.name === 'string') body.filename = request.name;
    return { ...request, body };
  }
  const hasBody = spec.method === 'POST' || spec.method === 'PUT';
  const text = hasBody ? (await readBody(req, MAX_JSON_BODY_BYTES)).toString('utf8') : undefined;
  return decode(text);
}

/** `attachment; filename="ascii"; filename*=UTF-8''utf8` with nothing that could break the header. */
export function contentDisposition(filename: string): string {
  const cleaned = filename.replace(/[\u0000-\u001f\u007f/\\]/g, '_').slice(0, 200) || 'download';
  const ascii = cleaned.replace(/[^\x20-\x7e]/g, '_').replace(/["%;]/g, '_');
  const encoded = encodeURIComponent(cleaned).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function isBinary(value: unknown): value is Binary {
  const v = value as Binary | null;
  return typeof v === 'object' && v !== null && v.bytes instanceof Uint8Array && typeof v.contentType === 'string';
}

function writeResult(res: ServerResponse, spec: RouteSpec, result: unknown): void {
  if (spec.responseBody === 'binary') {
    if (!isBinary(result)) throw new Error('handler returned something that is not a Binary for a binary route');
    const headers: Record<string, string | number> = {
      'Content-Type': result.contentType,
      'Content-Length': result.bytes.byteLength,
    };
    if (result.filename) headers['Content-Disposition'] = contentDisposition(result.filename);
    res.writeHead(200, headers);
    res.end(Buffer.from(result.bytes.buffer, result.bytes.byteOffset, result.bytes.byteLength));
    return;
  }
  const text = JSON.stringify(result ?? null);
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Answer one authenticated /api request. Never throws: every failure becomes
 * an error body; unexpected ones are logged (method and route path only, not
 * the query, which may carry user data).
 */
export async function handleApiRequest(
  req: IncomingMessage,
  res: ServerResponse,
  core: CoreHandlers,
  url: URL,
  log: (line: string) => void,
  maxUploadBytes = MAX_UPLOAD_BYTES,
): Promise<void> {
  const match = findRoute(req.method ?? 'GET', url.pathname);
  if (match.kind === 'not-found') {
    sendError(res, 404, { error: { message: `There is no API operation at ${url.pathname}.`, code: 'not_found' } });
    return;
  }
  if (match.kind === 'wrong-method') {
    sendError(res, 405, { error: { message: `${url.pathname} does not accept ${req.method}.`, code: 'method_not_allowed' } }, { Allow: match.allowed.join(', ') });
    return;
  }
  const { entry, params } = match;
  // A field given as its own parameter (?limit=10) would otherwise be ignored without a word.
  const stray = [...new Set(url.searchParams.keys())].filter((key) => key !== 'input');
  if (stray.length > 0) {
    const carrier = fieldsInQuery(entry.spec) ? `the input query parameter, e.g. ?input=${encodeURIComponent('{"limit":10}')} for {"limit":10}` : 'the JSON request body';
    sendError(res, 400, {
      error: {
        message: `Unknown query parameter${stray.length > 1 ? 's' : ''} ${stray.map((k) => `"${k}"`).join(', ')}: ${entry.name} takes its fields as one JSON object in ${carrier}.`,
        code: 'bad_request',
      },
    });
    return;
  }
  try {
    const request = await buildRequest(req, entry.spec, params, url.searchParams.get('input'), maxUploadBytes);
    const handler = core[entry.name] as (request: unknown) => Promise<unknown>;
    const result = await handler.call(core, request);
    writeResult(res, entry.spec, result);
  } catch (error) {
    const { status, body, expected } = describeError(error);
    if (!expected) log(`api: ${entry.spec.method} ${entry.spec.path} (${entry.name}) failed: ${(error as Error)?.stack ?? String(error)}`);
    // A refused upload has an unread body behind it: close rather than drain it.
    const extra: Record<string, string> = status === 413 ? { Connection: 'close' } : {};
    sendError(res, status, body, extra);
  }
}
