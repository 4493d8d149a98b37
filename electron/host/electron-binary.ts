/**
 * Finding the Electron binary of the `electron` npm package WITHOUT loading
 * the package: its index.js starts a download when the binary is missing,
 * which hangs or fails on an offline machine. The package's install script
 * writes path.txt (the binary's path inside dist/) after extracting it;
 * ELECTRON_OVERRIDE_DIST_PATH names a binary installed elsewhere (the same
 * variable the package honours).
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export type ElectronLookup = { found: true; executablePath: string } | { found: false; reason: string };

function executable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function platformBinary(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return platform === 'win32' ? 'electron.exe' : 'electron';
}

/** Look in `packageDir` (normally <root>/node_modules/electron). Never throws, never downloads. */
export function locateElectron(packageDir: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): ElectronLookup {
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const dir = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(packageDir, 'dist');
  if (!relative && !env.ELECTRON_OVERRIDE_DIST_PATH) return { found: false, reason: `${pathFile} is missing (the binary was never downloaded)` };
  const candidate = path.join(dir, relative || platformBinary(platform));
  return executable(candidate, platform) ? { found: true, executablePath: candidate } : { found: false, reason: `${candidate} is not an executable file` };
}
