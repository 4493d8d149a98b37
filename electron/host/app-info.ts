/**
 * Facts about the installed app that every entry point needs: the project
 * root, the version from package.json, the built renderer. The root is found
 * by walking up to our package.json, because this code runs from
 * electron/host/*.ts (tests), dist/host/*.js, dist/host/chunks/*.js (the
 * bundler moves shared code there) and app.asar alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    try {
      if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'mailscope') return dir;
    } catch {
      // unreadable or not JSON: keep looking
    }
  }
  return path.resolve(from, '..', '..');
}

export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

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
