/**
 * `mailscope probe DOMAIN [--ip IP] [--selector S]… [--mx-host HOST[:PORT]]
 *  [--dns IP[:PORT]]… [--rcpt ADDRESS] [--no-smtp] [--json]`
 *
 * Runs the same report as the Probe screen, in this process (no host, no
 * history). Human-readable by default, grouped by section; `--json` prints
 * one object with a `checks` array (id, status, title, explanation,
 * evidence with the DNS queries, fix) and the whole DNS transcript.
 * Progress goes to stderr, the result to stdout.
 *
 * Exit codes: 0 nothing failed, 1 a check failed, 2 bad usage,
 * 130 cancelled (Ctrl+C; what finished is still printed).
 */
import type { ProbeRequest } from '../../shared/model/probe';
import { STATUS_LABEL } from '../../shared/probe/report-order';
import { defaultRunnerDeps } from '../core/probes/probe-deps';
import { normaliseProbeRequest } from '../core/probes/probe-request';
import { runProbe, type ProbeRunnerDeps } from '../core/probes/probe-runner';
import { formatProbeText, orderChecks } from './probe-format';
import { parseArgs, UsageError } from './parse-args';

export interface ProbeIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
  /** Resolves when the user asks to stop (Ctrl+C): the run is cancelled. */
  stopSignal?: () => Promise<string>;
  /** Terminal width, for wrapping. */
  columns?: number;
}

export const PROBE_USAGE = `Usage: mailscope probe DOMAIN [options]

Check a domain's mail health live: MX, SPF (as a tree), DKIM, DMARC, MTA-STS,
TLS-RPT, BIMI, reverse DNS, blocklists, an SMTP probe of each MX, and the
Gmail/Yahoo sender requirements — each with its evidence and the fix.

  --ip IP               a sending IP: SPF result, PTR/FCrDNS and blocklists for it
  --selector S          a DKIM selector to check besides the common ones (repeatable)
  --mx-host HOST[:PORT] probe this SMTP server instead of the MX (25, 465, 587, 2525…)
  --rcpt ADDRESS        test this recipient (MAIL FROM/RCPT TO, never DATA)
  --dns IP[:PORT]       resolver to ask instead of the system's, by address (repeatable)
  --no-smtp             skip the SMTP probe
  --json                print one JSON object instead of text

Exit codes: 0 nothing failed, 1 a check failed, 2 bad usage.
`;

/** The request the flags describe (not yet normalised). Throws UsageError. */
export function probeRequestFromArgs(argv: readonly string[]): { request: Record<string, unknown>; json: boolean; help: boolean } {
  const { flags, lists, positionals } = parseArgs(argv, {
    ip: 'string',
    selector: 'strings',
    'mx-host': 'string',
    rcpt: 'string',
    dns: 'strings',
    'no-smtp': 'boolean',
    json: 'boolean',
    help: 'boolean',
  });
  if (flags.help) return { request: {}, json: false, help: true };
  if (positionals.length === 0) throw new UsageError('probe needs a DOMAIN, e.g. "mailscope probe example.org".');
  if (positionals.length > 1) throw new UsageError(`probe checks one domain at a time (got ${positionals.length}: ${positionals.join(', ')}).`);
  if (flags['no-smtp'] && (flags['mx-host'] !== undefined || flags.rcpt !== undefined)) throw new UsageError('--no-smtp contradicts --mx-host/--rcpt: leave one out.');
  const request = {
    domain: positionals[0],
    ip: typeof flags.ip === 'string' ? flags.ip : null,
    selectors: lists.selector ?? [],
    smtp: {
      enabled: !flags['no-smtp'],
      host: typeof flags['mx-host'] === 'string' ? flags['mx-host'] : null,
      port: null,
      rcptTest: typeof flags.rcpt === 'string' ? flags.rcpt : null,
    },
    dns: { servers: lists.dns ?? [] },
  };
  return { request, json: Boolean(flags.json), help: false };
}

/** Run `mailscope probe`; resolves with the exit code. `deps` replaces parts of the runner's wiring (tests only). */
export async function runProbeCommand(argv: string[], io: ProbeIo, deps: Partial<ProbeRunnerDeps> = {}): Promise<number> {
  let request: ProbeRequest;
  let json: boolean;
  try {
    const parsed = probeRequestFromArgs(argv);
    if (parsed.help) {
      io.stdout(PROBE_USAGE);
      return 0;
    }
    json = parsed.json;
    try {
      request = normaliseProbeRequest(parsed.request);
    } catch (error) {
      // The core's field names ("smtp.host") read oddly on a command line: say which flag.
      const message = (error as Error).message.replace(/"smtp\.host"/g, '--mx-host').replace(/"dns\.servers"/g, '--dns').replace(/"smtp\.rcptTest"/g, '--rcpt').replace(/"ip"/g, '--ip').replace(/"domain"/g, 'DOMAIN');
      throw new UsageError(message);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`mailscope probe: ${error.message}\nRun "mailscope probe --help" for usage.\n`);
      return 2;
    }
    throw error;
  }

  const controller = new AbortController();
  let stopped = false;
  void io.stopSignal?.().then(() => {
    stopped = true;
    io.stderr('\nmailscope probe: cancelling…\n');
    controller.abort();
  });
  const liveLine = Boolean(io.stderrIsTTY);
  const started = performance.now();
  io.stderr(`mailscope probe: checking ${request.domain}…${liveLine ? '' : '\n'}`);
  const outcome = await runProbe(request, defaultRunnerDeps(deps), controller.signal, {
    check(check, progress) {
      const line = `[${String(progress.done).padStart(3)}/${progress.total}] ${STATUS_LABEL[check.status].padEnd(15)} ${check.title}`;
      if (liveLine) io.stderr(`\r\u001b[2K${line.slice(0, (io.columns ?? 100) - 1)}`);
      else io.stderr(`${line}\n`);
    },
  });
  if (liveLine) io.stderr('\r\u001b[2K');
  const durationMs = Math.round(performance.now() - started);

  if (json) {
    const view = {
      domain: request.domain,
      state: outcome.state,
      counts: outcome.counts,
      durationMs,
      resolver: outcome.resolver,
      request,
      checks: orderChecks(outcome.checks).map(({ id, status, title, explanation, evidence, fix, group, subject, durationMs: ms }) => ({ id, status, title, explanation, evidence, fix, group, subject, durationMs: ms })),
      dns: outcome.dns,
      ...(outcome.error ? { error: outcome.error } : {}),
    };
    io.stdout(`${JSON.stringify(view, null, 2)}\n`);
  } else {
    const colour = Boolean(io.stdoutIsTTY) && !io.env?.NO_COLOR;
    io.stdout(formatProbeText({ request, checks: outcome.checks, dns: outcome.dns, counts: outcome.counts, state: outcome.state, durationMs, resolver: outcome.resolver }, { colour, ...(io.columns ? { width: io.columns } : {}) }));
  }
  if (outcome.error) io.stderr(`mailscope probe: ${outcome.error}\n`);
  if (stopped || outcome.state === 'cancelled') return 130;
  return outcome.counts.fail > 0 || outcome.state === 'failed' ? 1 : 0;
}
