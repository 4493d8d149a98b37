/**
 * Facts about the installed app that every entry point needs: the project
 * root (two levels above both electron/host/*.ts and the bundled
 * dist/host/*.js), the version from package.json, the built renderer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** dist/renderer, served as the UI. */
export const RENDERER_DIR = path.join(PROJECT_ROOT, 'dist', 'renderer');

let cachedVersion: string | null = null;

/** The version in package.json ("0.0.0" if it cannot be read). */
export function appVersion(): string {
  if (cachedVersion === null) {
    try {
      cachedVersion = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
    } catch {
      cachedVersion = '0.0.0';
    }
  }
  return cachedVersion;
}
