/**
 * What `npm start` runs after the build: the desktop app. It starts the
 * Electron binary on the project directory when there is one; where the
 * binary could not be downloaded (an offline machine) it says so in one
 * plain message and points to the browser-based `npm run serve` instead of
 * printing a stack trace.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './app-info';
import { locateElectron } from './electron-binary';

export const NO_ELECTRON_MESSAGE =
  'The Electron binary is not installed on this machine (it could not be downloaded). Run `npm run serve` to use Mailscope in your browser.';

const lookup = locateElectron(path.join(PROJECT_ROOT, 'node_modules', 'electron'));
if (!lookup.found) {
  process.stderr.write(`${NO_ELECTRON_MESSAGE}\n`);
  process.exit(1);
}

// Inherited from an npm script or a parent Electron, this would make the binary act as plain Node.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;

const child = spawn(lookup.executablePath, [PROJECT_ROOT, ...process.argv.slice(2)], { stdio: 'inherit', env });
child.on('error', (error) => {
  process.stderr.write(`Could not start Electron (${error.message}). ${NO_ELECTRON_MESSAGE.split('. ')[1]}\n`);
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
