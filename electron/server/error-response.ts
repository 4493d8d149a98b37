/**
 * Failed calls answer `{ error: { message, code } }` with a real HTTP status
 * (HTTP Toolkit's rest-api convention). Errors the core throws on purpose
 * (CoreError, see electron/core/errors.ts) carry a stable `code` and a message
 * written for the user; everything else is a bug, answered with a generic 500
 * while the details go to stderr only.
 */
import type { ServerResponse } from 'node:http';
import type { ApiErrorBody } from '../../shared/api/contract';

/** HTTP status for each error code the core or this server uses. */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  bad_request: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  forbidden_host: 403,
  forbidden_origin: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  unavailable: 503,
};

/** An error raised by the server itself, with its status code chosen. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** What the client should see for an error thrown while handling a request. */
export function describeError(error: unknown): { status: number; body: ApiErrorBody; expected: boolean } {
  if (error instanceof HttpError) {
    return { status: error.status, body: { error: { message: error.message, code: error.code } }, expected: true };
  }
  // Duck-typed rather than `instanceof CoreError`: the code is the contract,
  // and Node's own errors (code 'ENOENT'…) are not in the table, so they stay
  // internal instead of leaking paths to the client.
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof Error && typeof code === 'string' && code in STATUS_BY_CODE) {
    return { status: STATUS_BY_CODE[code] as number, body: { error: { message: error.message, code } }, expected: true };
  }
  return {
    status: 500,
    body: { error: { message: 'Something went wrong inside Mailscope. The details are in its log.', code: 'internal' } },
    expected: false,
  };
}

/** Write an error as JSON. Safe to call when headers may already be sent. */
export function sendError(res: ServerResponse, status: number, body: ApiErrorBody, extraHeaders: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...extraHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Shorthand for a server-chosen error. */
export function sendHttpError(res: ServerResponse, status: number, code: string, message: string, extraHeaders?: Record<string, string>): void {
  sendError(res, status, { error: { message, code } }, extraHeaders);
}
