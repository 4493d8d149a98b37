/**
 * Finding a worker_threads entry the build made (electron/host/build.mjs
 * bundles each worker as dist/host/<name>.js). Core code is bundled into
 * dist/host/*.js or into a split chunk in dist/host/chunks/, so the worker is
 * in this folder or the one above. Run from the sources (vitest) there is no
 * such file: callers then do the work on the main thread.
 */
import { existsSync } from 'node:fs';

export function findBuiltWorker(fileName: string, from: string | URL = import.meta.url): URL | null {
  for (const candidate of [`./${fileName}`, `../${fileName}`]) {
    const url = new URL(candidate, from);
    if (url.protocol === 'file:' && existsSync(url)) return url;
  }
  return null;
}
