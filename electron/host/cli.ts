/**
 * Entry point of `mailscope` (bundled to dist/host/cli.js; see
 * bin/mailscope.mjs for `npx mailscope`). Wires the process — argv, stdout,
 * signals, exit code — to runCli.
 */
import { runCli } from './cli-commands';

let signalled: ((signal: string) => void) | null = null;
let firstSignalAt = 0;
const received: string[] = [];

/**
 * Ctrl+C reaches every process of the terminal's foreground group, and
 * bin/mailscope.mjs also forwards it: the same keypress can arrive twice
 * within milliseconds. Only a signal well after the first means "now".
 */
const REPEAT_MS = 500;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (firstSignalAt !== 0) {
      if (Date.now() - firstSignalAt < REPEAT_MS) return;
      // A second Ctrl+C means "now": the database is consistent after every commit anyway.
      process.stderr.write('mailscope: stopping immediately.\n');
      process.exit(130);
    }
    firstSignalAt = Date.now();
    received.push(signal);
    signalled?.(signal);
  });
}

const stopSignal = (): Promise<string> =>
  new Promise((resolve) => {
    if (received.length > 0) resolve(received[0] as string);
    else signalled = resolve;
  });

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  stopSignal,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
});
process.exitCode = code;
// Anything still holding the event loop (a client's idle keep-alive socket) must not keep a finished command alive.
setTimeout(() => process.exit(code), 2000).unref();
