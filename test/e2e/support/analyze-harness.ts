/**
 * Dev harness for the Analyze screen alone: bundles AnalyzePage with esbuild
 * into a temp dir and serves it on loopback with the offline analysis as its
 * "core" (no DNS). For looking at the screen and screenshotting it while the
 * app shell is elsewhere in progress; the e2e test uses the real app.
 *   npx tsx test/e2e/support/analyze-harness.ts   → prints {"url": …}
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Harness {
  url: string;
  close(): Promise<void>;
}

const ENTRY = `
import { createRoot } from 'react-dom/client';
import { AnalyzePage } from '${ROOT}/renderer/features/analyze/analyze-page';
import { analyzeText } from '${ROOT}/shared/analysis/analyze';
import '${ROOT}/renderer/styles/base.css';
const services = {
  analyze: async (r) => analyzeText(r.raw ?? ''),
  getRawText: async () => '',
};
document.documentElement.dataset.theme = new URLSearchParams(location.search).get('theme') ?? 'light';
createRoot(document.getElementById('root')).render(<div style={{ height: '100vh' }}><AnalyzePage services={services} /></div>);
`;

export async function startAnalyzeHarness(): Promise<Harness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailscope-analyze-harness-'));
  writeFileSync(path.join(dir, 'entry.tsx'), ENTRY);
  await build({
    entryPoints: { harness: path.join(dir, 'entry.tsx') },
    bundle: true,
    format: 'esm',
    outdir: dir,
    jsx: 'automatic',
    loader: { '.css': 'css' },
    nodePaths: [path.join(ROOT, 'node_modules')],
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'warning',
  });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><link rel="stylesheet" href="harness.css"><title>Analyze harness</title></head><body><div id="root"></div><script type="module" src="harness.js"></script></body></html>');
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0] === '/' ? 'index.html' : path.basename((req.url ?? '').split('?')[0]!);
    try {
      const body = readFileSync(path.join(dir, name));
      res.writeHead(200, { 'Content-Type': types[path.extname(name)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        }),
      ),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const h = await startAnalyzeHarness();
  console.log(JSON.stringify({ url: h.url }));
  process.on('SIGINT', () => void h.close().then(() => process.exit(0)));
  process.on('SIGTERM', () => void h.close().then(() => process.exit(0)));
}
