/**
 * Runs the core (electron/host/utility.ts) in an Electron utility process, so
 * SQLite, MIME parsing and SMTP never block the main process (Electron
 * performance guide: never block the main process). The child reports
 * `{type:'ready', url, smtpPort}`; on quit it gets `{type:'stop'}` and a hard
 * kill if it has not exited in time (the same fallback HTTP Toolkit uses).
 */
import { utilityProcess } from 'electron';
import type { UtilityProcess } from 'electron';
import { answerSecretRequest } from './secret-bridge';

/** Messages the utility process sends (see electron/host/utility.ts). */
export type CoreProcessMessage =
  | { type: 'ready'; url: string; smtpPort: number | null }
  | { type: 'error'; message: string };

export interface CoreProcess {
  /** Host URL with `#token=…`. */
  url: string;
  smtpPort: number | null;
  /** Ask the core to stop (closes SMTP, HTTP, store); kill it after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface CoreProcessOptions {
  /** dist/host/utility.js */
  modulePath: string;
  /** Flags passed on (e.g. --data, --smtp-port). */
  args: string[];
  /** How long to wait for `ready`. */
  readyTimeoutMs?: number;
}

function waitForExit(child: UtilityProcess, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export function startCoreProcess(options: CoreProcessOptions): Promise<CoreProcess> {
  const child = utilityProcess.fork(options.modulePath, options.args, { serviceName: 'Mailscope core', stdio: 'inherit' });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  // The core asks for send-profile secrets to be encrypted/decrypted with safeStorage (secret-bridge.ts).
  child.on('message', (message: unknown) => {
    const answer = answerSecretRequest(message);
    if (answer && !exited) child.postMessage(answer);
  });

  const stop = async (timeoutMs = 5000): Promise<void> => {
    if (exited) return;
    const exit = waitForExit(child, timeoutMs);
    child.postMessage({ type: 'stop' });
    if (!(await exit)) child.kill();
  };

  return new Promise((resolve, reject) => {
    const timeoutMs = options.readyTimeoutMs ?? 30_000;
    const timer = setTimeout(() => {
      reject(new Error(`The Mailscope core did not start within ${Math.round(timeoutMs / 1000)} s.`));
      child.kill();
    }, timeoutMs);
    child.on('message', (message: CoreProcessMessage) => {
      if (message?.type === 'ready') {
        clearTimeout(timer);
        resolve({ url: message.url, smtpPort: message.smtpPort, stop });
      } else if (message?.type === 'error') {
        clearTimeout(timer);
        reject(new Error(message.message));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The Mailscope core exited before it was ready (exit code ${code}).`));
    });
  });
}
