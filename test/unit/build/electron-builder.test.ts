/**
 * electron-builder.yml read the way electron-builder reads it: its own config
 * loader, its own JSON-schema validation and its own file matcher (all from
 * app-builder-lib, which electron-builder depends on). No Electron binary is
 * needed, so the packaging promises in issue 2 (targets, .eml association,
 * fuses, what goes into app.asar) fail `npm test` when they regress.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { getFileMatchers } from 'app-builder-lib/out/fileMatcher.js';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Target names of one platform section, whatever form (string, list, objects) they are written in. */
function targetNames(section: { target?: unknown } | null | undefined): string[] {
  const target = section?.target;
  const list = Array.isArray(target) ? target : target === undefined || target === null ? [] : [target];
  return list.map((t) => (typeof t === 'string' ? t : String((t as { target: string }).target)));
}

describe('electron-builder.yml', () => {
  let config: Configuration;

  beforeAll(async () => {
    config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
  });

  it('matches electron-builder’s schema (an unknown or misspelt key fails)', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The check is real: a misspelt fuses block is refused.
    const misspelt = { ...config, electronFuse: { runAsNode: true } } as Configuration;
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/electronFuse/);
  });

  it('names the app and packs it into an asar', () => {
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    expect(config.productName).toBe('Mailscope');
    expect(config.asar).toBe(true);
  });

  it('builds AppImage and deb on Linux, dmg on macOS, nsis on Windows', () => {
    expect(targetNames(config.linux).sort()).toEqual(['AppImage', 'deb']);
    expect(targetNames(config.mac)).toEqual(['dmg']);
    expect(targetNames(config.win)).toEqual(['nsis']);
    // electron-builder only registers Windows file associations for per-machine installs.
    expect(config.nsis?.perMachine).toBe(true);
  });

  it('associates .eml files as a viewer of message/rfc822', () => {
    const associations = [config.fileAssociations ?? []].flat();
    const eml = associations.filter((a) => [a.ext].flat().includes('eml'));
    expect(eml).toHaveLength(1);
    expect(eml[0]).toMatchObject({ ext: 'eml', name: 'Email message', mimeType: 'message/rfc822', role: 'Viewer' });
  });

  it('flips the fuses: no run-as-node, no NODE_OPTIONS, no inspect, asar only and integrity-checked', () => {
    expect(config.electronFuses).toEqual(
      expect.objectContaining({
        runAsNode: false,
        enableNodeOptionsEnvironmentVariable: false,
        enableNodeCliInspectArguments: false,
        onlyLoadAppFromAsar: true,
        enableEmbeddedAsarIntegrityValidation: true,
        enableCookieEncryption: true,
      }),
    );
  });

  it('ships the built app and package.json, not sources, tests, maps or the benchmark', () => {
    const matchers = getFileMatchers(config, 'files', '/app', {
      macroExpander: (pattern) => pattern,
      customBuildOptions: {},
      globalOutDir: path.join(root, 'release'),
      defaultSrc: root,
    });
    expect(matchers).not.toBeNull();
    const filter = matchers![0]!.createFilter();
    const stat = (dir: boolean) => ({ isDirectory: () => dir }) as Stats;
    const shipped = (file: string) => filter(path.join(root, file), stat(false)) === true;

    for (const file of ['package.json', 'dist/shell/main.cjs', 'dist/preload/index.cjs', 'dist/host/utility.js', 'dist/host/cli.js', 'dist/renderer/index.html']) {
      expect(shipped(file), `${file} should be in app.asar`).toBe(true);
    }
    for (const file of [
      'electron/shell/main.ts',
      'renderer/app/app.tsx',
      'shared/api/contract.ts',
      'test/unit/build/electron-builder.test.ts',
      'dist/host/cli.js.map',
      'dist/bench/capture.js',
      'README.md',
      'tsconfig.json',
    ]) {
      expect(shipped(file), `${file} should stay out of app.asar`).toBe(false);
    }
  });

  it('keeps package.json main pointing at the bundled shell', async () => {
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/shell/main.cjs');
  });
});
