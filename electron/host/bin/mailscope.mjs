#!/usr/bin/env node
// `npx mailscope …` in the checkout (package.json "bin"). Plain JavaScript so
// any Node can start it: it re-executes itself under the project's pinned
// Node 24 when the current one is older (the system Node may be 20, which
// lacks what node:sqlite needs), builds dist/ when it is missing, then runs
// dist/host/cli.js with the same arguments. Exit codes and signals pass through.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), '..', '..', '..');
const major = Number(process.versions.node.split('.')[0]);

function pinnedNode() {
  const candidates =
    process.platform === 'win32'
      ? [path.join(root, 'node_modules', 'node', 'bin', 'node.exe'), path.join(root, 'node_modules', '.bin', 'node.cmd')]
      : [path.join(root, 'node_modules', '.bin', 'node'), path.join(root, 'node_modules', 'node', 'bin', 'node')];
  return candidates.find((file) => existsSync(file)) ?? null;
}

/** Run a child with our stdio, pass SIGINT/SIGTERM on, exit as it exits. */
function relay(command, args) {
  const child = spawn(command, args, { stdio: 'inherit', shell: process.platform === 'win32' && command.endsWith('.cmd') });
  const forward = (signal) => {
    if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('error', (error) => {
    process.stderr.write(`mailscope: could not start ${command}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      // Die of the same signal so our parent sees what really happened.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}

if (major < 24) {
  const node = pinnedNode();
  if (!node) {
    process.stderr.write(`mailscope: Node ${process.versions.node} is too old (Mailscope needs Node 24 or newer). Run \`npm install\` in ${root} to get the pinned Node, or install Node 24.\n`);
    process.exit(1);
  }
  relay(node, [self, ...process.argv.slice(2)]);
} else {
  const cli = path.join(root, 'dist', 'host', 'cli.js');
  const renderer = path.join(root, 'dist', 'renderer', 'index.html');
  if (!existsSync(cli) || !existsSync(renderer)) {
    process.stderr.write('mailscope: building dist/ (first run)…\n');
    const build = spawnSync(process.execPath, [path.join(root, 'electron', 'host', 'build.mjs'), '--quiet'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0 || !existsSync(cli)) {
      process.stderr.write('mailscope: the build failed; run `npm run build` in the checkout to see why.\n');
      process.exit(1);
    }
  }
  // Same process: argv, stdio and signals are already ours.
  await import(pathToFileURL(cli).href);
}
