/**
 * Where a workspace lives when no --data is given: the platform's per-user
 * application-data folder, shared by `mailscope serve` and the desktop app so
 * both see the same inbox. MAILSCOPE_DATA_DIR overrides it (CI, containers).
 */
import { homedir } from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (env.MAILSCOPE_DATA_DIR) return path.resolve(env.MAILSCOPE_DATA_DIR);
  if (platform === 'win32') return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), 'Mailscope');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'Mailscope');
  // XDG: a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.posix.join(home, '.local', 'share');
  return path.posix.join(xdg, 'mailscope');
}
