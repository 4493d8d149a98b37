/**
 * .eml files the OS asks us to open (file association: command-line
 * arguments, a second instance's arguments, macOS `open-file`). Files that
 * arrive before the page has asked for them wait in a queue the renderer
 * drains once (`takeOpenedFiles`); files that arrive later go straight to
 * `onLate`, which imports them through the host API so the inbox shows them
 * live.
 */
import { statSync } from 'node:fs';
import path from 'node:path';

/** The .eml paths among command-line arguments, made absolute; options and missing files are skipped. */
export function emlPathsFromArgv(argv: readonly string[], cwd: string): string[] {
  const paths: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith('-') || !/\.eml$/i.test(arg)) continue;
    const full = path.resolve(cwd, arg);
    try {
      if (statSync(full).isFile()) paths.push(full);
    } catch {
      // not a file we can read: ignore, as other apps do for stale associations
    }
  }
  return paths;
}

export class OpenedFiles {
  private queue: string[] = [];
  private taken = false;

  constructor(
    initial: string[],
    private readonly onLate: (paths: string[]) => void,
  ) {
    this.queue = [...initial];
  }

  /** Record newly opened files. */
  add(paths: string[]): void {
    if (paths.length === 0) return;
    if (this.taken) this.onLate(paths);
    else this.queue.push(...paths);
  }

  /** Hand the queued files to the renderer, once; later files go to onLate. */
  take(): string[] {
    this.taken = true;
    const paths = this.queue;
    this.queue = [];
    return paths;
  }
}
