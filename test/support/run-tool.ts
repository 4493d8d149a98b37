/**
 * Run an external client (swaks, curl, python3) without blocking the event
 * loop — the SMTP server under test lives in the same process — and with a
 * hard time limit so a hung client fails the test instead of hanging it.
 */
import { execFile, spawnSync } from 'node:child_process';

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runTool(command: string, args: string[], options: { input?: string | Buffer; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<ToolResult> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { timeout: options.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', env: options.env ?? process.env },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: unknown }).code as number | null) : 0;
        resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** True when `command` can be run here (for skip-with-reason). */
export function hasTool(command: string, versionArgs: string[] = ['--version']): boolean {
  const result = spawnSync(command, versionArgs, { stdio: 'ignore', timeout: 10_000 });
  return result.error === undefined;
}
