/**
 * Reads a request body with a size cap. A declared Content-Length over the cap
 * is refused before a byte is read; a chunked body is counted as it streams
 * and refused the moment it passes the cap, so a huge upload never sits in
 * memory whole.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './error-response';

/** Largest JSON request body: requests are small objects (ids, settings, paths). */
export const MAX_JSON_BODY_BYTES = 16 * 1024 * 1024;
/** Largest binary upload (an .eml or mbox file dropped on the window). */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

function humanSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'payload_too_large', `The request body is larger than ${humanSize(limit)}, the most this server accepts.`);
}

/** Collect the body, or reject with a 413 HttpError once it exceeds `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error: Error | null): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        // Stop reading; the caller answers 413 with Connection: close.
        req.pause();
        finish(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(null);
    const onError = (error: Error): void => finish(new HttpError(400, 'bad_request', `The request body could not be read: ${error.message}`));
    const onAborted = (): void => finish(new HttpError(400, 'bad_request', 'The client closed the connection before the body was complete.'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
