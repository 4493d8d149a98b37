/**
 * Entry point of the Electron utility process that runs the core for the
 * desktop app (electron/shell/core-process.ts forks dist/host/utility.js).
 * Plain Node plus Electron's `process.parentPort`; it must never import
 * 'electron' (the npm package would try to download a binary).
 *
 * Protocol: → {type:'ready', url, smtpPort} once listening, or
 * {type:'error', message}; ← {type:'stop'} closes everything and exits 0.
 * Also → {type:'secret.request'} / ← {type:'secret.response'}: send-profile
 * passwords encrypted by the shell's safeStorage (shared/api/secret-channel.ts).
 */
import { createPortSecretBridge } from '../core/send/secret-store';
import { defaultDataDir } from './data-dir';
import { parseArgs } from './parse-args';
import { startHost } from './start-host';
import type { HostHandle } from './start-host';

/** The part of Electron's ParentPort used here (not in @types/node). */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function post(message: unknown): void {
  if (parentPort) parentPort.postMessage(message);
  else process.stdout.write(`${JSON.stringify(message)}\n`);
}

let host: HostHandle | null = null;
let stopping = false;

async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  try {
    await host?.close();
  } finally {
    process.exit(0);
  }
}

parentPort?.on('message', (event) => {
  if ((event?.data as { type?: string } | null)?.type === 'stop') void stop();
});
process.on('SIGTERM', () => void stop());

try {
  const { flags } = parseArgs(process.argv.slice(2), { data: 'string', 'smtp-port': 'port', 'http-port': 'port', 'smtp-host': 'string' });
  host = await startHost({
    dataDir: typeof flags.data === 'string' ? flags.data : defaultDataDir(),
    ...(flags['smtp-port'] !== undefined ? { smtpPort: flags['smtp-port'] as number } : {}),
    ...(flags['http-port'] !== undefined ? { httpPort: flags['http-port'] as number } : {}),
    ...(flags['smtp-host'] !== undefined ? { smtpHost: flags['smtp-host'] as string } : {}),
    // Send-profile passwords are encrypted by the shell's safeStorage, asked over this port.
    ...(parentPort ? { secretBridge: createPortSecretBridge((m) => parentPort.postMessage(m), (listener) => parentPort.on('message', (event) => listener(event?.data))) } : {}),
  });
  // A capture server that could not start is shown in the UI (status.error), not fatal here.
  post({ type: 'ready', url: host.url, smtpPort: host.smtpPort });
} catch (error) {
  post({ type: 'error', message: (error as Error)?.message ?? String(error) });
  process.exit(1);
}
