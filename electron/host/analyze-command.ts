/**
 * `mailscope analyze [FILE|-] [--json] [--dns HOST:PORT] [--offline] [--at ISO-TIME]`
 *
 * Analyzes a header block or a whole message from a file or standard input,
 * in this process (no host needed). Human-readable by default, ranked
 * findings first; `--json` prints one object whose top-level keys include
 * findings, hops, authentication, alignment, vendorVerdicts and verification.
 *
 * Exit codes: 0 analyzed (whatever the verdict), 2 bad usage, 1 the input
 * could not be read. stdout carries only the result; problems go to stderr.
 */
import { readFile } from 'node:fs/promises';
import type { AnalysisReport } from '../../shared/model/analysis';
import { analyzeInput, checkAnalysisOptions } from '../core/analysis/analyze-service';
import { formatReport } from './analyze-format';
import { parseArgs, UsageError } from './parse-args';

/** What the command needs from its process (injectable for tests). */
export interface AnalyzeIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Standard input as bytes; read only for `-` or no FILE. */
  readStdin?: () => Promise<Uint8Array>;
  /** Whether stdin is a terminal (then "no FILE" is a usage error instead of a silent wait). */
  stdinIsTTY?: boolean;
}

export const ANALYZE_USAGE = `Usage: mailscope analyze [FILE|-] [--json] [--dns HOST:PORT] [--offline] [--at ISO-TIME]

Explain a header block or a whole message (.eml): findings ranked by how
likely they explain the placement, the Received hops, Authentication-Results,
SPF/DKIM/DMARC alignment and vendor spam verdicts.

  FILE              the headers or .eml to read; "-" or nothing reads stdin
  --json            print one JSON object instead of text
  --dns HOST:PORT   DNS server for the live re-checks (default: the system's)
  --offline         no DNS at all: only what the headers say
  --at ISO-TIME     judge signature times as of this time (old messages)
`;

/** Read all of process.stdin. */
async function readProcessStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Run `mailscope analyze`; resolves with the exit code. */
export async function runAnalyze(argv: string[], io: AnalyzeIo): Promise<number> {
  let flags: Record<string, string | number | boolean>;
  let positionals: string[];
  try {
    ({ flags, positionals } = parseArgs(argv, { json: 'boolean', dns: 'string', offline: 'boolean', at: 'string', help: 'boolean' }));
    if (flags.help) {
      io.stdout(ANALYZE_USAGE);
      return 0;
    }
    if (positionals.length > 1) throw new UsageError(`analyze reads one input at a time (got ${positionals.length}: ${positionals.join(', ')}).`);
    if (flags.offline && flags.dns !== undefined) throw new UsageError('--offline and --dns contradict each other: --offline uses no DNS at all.');
    const problem = checkAnalysisOptions({
      ...(typeof flags.dns === 'string' ? { dns: flags.dns } : {}),
      ...(typeof flags.at === 'string' ? { at: flags.at } : {}),
    });
    if (problem) throw new UsageError(problem);
    if (positionals.length === 0 && io.stdinIsTTY) throw new UsageError('analyze needs a FILE, or headers piped on standard input (e.g. "pbpaste | mailscope analyze -").');
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`mailscope analyze: ${error.message}\nRun "mailscope analyze --help" for usage.\n`);
      return 2;
    }
    throw error;
  }

  const source = positionals[0] ?? '-';
  let bytes: Uint8Array;
  try {
    bytes = source === '-' ? await (io.readStdin ?? readProcessStdin)() : await readFile(source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : ((error as Error)?.message ?? String(error));
    io.stderr(`mailscope analyze: cannot read ${source === '-' ? 'standard input' : `"${source}"`}: ${why}.\n`);
    return 1;
  }
  if (bytes.length === 0) {
    io.stderr(`mailscope analyze: ${source === '-' ? 'standard input' : `"${source}"`} is empty: nothing to analyze.\n`);
    return 1;
  }

  const report: AnalysisReport = await analyzeInput(bytes, {
    ...(flags.offline ? { offline: true } : {}),
    ...(typeof flags.dns === 'string' ? { dns: flags.dns } : {}),
    ...(typeof flags.at === 'string' ? { at: flags.at } : {}),
  });
  if (flags.json) io.stdout(`${JSON.stringify(jsonView(report), null, 2)}\n`);
  else io.stdout(formatReport(report));
  return 0;
}

/** The JSON shape: the documented keys first (verification always present, null offline), then the rest. */
export function jsonView(report: AnalysisReport): Record<string, unknown> {
  const { findings, hops, authentication, alignment, vendorVerdicts, verification, ...rest } = report;
  return { findings, hops, authentication, alignment, vendorVerdicts, verification: verification ?? null, ...rest };
}
