/**
 * The smoke test's skip decision must be right both ways: skip with a reason
 * when there is no binary, run when there is one. Checked on throw-away
 * package folders shaped like node_modules/electron.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-binary';

describe('findElectronBinary', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mailscope-electron-pkg-'));
    writeFileSync(path.join(dir, 'package.json'), '{"name":"electron"}');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const fakeBinary = (file: string): void => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
  };

  it('reports a missing binary with the stated reason when path.txt was never written', () => {
    const result = findElectronBinary(dir, {}, 'linux');
    expect(result.found).toBe(false);
    if (!result.found) expect(result.reason).toMatch(/^Electron binary not installed: it cannot be downloaded on this machine/);
  });

  it('reports a missing binary when path.txt names a file that is not there', () => {
    writeFileSync(path.join(dir, 'path.txt'), 'electron');
    expect(findElectronBinary(dir, {}, 'linux')).toMatchObject({ found: false });
  });

  it('reports a missing package without throwing', () => {
    expect(findElectronBinary(path.join(dir, 'nope'), {}, 'linux')).toMatchObject({ found: false });
  });

  it('finds the binary named by path.txt under dist/', () => {
    writeFileSync(path.join(dir, 'path.txt'), 'electron');
    fakeBinary(path.join(dir, 'dist', 'electron'));
    expect(findElectronBinary(dir, {}, 'linux')).toEqual({ found: true, executablePath: path.join(dir, 'dist', 'electron') });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package does', () => {
    const other = path.join(dir, 'elsewhere');
    fakeBinary(path.join(other, 'electron'));
    expect(findElectronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: other }, 'linux')).toEqual({ found: true, executablePath: path.join(other, 'electron') });
    expect(findElectronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'empty') }, 'linux')).toMatchObject({ found: false });
  });

  it('never requires the electron package (which would try to download the binary)', () => {
    // A package whose index.js throws if it is loaded: detection must not load it.
    writeFileSync(path.join(dir, 'index.js'), 'throw new Error("required!")');
    expect(() => findElectronBinary(dir, {}, 'linux')).not.toThrow();
  });
});
