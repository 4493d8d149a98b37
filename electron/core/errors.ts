/**
 * Errors the core throws on purpose. Their `code` is one of the codes the HTTP
 * adapter maps to a status (electron/server/error-response.ts), and their
 * message is written for the user: it is shown as is. Anything else thrown by
 * the core is treated as a bug (a generic 500, details in the log).
 */

/** Codes the core uses; each maps to an HTTP status in the adapter. */
export type CoreErrorCode = 'bad_request' | 'not_found' | 'conflict' | 'too_large' | 'unprocessable' | 'unavailable';

export class CoreError extends Error {
  constructor(
    readonly code: CoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CoreError';
  }
}

/** Shorthand for "the caller asked for something malformed". */
export function badRequest(message: string): CoreError {
  return new CoreError('bad_request', message);
}

/** Shorthand for "no such thing". */
export function notFound(message: string): CoreError {
  return new CoreError('not_found', message);
}
