/**
 * The typed API client, generated from the route table in shared/api/contract.ts:
 * one method per route, each encoding its request with shared/api/http.ts, so
 * adding an operation to the contract adds it here with no code change.
 *
 * Every call carries `Authorization: Bearer <token>`. Binary responses come
 * back as `Binary` (bytes + content type + suggested file name); binary
 * request bodies are sent raw. Failures throw ApiError with the server's
 * plain-language message (ApiErrorBody), or a plain message of our own when
 * the server could not be reached at all.
 */
import { routes } from '../../shared/api/contract';
import type { ApiErrorBody, ApiMethod, ApiRequest, ApiResponse, Binary, RouteSpec } from '../../shared/api/contract';
import { encodeRequest } from '../../shared/api/http';

/** Operations whose request is empty may be called without an argument. */
type CallArgs<M extends ApiMethod> = Record<string, never> extends ApiRequest<M> ? [request?: ApiRequest<M>] : [request: ApiRequest<M>];

/** One async method per contract operation. */
export type ApiClient = { [M in ApiMethod]: (...args: CallArgs<M>) => Promise<ApiResponse<M>> };

/** A failed API call: `message` is written for the user, `code` is stable for code. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** The server's error code ("not_found", "unauthorized"…) or "network" when unreachable. */
    readonly code: string,
    /** HTTP status, 0 when no response arrived. */
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiClientOptions {
  /** Origin of the host, e.g. http://127.0.0.1:41234 ('' for same-origin relative URLs). */
  baseUrl: string;
  /** The per-run token (see token.ts). */
  token: string;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** `filename*=UTF-8''…` first (it carries non-ASCII names), then `filename="…"`. */
export function filenameFromDisposition(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall back to the plain parameter
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header) ?? /filename\s*=\s*([^;]+)/i.exec(header);
  return plain?.[1]?.trim() || undefined;
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> | null = null;
  try {
    body = (await response.json()) as Partial<ApiErrorBody>;
  } catch {
    // not JSON: a proxy or a crashed host; described below
  }
  const message = body?.error?.message ?? `The Mailscope host answered ${response.status} ${response.statusText || ''}`.trim() + '.';
  return new ApiError(message, body?.error?.code ?? 'http_error', response.status);
}

/** Build the client. Exported pieces are pure so they run under Node in unit tests. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

  async function call(spec: RouteSpec, request: Record<string, unknown>): Promise<unknown> {
    const encoded = encodeRequest(spec, request);
    const headers: Record<string, string> = { Authorization: `Bearer ${options.token}` };
    let body: BodyInit | undefined;
    if (spec.requestBody === 'binary') {
      const bin = request.body as Binary | undefined;
      headers['Content-Type'] = bin?.contentType || 'application/octet-stream';
      // A fresh ArrayBuffer-backed view: fetch rejects SharedArrayBuffer views.
      body = encoded.body instanceof Uint8Array ? new Blob([encoded.body as Uint8Array<ArrayBuffer>]) : undefined;
    } else if (typeof encoded.body === 'string') {
      headers['Content-Type'] = 'application/json';
      body = encoded.body;
    }
    let response: Response;
    try {
      response = await doFetch(options.baseUrl + encoded.url, { method: spec.method, headers, body, cache: 'no-store' });
    } catch {
      throw new ApiError('Mailscope could not reach its host process. Is `mailscope serve` (or the app) still running?', 'network', 0);
    }
    if (!response.ok) throw await errorFrom(response);
    if (spec.responseBody === 'binary') {
      const bytes = new Uint8Array(await response.arrayBuffer());
      const result: Binary = { bytes, contentType: response.headers.get('Content-Type') ?? 'application/octet-stream' };
      const filename = filenameFromDisposition(response.headers.get('Content-Disposition'));
      if (filename) result.filename = filename;
      return result;
    }
    return response.json();
  }

  const client: Record<string, (request?: Record<string, unknown>) => Promise<unknown>> = {};
  for (const name of Object.keys(routes) as ApiMethod[]) {
    const spec: RouteSpec = routes[name];
    client[name] = (request = {}) => call(spec, request);
  }
  return client as unknown as ApiClient;
}

/** The user-facing text of any error thrown by a call. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}
