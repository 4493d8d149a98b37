/**
 * Serves the built renderer (dist/renderer) without the token: the page holds
 * no secret (the token lives in the URL fragment, which browsers never send),
 * so another local process that fetches it learns nothing. Unknown paths
 * without a file extension fall back to index.html (client-side routes);
 * anything that tries to leave the folder is refused.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { sendHttpError } from './error-response';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Map a URL path to a file inside `root`, or null when the path is not
 * acceptable (encoded slashes or NULs, `..` segments, bad escapes). Checked on
 * the decoded segments and again on the resolved path.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  const segments: string[] = [];
  for (const raw of urlPath.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '' || segment === '.') continue;
    if (segment === '..' || /[\\/\0]/.test(segment) || /^[a-zA-Z]:/.test(segment)) return null;
    segments.push(segment);
  }
  const base = path.resolve(root);
  const full = path.resolve(base, ...segments);
  if (full !== base && !full.startsWith(base + path.sep)) return null;
  return full;
}

async function fileSize(file: string): Promise<number | null> {
  try {
    const info = await stat(file);
    return info.isFile() ? info.size : null;
  } catch {
    return null;
  }
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, size: number, cacheControl: string): void {
  const type = MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': size, 'Cache-Control': cacheControl });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** Answer a GET/HEAD for a static file under `rendererDir`. */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, rendererDir: string, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendHttpError(res, 405, 'method_not_allowed', 'Only GET and HEAD are allowed here.', { Allow: 'GET, HEAD' });
    return;
  }
  const file = resolveStaticPath(rendererDir, pathname);
  if (file === null) {
    sendHttpError(res, 400, 'bad_request', 'That path is not allowed.');
    return;
  }
  const size = await fileSize(file);
  if (size !== null) {
    // Vite puts content-hashed names under assets/: those never change.
    const immutable = pathname.startsWith('/assets/');
    sendFile(req, res, file, size, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    return;
  }
  if (path.extname(pathname) !== '') {
    sendHttpError(res, 404, 'not_found', 'No such file.');
    return;
  }
  const index = path.join(rendererDir, 'index.html');
  const indexSize = await fileSize(index);
  if (indexSize === null) {
    sendHttpError(res, 503, 'unavailable', `The user interface is not built (no ${index}). Run: npm run build`);
    return;
  }
  sendFile(req, res, index, indexSize, 'no-cache');
}
