/**
 * `mailscope` subcommands for scripts and CI:
 *
 *   serve   the headless host; prints ONE JSON line {"url","smtpPort","dataDir"}
 *           to stdout (url carries the token in its #fragment) and runs until
 *           SIGINT/SIGTERM, then closes HTTP, SMTP and the database, exit 0
 *   export  every stored message as NNNNNN.eml (byte-exact) + index.json
 *   import  .eml / mbox files and Maildir folders into a workspace
 *
 * Bad usage exits with 2 and a message on stderr; failures with 1. stdout
 * carries only results (the JSON line, export/import summaries) so scripts
 * can parse it; diagnostics go to stderr.
 */
import path from 'node:path';
import { appVersion } from './app-info';
import { defaultDataDir } from './data-dir';
import { parseArgs, UsageError } from './parse-args';
// Each command loads its own engine when it runs (dynamic imports become
// separate chunks): `--help` or a usage error should not pay for SQLite,
// smtp-server and mailauth.

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  stopSignal: () => Promise<string>;
  /** Whether stdin is a terminal (analyze then needs a FILE instead of waiting for input). */
  stdinIsTTY?: boolean;
  /** Whether stdout / stderr are terminals (probe colours its statuses and redraws one progress line only then). */
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
  /** Terminal width, when known. */
  columns?: number;
}

export const USAGE = `Usage: mailscope <command> [options]

Commands:
  serve   [--data DIR] [--smtp-port N] [--http-port N] [--smtp-host ADDR] [--faults FILE]
          Run the headless host. Prints one JSON line to stdout:
            {"url":"http://127.0.0.1:PORT/#token=…","smtpPort":N,"dataDir":"…"}
          Open the url in a browser; point your app's SMTP at the smtpPort.
          Port 0 picks a free port. Stops cleanly on Ctrl+C / SIGTERM.
          --faults FILE applies fault rules (JSON, as PUT /api/faults takes)
          before the line is printed; they are saved in the workspace.
  export  [--data DIR] --out DIR
          Write every stored message as NNNNNN.eml (byte-exact) plus
          index.json (summaries and envelopes).
  import  [--data DIR] FILE|DIR…
          Import .eml files, mbox files and Maildir folders.
  analyze [FILE|-] [--json] [--dns HOST:PORT] [--offline] [--at ISO-TIME]
          Explain a header block or a whole message ("mailscope analyze --help").
  probe   DOMAIN [--ip IP] [--selector S]… [--mx-host HOST[:PORT]] [--rcpt ADDRESS] [--dns IP[:PORT]] [--no-smtp] [--json]
          Check a domain's mail health live ("mailscope probe --help").
  send    (--server HOST[:PORT] | --mx [--port N]) [--dns IP[:PORT]]… [--security none|starttls|starttls-required|tls]
          [--user U --pass-env VAR] [--from A] [--to A]… (--eml FILE | --subject S --text T) [--json]
          Send a test message and print the SMTP transcript live ("mailscope send --help").

Options:
  --data DIR   workspace directory (default: ${'$'}MAILSCOPE_DATA_DIR or the app-data folder,
               e.g. ~/.local/share/mailscope)
  --help       show this help
  --version    print the version
`;

function dataDirOf(flags: Record<string, unknown>, env: NodeJS.ProcessEnv): string {
  return path.resolve(typeof flags.data === 'string' ? flags.data : defaultDataDir(env));
}

async function serve(argv: string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseArgs(argv, { data: 'string', 'smtp-port': 'port', 'http-port': 'port', 'smtp-host': 'string', faults: 'string' });
  if (positionals.length > 0) throw new UsageError(`serve takes no arguments (got "${positionals[0]}").`);
  // Checked before anything starts: a bad rules file is a usage error, not a half-configured server.
  const faults = typeof flags.faults === 'string' ? await (await import('./faults-file')).readFaultsFile(path.resolve(flags.faults)) : null;
  const { startHost } = await import('./start-host');
  const host = await startHost({
    dataDir: dataDirOf(flags, io.env),
    forceStartCapture: true,
    ...(flags['smtp-port'] !== undefined ? { smtpPort: flags['smtp-port'] as number } : {}),
    ...(flags['http-port'] !== undefined ? { httpPort: flags['http-port'] as number } : {}),
    ...(flags['smtp-host'] !== undefined ? { smtpHost: flags['smtp-host'] as string } : {}),
  });
  if (!host.capture.running) {
    // Headless capture without an SMTP listener is useless in CI: fail loudly.
    io.stderr(`mailscope: ${host.capture.error ?? 'the capture server did not start.'}\n`);
    await host.close();
    return 1;
  }
  if (faults) await host.core.setFaults({ faults });
  io.stdout(`${JSON.stringify({ url: host.url, smtpPort: host.smtpPort, dataDir: host.dataDir })}\n`);
  const signal = await io.stopSignal();
  io.stderr(`mailscope: ${signal} received, stopping…\n`);
  await host.close();
  return 0;
}

async function runExport(argv: string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseArgs(argv, { data: 'string', out: 'string' });
  if (positionals.length > 0) throw new UsageError(`export takes no arguments (got "${positionals[0]}").`);
  if (typeof flags.out !== 'string') throw new UsageError('export needs --out DIR (where the .eml files and index.json go).');
  const out = path.resolve(flags.out);
  const { exportWorkspace } = await import('./export-workspace');
  const count = await exportWorkspace(dataDirOf(flags, io.env), out);
  io.stdout(`Exported ${count} message${count === 1 ? '' : 's'} to ${out}\n`);
  return 0;
}

async function runImport(argv: string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseArgs(argv, { data: 'string' });
  if (positionals.length === 0) throw new UsageError('import needs at least one file or Maildir folder.');
  const dataDir = dataDirOf(flags, io.env);
  const { importIntoWorkspace } = await import('./import-workspace');
  const result = await importIntoWorkspace(dataDir, positionals.map((p) => path.resolve(p)));
  io.stdout(`Imported ${result.imported} message${result.imported === 1 ? '' : 's'} into ${dataDir}\n`);
  for (const problem of result.errors) io.stderr(`mailscope: ${problem.source}: ${problem.error}\n`);
  return result.errors.length > 0 ? 1 : 0;
}

/** Run one command line; resolves with the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'analyze' && command !== 'probe' && command !== 'send' && (rest.includes('--help') || rest.includes('-h'))) {
    io.stdout(USAGE);
    return 0;
  }
  try {
    switch (command) {
      case undefined:
        io.stderr(USAGE);
        return 2;
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE);
        return 0;
      case '--version':
      case '-v':
        io.stdout(`${appVersion()}\n`);
        return 0;
      case 'serve':
        return await serve(rest, io);
      case 'export':
        return await runExport(rest, io);
      case 'import':
        return await runImport(rest, io);
      case 'analyze': {
        const { runAnalyze } = await import('./analyze-command');
        return await runAnalyze(rest, { stdout: io.stdout, stderr: io.stderr, ...(io.stdinIsTTY !== undefined ? { stdinIsTTY: io.stdinIsTTY } : {}) });
      }
      case 'send': {
        const { runSendCommand } = await import('./send-command');
        return await runSendCommand(rest, io);
      }
      case 'probe': {
        const { runProbeCommand } = await import('./probe-command');
        return await runProbeCommand(rest, io);
      }
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    // A flag value the core refuses (e.g. --smtp-host "not a host") is bad usage too.
    if (error instanceof UsageError || (error as { code?: unknown })?.code === 'bad_request') {
      io.stderr(`mailscope: ${(error as Error).message}\nRun "mailscope --help" for usage.\n`);
      return 2;
    }
    const message = (error as Error)?.message ?? String(error);
    io.stderr(`mailscope: ${message}\n`);
    return 1;
  }
}
