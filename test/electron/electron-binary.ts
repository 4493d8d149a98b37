/**
 * Where the Electron binary is, found the way node_modules/electron/index.js
 * finds it but WITHOUT requiring that module: since Electron 36 or so,
 * requiring it starts a download when the binary is missing, which hangs or
 * fails on an offline machine. (Playwright's `_electron.launch` requires it
 * too when no executablePath is given, so the smoke test always passes one.)
 *
 * The package's install script writes `path.txt` (the binary's path inside
 * `dist/`) only after the binary was extracted; ELECTRON_OVERRIDE_DIST_PATH
 * points at a binary installed elsewhere.
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export type ElectronBinary = { found: true; executablePath: string } | { found: false; reason: string };

/** Binary name inside dist/ per platform, for when path.txt is missing but an override dir is given. */
function defaultBinaryName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (process.platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Look for the binary of the `electron` package in `electronPackageDir`
 * (normally <root>/node_modules/electron). Never throws, never downloads.
 */
export function findElectronBinary(
  electronPackageDir: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): ElectronBinary {
  const notInstalled = 'Electron binary not installed: it cannot be downloaded on this machine';
  if (!existsSync(path.join(electronPackageDir, 'package.json'))) {
    return { found: false, reason: `${notInstalled} (the electron package itself is missing from ${electronPackageDir})` };
  }
  const pathFile = path.join(electronPackageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = path.join(override, relative || defaultBinaryName(platform));
    return isExecutableFile(candidate)
      ? { found: true, executablePath: candidate }
      : { found: false, reason: `${notInstalled} (ELECTRON_OVERRIDE_DIST_PATH is set but ${candidate} is not an executable file)` };
  }
  if (!relative) {
    return { found: false, reason: `${notInstalled} (node_modules/electron/path.txt is missing: the install script did not fetch it)` };
  }
  const candidate = path.join(electronPackageDir, 'dist', relative);
  return isExecutableFile(candidate)
    ? { found: true, executablePath: candidate }
    : { found: false, reason: `${notInstalled} (path.txt names ${candidate}, which is not an executable file)` };
}
