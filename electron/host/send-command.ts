/**
 * `mailscope send`: a scriptable test send (the swaks job, with
 * explanations). Prints the transcript live as it happens, each failed or
 * refused step explained under it; `--json` prints one object at the end
 * instead. Exit 0 delivered, 1 rejected/deferred/failed, 2 bad usage,
 * 130 cancelled with Ctrl+C.
 *
 * The password or token is read only from the environment variable named by
 * --pass-env: --pass is refused (a password on the command line is visible
 * in the process list and the shell history).
 *
 * History: a headless send is not recorded anywhere unless --data DIR is
 * given; then it is added to that workspace's send history (sends.db), where
 * the app shows it like any other send.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SendSecurity, SendTarget } from '../../shared/model/send';
import type { TranscriptEntry } from '../../shared/model/session';
import type { SendHistory } from '../core/send/send-history';
import type { CliIo } from './cli-commands';
import { parseArgs, UsageError } from './parse-args';

export const SEND_USAGE = `Usage: mailscope send (--server HOST[:PORT] | --mx) [options] (--eml FILE | --subject S --text T)

Where:
  --server HOST[:PORT]   the SMTP server (port: 587, or 465 with --security tls)
  --mx                   each recipient domain's MX, in priority order (port 25)
  --dns IP[:PORT]        resolver to ask for MX and A/AAAA (and --server's host name) instead of the
                         system's, by address; repeatable (tried in order)
  --port N               for testing, with --mx only: connect to the MX hosts on port N instead of 25
  --security MODE        none | starttls (if offered, default) | starttls-required | tls (implicit, port 465)
  --tls-servername NAME  name for SNI and the certificate check (default: the host)
  --allow-invalid-cert   accept a self-signed / unverifiable certificate (warned in the transcript)
  --helo NAME            EHLO name
  --timeout SECONDS      connect, greeting and idle timeout (default 15 / 30 / 60)

Authentication:
  --user U --pass-env VAR   AUTH as U with the password (or token) in environment variable VAR
  --auth METHOD             PLAIN (default), LOGIN, CRAM-MD5 or XOAUTH2 (the token in VAR)
  (--pass is refused: use --pass-env.)

Message:
  --from A               envelope sender (default: the .eml's Return-Path/From)
  --to A                 envelope recipient; repeat for more (default: the .eml's To/Cc/Bcc)
  --eml FILE             send FILE's bytes unchanged
  --subject S --text T   or compose a simple text message

Output:
  --json                 one JSON object {status, transcript:[{t, kind, direction, text, explanation}], explanation, …}
  --data DIR             also keep the send in DIR's send history (otherwise nothing is stored)

Exit code: 0 delivered, 1 rejected, deferred or failed, 2 bad usage.
`;

const SPEC = {
  server: 'string',
  mx: 'boolean',
  dns: 'strings',
  port: 'string',
  security: 'string',
  'tls-servername': 'string',
  'allow-invalid-cert': 'boolean',
  helo: 'string',
  timeout: 'string',
  user: 'string',
  'pass-env': 'string',
  pass: 'string',
  auth: 'string',
  from: 'string',
  to: 'strings',
  eml: 'string',
  subject: 'string',
  text: 'string',
  json: 'boolean',
  data: 'string',
  help: 'boolean',
} as const;

const SECURITIES: readonly SendSecurity[] = ['none', 'starttls', 'starttls-required', 'tls'];
const AUTHS = ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'] as const;

/** "host", "host:port", "[v6]:port", "v6". */
export function parseServer(value: string, defaultPort: number): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  const simple = /^([^:\s]+)(?::(\d+))?$/.exec(value);
  const match = bracketed ?? simple;
  if (!match) {
    if (value.includes(':') && !/\s/.test(value)) return { host: value, port: defaultPort }; // a bare IPv6 address
    throw new UsageError(`--server must be HOST or HOST:PORT, not "${value}".`);
  }
  const port = match[2] === undefined ? defaultPort : Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--server: ${match[2]} is not a port number.`);
  return { host: match[1] as string, port };
}

/** The CLI's JSON shape of one transcript line. */
function jsonEntry(entry: TranscriptEntry): Record<string, unknown> {
  return { t: entry.t, kind: entry.kind, direction: entry.kind === 'client' ? 'C' : entry.kind === 'server' ? 'S' : null, text: entry.text, ...(entry.explanation ? { explanation: entry.explanation } : {}) };
}

/** --dns values checked as `mailscope probe --dns` checks them: at most as many, an IP address with an optional port, no names. */
async function resolverServers(values: string[]): Promise<string[]> {
  const { normaliseServer, MAX_SERVERS } = await import('../core/probes/probe-request');
  if (values.length > MAX_SERVERS) throw new UsageError(`At most ${MAX_SERVERS} --dns resolvers (got ${values.length}).`);
  return values.map((value) => {
    try {
      return normaliseServer(value);
    } catch (error) {
      throw new UsageError((error as Error).message.replace(/"dns\.servers"( entries)?/g, '--dns'));
    }
  });
}

export async function runSendCommand(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(SEND_USAGE);
    return 0;
  }
  const { flags, lists, positionals } = parseArgs(argv, SPEC);
  if (positionals.length > 0) throw new UsageError(`send takes no arguments (got "${positionals[0]}").`);
  if (flags.pass !== undefined) throw new UsageError('--pass is refused: a password on the command line is visible in the process list and the shell history. Put it in an environment variable and name it with --pass-env VAR.');
  if ((flags.server === undefined) === (flags.mx === undefined)) throw new UsageError('Give exactly one of --server HOST[:PORT] and --mx.');
  if ((flags.eml === undefined) === (flags.subject === undefined && flags.text === undefined)) throw new UsageError('Give either --eml FILE or --subject/--text (not both).');

  const security = (flags.security ?? 'starttls') as SendSecurity;
  if (!SECURITIES.includes(security)) throw new UsageError(`--security must be one of ${SECURITIES.join(', ')}.`);
  const authName = String(flags.auth ?? 'PLAIN').toUpperCase();
  if (!(AUTHS as readonly string[]).includes(authName)) throw new UsageError(`--auth must be one of ${AUTHS.join(', ')}.`);
  const user = typeof flags.user === 'string' ? flags.user : '';
  let secret: string | null = null;
  if (flags['pass-env'] !== undefined) {
    if (!user) throw new UsageError('--pass-env needs --user.');
    const value = io.env[String(flags['pass-env'])];
    if (value === undefined || value === '') throw new UsageError(`The environment variable ${flags['pass-env']} (named by --pass-env) is not set.`);
    secret = value;
  } else if (user) {
    throw new UsageError('--user needs --pass-env VAR (the environment variable holding the password or token).');
  }
  let timeouts: SendTarget['timeouts'] | undefined;
  if (flags.timeout !== undefined) {
    const seconds = Number(flags.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) throw new UsageError('--timeout must be a number of seconds from 0.1 to 600.');
    const ms = Math.max(100, Math.round(seconds * 1000));
    timeouts = { connectMs: ms, greetingMs: ms, socketMs: ms };
  }
  const server = flags.server !== undefined ? parseServer(String(flags.server), security === 'tls' ? 465 : 587) : null;
  let mxPort: number | undefined;
  if (flags.port !== undefined) {
    if (server) throw new UsageError('--port is for --mx only (the port the MX hosts are tried on); with --server give the port as HOST:PORT.');
    mxPort = Number(flags.port);
    if (!/^\d{1,5}$/.test(String(flags.port)) || mxPort < 1 || mxPort > 65535) throw new UsageError(`--port must be a port number from 1 to 65535, not "${flags.port}".`);
  }
  const dnsServers = await resolverServers(lists.dns ?? []);

  // Engines load only when a send really runs (see cli-commands.ts).
  const [{ checkTarget, checkEnvelope }, { prepareMessage }, { runSend, targetLabel }, { systemSendDns, resolverSendDns }, { entryPrinter }] = await Promise.all([
    import('../core/send/target-checks'),
    import('../core/send/message-source'),
    import('../core/send/send-engine'),
    import('../core/send/send-dns'),
    import('../core/send/transcript-text'),
  ]);
  const target = checkTarget({
    mode: server ? 'server' : 'mx',
    host: server?.host ?? '',
    ...(server ? { port: server.port } : {}),
    security,
    tlsServername: flags['tls-servername'] ?? '',
    allowInvalidCertificate: flags['allow-invalid-cert'] === true,
    authMethod: user ? authName : 'none',
    user,
    helo: flags.helo ?? '',
    ...(timeouts ? { timeouts } : {}),
  });

  const to = lists.to ?? [];
  let prepared;
  if (flags.eml !== undefined) {
    const file = path.resolve(String(flags.eml));
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw new UsageError(`Cannot read --eml ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    prepared = await prepareMessage({ kind: 'eml', name: path.basename(file), rawBase64: bytes.toString('base64') }, null);
  } else {
    if (flags.from === undefined) throw new UsageError('A composed message needs --from.');
    if (to.length === 0) throw new UsageError('A composed message needs at least one --to.');
    prepared = await prepareMessage({ kind: 'compose', from: String(flags.from), to, cc: [], bcc: [], subject: String(flags.subject ?? ''), text: String(flags.text ?? ''), html: '', attachments: [], headers: [] }, null);
  }
  const envelope = checkEnvelope({ from: flags.from ?? prepared.envelope.from, to: to.length > 0 ? to : prepared.envelope.to });

  const json = flags.json === true;
  const controller = new AbortController();
  let cancelled = false;
  void io.stopSignal().then(() => {
    cancelled = true;
    controller.abort();
  });

  // Optional history in a workspace.
  let history: SendHistory | null = null;
  let historyId = 0;
  const startedAt = Date.now();
  if (typeof flags.data === 'string') {
    const historyModule = await import('../core/send/send-history');
    const { mkdir } = await import('node:fs/promises');
    const dir = path.resolve(flags.data);
    await mkdir(dir, { recursive: true });
    history = new historyModule.SendHistory(path.join(dir, historyModule.SENDS_DB_FILE));
    historyId = history.start(
      { startedAt, finishedAt: null, status: 'running', targetLabel: targetLabel(target, envelope.to), envelope, subject: prepared.subject, size: prepared.raw.length, queueId: null, explanation: null, recipients: [], timings: { dnsMs: null, connectMs: null, tlsMs: null, authMs: null, dataMs: null, totalMs: null } },
      `CLI ${prepared.sourceLabel}`,
    );
  }

  const print = entryPrinter();
  try {
    const result = await runSend(
      { target, secret, envelope, raw: prepared.raw },
      { dns: dnsServers.length > 0 ? resolverSendDns(dnsServers) : systemSendDns(), ...(mxPort !== undefined ? { mxPort } : {}), signal: controller.signal, ...(json ? {} : { onEntry: (entry: TranscriptEntry) => io.stdout(`${print(entry)}\n`) }) },
    );
    history?.finish({ id: historyId, startedAt, finishedAt: Date.now(), status: result.status, targetLabel: targetLabel(target, envelope.to), envelope, subject: prepared.subject, size: prepared.raw.length, queueId: result.queueId, explanation: result.explanation, recipients: result.recipients, timings: result.timings, transcript: result.transcript, sourceLabel: `CLI ${prepared.sourceLabel}` });
    if (json) {
      io.stdout(`${JSON.stringify({ status: result.status, queueId: result.queueId, explanation: result.explanation, recipients: result.recipients, timings: result.timings, transcript: result.transcript.map(jsonEntry), ...(history ? { historyId } : {}) })}\n`);
    } else if (result.status !== 'delivered') {
      io.stderr(`mailscope: ${result.status}: ${result.explanation.title}${result.explanation.fix ? ` — ${result.explanation.fix}` : ''}\n`);
    }
    if (cancelled) return 130;
    return result.status === 'delivered' ? 0 : 1;
  } finally {
    history?.close();
  }
}
