/**
 * Runs one send: resolve where to go (the configured server, or each
 * recipient domain's MX in priority order with their A/AAAA addresses),
 * try the addresses in turn until one talks SMTP, and turn the attempts into
 * a status, per-recipient results, a queue id, timings and the explained
 * transcript.
 *
 * Used by the send service (history, events) and directly by the CLI.
 */
import { isIP } from 'node:net';
import type { SendStatus, SendTarget, SendTimings } from '../../../shared/model/send';
import type { TranscriptEntry } from '../../../shared/model/session';
import type { ReplyExplanation } from '../../../shared/model/smtp-reply';
import { explainConnectionError, explainDnsFailure, explainReply } from './explain';
import { parseQueueId } from './queue-id';
import { createScrubber } from './redact';
import { runAttempt, type AttemptOutcome, type AttemptSpec } from './smtp-attempt';
import type { MxHost, SendDns } from './send-dns';
import { effectiveServername } from './tls-check';
import { TranscriptSink } from './transcript-sink';

export interface SendPlan {
  target: SendTarget;
  /** Password or token; null for none. */
  secret: string | null;
  envelope: { from: string; to: string[] };
  /** The exact bytes to send after DATA. */
  raw: Buffer;
}

export interface EngineOptions {
  dns: SendDns;
  /** Port for MX delivery (25; tests use a loopback port). */
  mxPort?: number;
  /** Extra trusted CA certificates (PEM). */
  ca?: string[];
  /** Record the transcript (default true; the benchmark's baseline turns it off). */
  record?: boolean;
  /** Each transcript line as it happens (already scrubbed). */
  onEntry?: (entry: TranscriptEntry) => void;
  signal?: AbortSignal;
}

export interface EngineResult {
  status: Exclude<SendStatus, 'running'>;
  explanation: ReplyExplanation;
  queueId: string | null;
  recipients: { address: string; accepted: boolean; reply: string }[];
  timings: SendTimings;
  transcript: TranscriptEntry[];
}

/** Status of one attempt's outcome. */
function statusOf(outcome: AttemptOutcome): Exclude<SendStatus, 'running'> {
  if (outcome.phase === 'done') {
    const refused = outcome.recipients.filter((r) => !r.accepted);
    if (refused.length === 0) return 'delivered';
    return refused.some((r) => /^5/.test(r.reply)) ? 'rejected' : 'deferred';
  }
  // A STARTTLS refusal is our decision not to go on in plain text, not the server refusing the message.
  if (outcome.failure?.code === 'ETLS') return 'failed';
  const code = outcome.failure?.responseCode;
  if (code && code >= 500) return 'rejected';
  if (code && code >= 400) return 'deferred';
  return 'failed';
}

const SEVERITY: Record<Exclude<SendStatus, 'running'>, number> = { delivered: 0, deferred: 1, rejected: 2, failed: 3 };

/** The recipient's domain, lowercased ("" when the address has none). */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at === -1 ? '' : address.slice(at + 1).replace(/>$/, '').toLowerCase();
}

export async function runSend(plan: SendPlan, options: EngineOptions): Promise<EngineResult> {
  const target = plan.target;
  const secrets = plan.secret ? [{ secret: plan.secret, user: target.user }] : [];
  const sink = new TranscriptSink(createScrubber(secrets), options.record ?? true, options.onEntry);
  const signal = options.signal ?? new AbortController().signal;
  const started = performance.now();
  let dnsMs = 0;
  let dnsUsed = false;
  const dnsStep = async <T>(run: () => Promise<T>): Promise<T> => {
    // Say once which resolver answers when it is not the system's (mailscope send --dns).
    if (!dnsUsed && options.dns.description) sink.add('dns', `Resolver ${options.dns.description}`);
    dnsUsed = true;
    const t = performance.now();
    try {
      return await run();
    } finally {
      dnsMs += performance.now() - t;
    }
  };

  const auth = target.authMethod !== 'none' && plan.secret !== null ? { method: target.authMethod, user: target.user, secret: plan.secret } : null;
  if (target.authMethod !== 'none' && plan.secret === null) sink.add('info', `No password or token is set: sending without AUTH ${target.authMethod}.`);
  const base = (host: string, address: string, port: number, to: string[]): AttemptSpec => ({
    host,
    address,
    port,
    security: target.security,
    servername: effectiveServername(host, target.tlsServername),
    minTlsVersion: target.minTlsVersion,
    allowInvalidCertificate: target.allowInvalidCertificate,
    ...(options.ca ? { ca: options.ca } : {}),
    helo: target.helo,
    auth,
    timeouts: target.timeouts,
    envelope: { from: plan.envelope.from, to },
    raw: plan.raw,
  });

  sink.add('info', `Sending ${plan.raw.length} bytes from <${plan.envelope.from}> to ${plan.envelope.to.map((a) => `<${a}>`).join(', ')} via ${targetLabel(target, plan.envelope.to)}${target.mode === 'mx' && options.mxPort !== undefined && options.mxPort !== 25 ? ` on port ${options.mxPort} (not 25)` : ''}`);

  // Each group: recipients that go through one conversation, and the hosts to try for them.
  type Group = { label: string; domain: string | null; to: string[]; hosts: () => Promise<{ host: string; port: number }[]> };
  const groups: Group[] = [];
  if (target.mode === 'server') {
    groups.push({ label: `${target.host}:${target.port}`, domain: null, to: plan.envelope.to, hosts: async () => [{ host: target.host, port: target.port }] });
  } else {
    const byDomain = new Map<string, string[]>();
    for (const rcpt of plan.envelope.to) byDomain.set(domainOf(rcpt), [...(byDomain.get(domainOf(rcpt)) ?? []), rcpt]);
    for (const [domain, to] of byDomain) {
      groups.push({ label: `MX of ${domain}`, domain, to, hosts: () => mxHosts(domain, options, sink, dnsStep, signal) });
    }
  }

  const results: { outcome: AttemptOutcome | null; status: Exclude<SendStatus, 'running'>; explanation: ReplyExplanation; to: string[] }[] = [];
  let last: AttemptOutcome | null = null;
  for (const group of groups) {
    if (signal.aborted) break;
    let hosts: { host: string; port: number }[];
    try {
      hosts = await group.hosts();
    } catch (error) {
      if (signal.aborted) break; // cancelled mid-lookup: "Cancelled" below, not a DNS failure
      results.push({ outcome: null, status: 'failed', explanation: dnsFailure(error, group.label, group.domain === null ? { question: 'address', name: target.host } : { question: 'mx', name: group.domain }, sink), to: group.to });
      continue;
    }
    let outcome: AttemptOutcome | null = null;
    let lastExplanation: ReplyExplanation | null = null;
    hostLoop: for (const { host, port } of hosts) {
      let addresses: string[];
      try {
        addresses = isIP(host) ? [host] : await dnsStep(() => options.dns.resolveAddresses(host, signal));
        if (!isIP(host)) sink.add('dns', `A/AAAA ${host} → ${addresses.join(', ')}`);
      } catch (error) {
        if (signal.aborted) break hostLoop;
        lastExplanation = dnsFailure(error, `A/AAAA ${host}`, { question: 'address', name: host }, sink);
        continue;
      }
      for (const address of addresses) {
        if (signal.aborted) break hostLoop;
        outcome = await runAttempt(base(host, address, port, group.to), sink, signal);
        last = outcome;
        // Only a failure before the server took part in SMTP moves on to the next address/MX.
        const retryable = outcome.phase === 'connect' || (outcome.phase === 'greeting' && !(outcome.failure?.responseCode && outcome.failure.responseCode >= 500));
        if (!retryable || outcome.failure?.code === 'CANCELLED') break hostLoop;
        if (outcome.failure) lastExplanation = explainConnectionError({ ...outcome.failure, host, port, security: target.security });
      }
    }
    if (!outcome) {
      if (signal.aborted) break;
      results.push({ outcome: null, status: 'failed', explanation: lastExplanation ?? explainConnectionError({ message: 'No address to connect to.' }), to: group.to });
      continue;
    }
    const status = statusOf(outcome);
    const refusedRcpt = outcome.recipients.find((r) => !r.accepted);
    const explanation =
      outcome.phase === 'done'
        ? refusedRcpt
          ? explainReply(refusedRcpt.reply, 'rcpt')
          : explainReply(outcome.finalReply ?? '250', 'after-data')
        : explainConnectionError({ ...outcome.failure, host: target.host, port: target.port, security: target.security });
    results.push({ outcome, status, explanation, to: group.to });
  }
  if (signal.aborted && results.length < groups.length) {
    const cancelled = explainConnectionError({ code: 'CANCELLED' });
    results.push({ outcome: null, status: 'failed', explanation: cancelled, to: [] });
  }

  const worst = results.reduce((a, b) => (SEVERITY[b.status] > SEVERITY[a.status] ? b : a), results[0] ?? { status: 'failed' as const, explanation: explainConnectionError({ message: 'Nothing was sent.' }), outcome: null, to: [] });
  const recipients = results.flatMap((r) => r.outcome?.recipients.length ? r.outcome.recipients : r.to.map((address) => ({ address, accepted: false, reply: r.outcome?.failure?.response ?? r.explanation.title })));
  const finalReplies = results.map((r) => r.outcome).filter((o): o is AttemptOutcome => Boolean(o?.finalReply));
  const queueId = finalReplies.map((o) => parseQueueId(o.finalReply ?? '', o.serverMessageId)).find(Boolean) ?? null;
  const totalMs = Math.round((performance.now() - started) * 10) / 10;
  sink.add(worst.status === 'delivered' ? 'info' : 'error', `Result: ${worst.status}${queueId ? ` (queue id ${queueId})` : ''} in ${totalMs} ms`, sink.scrubExplanation(worst.explanation));
  return {
    status: worst.status,
    explanation: sink.scrubExplanation(worst.explanation),
    queueId,
    recipients: recipients.map((r) => ({ ...r, reply: createScrubber(secrets).scrub(r.reply) })),
    timings: {
      dnsMs: dnsUsed ? Math.round(dnsMs * 10) / 10 : null,
      connectMs: last?.connectMs ?? null,
      tlsMs: last?.tlsMs ?? null,
      authMs: last?.authMs ?? null,
      dataMs: last?.dataMs ?? null,
      totalMs,
    },
    transcript: sink.finish(),
  };
}

/** MX hosts of a domain in priority order, with the RFC 5321 §5.1 implicit MX and RFC 7505 null MX. */
async function mxHosts(domain: string, options: EngineOptions, sink: TranscriptSink, dnsStep: <T>(run: () => Promise<T>) => Promise<T>, signal: AbortSignal): Promise<{ host: string; port: number }[]> {
  const port = options.mxPort ?? 25;
  if (!domain) throw Object.assign(new Error('A recipient has no domain.'), { code: 'EENVELOPE' });
  let records: MxHost[];
  try {
    records = await dnsStep(() => options.dns.resolveMx(domain, signal));
  } catch (error) {
    if ((error as { code?: string }).code === 'ENODATA') {
      sink.add('dns', `MX ${domain} → none; using the domain's own address (implicit MX, RFC 5321 §5.1)`);
      return [{ host: domain, port }];
    }
    throw error;
  }
  const sorted = [...records].sort((a, b) => a.priority - b.priority);
  if (sorted.length === 1 && (sorted[0]!.exchange === '' || sorted[0]!.exchange === '.')) {
    sink.add('dns', `MX ${domain} → "." (null MX)`);
    throw Object.assign(new Error(`${domain} publishes a null MX: it accepts no mail (RFC 7505).`), { code: 'ENULLMX' });
  }
  sink.add('dns', `MX ${domain} → ${sorted.map((mx) => `${mx.exchange} (${mx.priority})`).join(', ')}`);
  return sorted.map((mx) => ({ host: mx.exchange, port }));
}

function dnsFailure(error: unknown, what: string, question: { question: 'mx' | 'address'; name: string }, sink: TranscriptSink): ReplyExplanation {
  const e = error as { code?: string; message?: string };
  const explanation = explainDnsFailure({ ...question, ...(e.code ? { code: e.code } : {}), ...(e.message ? { message: e.message } : {}) });
  sink.add('error', `DNS ${what}: ${e.message ?? String(error)}`, explanation);
  return explanation;
}

/** "smtp.example.org:587 (STARTTLS)" or "MX of example.org". */
export function targetLabel(target: SendTarget, to: string[] = []): string {
  const security = { none: 'plain', starttls: 'STARTTLS if offered', 'starttls-required': 'STARTTLS required', tls: 'implicit TLS' }[target.security];
  if (target.mode === 'mx') {
    const domains = [...new Set(to.map(domainOf))];
    return `MX of ${domains.length > 0 ? domains.join(', ') : 'each recipient domain'} (${security})`;
  }
  return `${target.host}:${target.port} (${security})`;
}
