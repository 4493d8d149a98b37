import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { locateElectron } from '../../../../electron/host/electron-binary';

let pkg: string;

beforeEach(() => {
  pkg = mkdtempSync(path.join(tmpdir(), 'electron-pkg-'));
  writeFileSync(path.join(pkg, 'package.json'), '{"name":"electron"}');
});
afterEach(() => rmSync(pkg, { recursive: true, force: true }));

function fakeBinary(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}

describe('locateElectron', () => {
  it('says the binary was never downloaded when path.txt is missing (and never loads the package)', () => {
    writeFileSync(path.join(pkg, 'index.js'), 'throw new Error("index.js must not be loaded")');
    const found = locateElectron(pkg, {}, 'linux');
    expect(found).toEqual({ found: false, reason: expect.stringContaining('path.txt is missing') });
  });

  it('finds dist/<path.txt> when it is an executable file', () => {
    writeFileSync(path.join(pkg, 'path.txt'), 'electron');
    expect(locateElectron(pkg, {}, 'linux')).toMatchObject({ found: false, reason: expect.stringContaining('not an executable file') });
    const bin = fakeBinary(path.join(pkg, 'dist'), 'electron');
    expect(locateElectron(pkg, {}, 'linux')).toEqual({ found: true, executablePath: bin });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the package does', () => {
    const other = mkdtempSync(path.join(tmpdir(), 'electron-dist-'));
    try {
      const bin = fakeBinary(other, 'electron');
      expect(locateElectron(pkg, { ELECTRON_OVERRIDE_DIST_PATH: other }, 'linux')).toEqual({ found: true, executablePath: bin });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
