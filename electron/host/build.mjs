// Builds everything without an Electron binary: the Node entry points and the
// Electron shell/preload with esbuild, the renderer with Vite. Output: dist/.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const quiet = process.argv.includes('--quiet') || process.env.npm_lifecycle_event === 'test';
const only = process.argv.includes('--node-only') ? 'node' : 'all';

const nodeCommon = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node24',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
};

const started = Date.now();
const [hostBuild] = await Promise.all([
  esbuild({
    ...nodeCommon,
    format: 'esm',
    entryPoints: {
      'host/cli': 'electron/host/cli.ts',
      'host/utility': 'electron/host/utility.ts',
      'host/desktop': 'electron/host/desktop.ts',
      'host/conformance': 'electron/host/conformance.ts',
      // Full MIME parsing off the main thread (electron/core/indexer/worker-backend.ts finds it beside the host code).
      'host/index-worker': 'electron/core/indexer/worker.ts',
      // WAL checkpoints off the main thread (electron/core/store/background-checkpointer.ts).
      'host/checkpoint-worker': 'electron/core/store/checkpoint-worker.ts',
      // Benchmark (npm run bench:capture); kept out of the package by electron-builder.yml.
      'bench/capture': 'test/bench/capture.ts',
      'bench/analyze': 'test/bench/analyze.ts',
      'bench/probe': 'test/bench/probe.ts',
      'bench/send': 'test/bench/send.ts',
      'bench/faults': 'test/bench/faults.ts',
    },
    outdir: 'dist',
    // Commands load their engines lazily (dynamic import → own chunk), so `mailscope --help` starts fast.
    splitting: true,
    chunkNames: 'host/chunks/[name]-[hash]',
    // Bundled ESM still meets CommonJS dependencies that call require().
    banner: { js: "import { createRequire as __msCreateRequire } from 'node:module'; const require = __msCreateRequire(import.meta.url);" },
    metafile: true,
  }),
  esbuild({
    ...nodeCommon,
    format: 'cjs',
    entryPoints: { 'shell/main': 'electron/shell/main.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  }),
  // A sandboxed preload cannot require anything but 'electron': bundle it whole.
  esbuild({
    ...nodeCommon,
    packages: undefined,
    format: 'cjs',
    platform: 'browser',
    target: 'chrome130',
    entryPoints: { 'preload/index': 'electron/preload/index.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  }),
]);
// Chunk names carry a content hash, so every change left the previous
// build's chunks behind (100 MB of them after a few weeks of work here, all
// of it packaged by electron-builder's dist/**). Remove every chunk this
// build did not write. A process started from an earlier build loads some
// chunks lazily: restart it after building.
const chunkDir = path.join(root, 'dist', 'host', 'chunks');
const written = new Set(Object.keys(hostBuild.metafile.outputs).map((file) => path.resolve(root, file)));
for (const name of existsSync(chunkDir) ? readdirSync(chunkDir) : []) {
  const file = path.join(chunkDir, name);
  if (!written.has(file)) rmSync(file, { force: true });
}
if (only === 'all') {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: quiet ? 'warn' : 'info' });
}
if (!quiet) console.log(`build: done in ${Date.now() - started} ms → dist/`);
