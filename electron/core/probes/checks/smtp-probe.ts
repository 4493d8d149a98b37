/**
 * The SMTP probe (issue 4): each MX of the domain on port 25 — or the host and
 * port the user named (465 implicit TLS; 25, 587, 2525 STARTTLS when offered) —
 * is connected to and walked through banner, EHLO, STARTTLS (certificate
 * described, never enforced), EHLO again and, when asked, MAIL FROM / RCPT TO
 * then RSET and QUIT. Never DATA, never AUTH. Each host yields its checks as
 * soon as they are known (connect, tls, certificate, capabilities, rcpt), each
 * carrying the host's SMTP transcript so far with every reply explained.
 */
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import type { ProbeRequest } from '../../../../shared/model/probe';
import type { CheckResult, DnsLookup, ProbeCheckDefinition, ProbeContext } from '../check-types';
import { parseEhlo, type EhloCapabilities } from '../../smtp-client/ehlo';
import { SmtpClient, SmtpClientError, type SmtpReply } from '../../smtp-client/smtp-client';
import {
  bannerCheck, capabilitiesCheck, certificateCheck, connectFailedCheck, noStarttlsCheck, rcptCheck, rcptNotRunCheck,
  sessionFailedCheck, starttlsRefusedCheck, tlsCheck, tlsFailedCheck, type HostEvidence, type ProbeTarget,
} from './smtp-judge';

/** How many MX hosts are probed at most (lowest preference values first). */
export const MAX_MX_HOSTS = 5;
const DEFAULT_TIMEOUT_MS = 10_000;

export interface SmtpProbeOptions {
  /** Extra trust anchors for certificate verification (tests' CA); Node's roots always apply. */
  ca?: string[];
  /** Name to send with EHLO; default the machine's host name when fully qualified, else an address literal. */
  ehloName?: string;
}

type Report = (check: CheckResult) => void;

function mxHosts(lookup: DnsLookup): { host: string; priority: number }[] {
  const seen = new Set<string>();
  return lookup.records
    .flatMap((r) => (r.type === 'MX' ? [{ host: r.exchange.replace(/\.$/, '').toLowerCase(), priority: r.priority }] : []))
    .sort((a, b) => a.priority - b.priority)
    .filter((m) => (seen.has(m.host) ? false : (seen.add(m.host), true)));
}

function probeError(id: string, title: string, explanation: string, fix: string | null, dns: CheckResult['evidence']['dns'], status: CheckResult['status'] = 'error'): CheckResult {
  return { id, group: 'smtp', subject: null, status, title, explanation, fix, evidence: { dns: [...dns] } };
}

/** Which hosts to probe; reports a check itself when there is nothing to probe. */
async function targetsFor(ctx: ProbeContext, report: Report): Promise<ProbeTarget[]> {
  const { smtp, domain } = ctx.request;
  if (smtp.host) {
    const port = smtp.port ?? 25;
    return [{ host: smtp.host, port, implicit: port === 465, priority: null }];
  }
  const mx = await ctx.dns.lookup(domain, 'MX');
  const q = mx.query;
  if (q.outcome === 'servfail' || q.outcome === 'refused' || q.outcome === 'timeout' || q.outcome === 'error') {
    report(probeError('smtp.mx', 'Could not find the mail servers to probe', `The MX lookup for ${domain} failed (${q.outcome}${q.note ? `: ${q.note}` : ''}), so no SMTP server could be probed.`, 'Fix or retry the DNS lookup (see the MX check), then re-run.', [q]));
    return [];
  }
  const hosts = mxHosts(mx);
  if (hosts.length === 1 && hosts[0]!.host === '' && hosts[0]!.priority === 0) {
    report(probeError('smtp.mx', 'Null MX: the domain accepts no mail', `${domain} publishes a null MX (RFC 7505), so there is no SMTP server to probe.`, null, [q], 'info'));
    return [];
  }
  if (hosts.length === 0) {
    // RFC 5321 §5.1: no MX means the domain's own address is the implicit MX.
    return [{ host: domain, port: 25, implicit: false, priority: null }];
  }
  const real = hosts.filter((h) => h.host !== '');
  return real.slice(0, MAX_MX_HOSTS).map((h) => ({ host: h.host, port: 25, implicit: false, priority: h.priority }));
}

/** Where to connect: the test's mapping if any, else the first address from the run's DNS. */
async function resolveTarget(ctx: ProbeContext, t: ProbeTarget): Promise<{ connect: { host: string; port: number } | null; address: string | null; dns: DnsLookup[] }> {
  const mapped = ctx.connectTo(t.host, t.port);
  const isMapped = mapped.host !== t.host || mapped.port !== t.port;
  if (isIP(t.host)) return { connect: mapped, address: isMapped ? mapped.host : t.host, dns: [] };
  const dns: DnsLookup[] = [await ctx.dns.lookup(t.host, 'A')];
  let addresses = dns[0]!.records.flatMap((r) => (r.type === 'A' ? [r.value] : []));
  if (addresses.length === 0) {
    dns.push(await ctx.dns.lookup(t.host, 'AAAA'));
    addresses = dns[1]!.records.flatMap((r) => (r.type === 'AAAA' ? [r.value] : []));
  }
  if (isMapped) return { connect: mapped, address: mapped.host, dns };
  const address = addresses[0] ?? null;
  return { connect: address ? { host: address, port: t.port } : null, address, dns };
}

function ehloNameFor(client: SmtpClient, configured: string | undefined): string {
  if (configured) return configured;
  const h = hostname();
  if (h.includes('.') && !h.endsWith('.local')) return h;
  const local = client.localAddress ?? '127.0.0.1';
  const v4 = local.replace(/^::ffff:/, '');
  return isIP(v4) === 4 ? `[${v4}]` : `[IPv6:${local}]`;
}

/** EHLO, falling back to HELO when EHLO is refused. */
async function greet(client: SmtpClient, name: string): Promise<{ caps: EhloCapabilities | null; reply: SmtpReply; helo: boolean }> {
  const reply = await client.command(`EHLO ${name}`, 'ehlo');
  if (reply.code === 250) return { caps: parseEhlo(reply.lines), reply, helo: false };
  if (reply.code >= 500) {
    const helo = await client.command(`HELO ${name}`, 'ehlo');
    if (helo.code === 250) return { caps: parseEhlo([helo.lines[0] ?? '']), reply: helo, helo: true };
    return { caps: null, reply: helo, helo: true };
  }
  return { caps: null, reply, helo: false };
}

async function probeHost(ctx: ProbeContext, target: ProbeTarget, rcptTest: string | null, options: SmtpProbeOptions, report: Report): Promise<void> {
  const resolved = await resolveTarget(ctx, target);
  const dns = resolved.dns.map((l) => l.query);
  const mxQuery = ctx.dns.queries.find((q) => q.type === 'MX' && q.name === ctx.request.domain);
  const evidence = (client: SmtpClient | null): HostEvidence => ({
    target, dns: mxQuery && target.priority !== null ? [mxQuery, ...dns] : dns, transcript: client?.transcript ?? [], timings: client?.timings ?? {},
  });
  if (!resolved.connect) {
    report({ ...probeError(`smtp.${target.host}:${target.port}.connect`, `${target.host} has no address`, `${target.host} has no A or AAAA record, so nothing can connect to it.`, 'Publish an A (and AAAA) record for the mail host, or point the MX at a host that has one.', dns, 'fail'), subject: `${target.host}:${target.port}` });
    if (rcptTest) report(rcptNotRunCheck(evidence(null), rcptTest, 'The host has no address.'));
    return;
  }
  const smtp = ctx.request.smtp;
  const client = new SmtpClient({ host: target.host, port: target.port, connect: resolved.connect, implicitTls: target.implicit, timeoutMs: smtp.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal: ctx.signal, ca: options.ca });
  const ev = (): HostEvidence => evidence(client);
  let pending: 'capabilities' | 'tls' | 'rcpt' = 'capabilities';
  let rcptDone = false;
  try {
    try {
      await client.open();
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      report(connectFailedCheck(ev(), err as SmtpClientError, resolved.address));
      if (rcptTest) report(rcptNotRunCheck(ev(), rcptTest, 'The connection failed, so the recipient could not be tested.'));
      return;
    }
    let banner: SmtpReply;
    try {
      banner = await client.greeting();
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      report(connectFailedCheck(ev(), err as SmtpClientError, resolved.address));
      if (rcptTest) report(rcptNotRunCheck(ev(), rcptTest, 'The server never greeted, so the recipient could not be tested.'));
      return;
    }
    report(bannerCheck(ev(), banner, resolved.address));
    if (target.implicit && client.tls) {
      report(tlsCheck(ev(), client.tls));
      report(certificateCheck(ev(), client.tls));
    }
    if (banner.code !== 220) {
      if (rcptTest) report(rcptNotRunCheck(ev(), rcptTest, `The server refused the session at the greeting (${banner.code}).`));
      rcptDone = true;
      await client.quit();
      return;
    }
    const name = ehloNameFor(client, options.ehloName);
    const first = await greet(client, name);
    let after: EhloCapabilities | null = null;
    let last = first;
    if (!target.implicit && first.caps) {
      pending = 'tls';
      if (first.caps.extensions.has('STARTTLS')) {
        const reply = await client.command('STARTTLS', 'starttls');
        if (reply.code === 220) {
          let facts;
          try {
            facts = await client.upgrade();
          } catch (err) {
            if (ctx.signal.aborted) throw err;
            report(tlsFailedCheck(ev(), err as SmtpClientError));
            report(capabilitiesCheck(ev(), first.caps, null, { heloFallback: first.helo, ehloReply: first.reply, tlsUp: false }));
            if (rcptTest) report(rcptNotRunCheck(ev(), rcptTest, 'The TLS handshake failed and the connection was closed.'));
            return;
          }
          report(tlsCheck(ev(), facts));
          report(certificateCheck(ev(), facts));
          pending = 'capabilities';
          last = await greet(client, name);
          after = last.caps;
        } else {
          report(starttlsRefusedCheck(ev(), reply));
        }
      } else {
        report(noStarttlsCheck(ev()));
      }
    }
    pending = 'capabilities';
    report(capabilitiesCheck(ev(), first.caps, after, { heloFallback: first.helo, ehloReply: last.reply, tlsUp: client.tls !== null }));
    if (rcptTest && last.caps) {
      pending = 'rcpt';
      const from = smtp.mailFrom ? smtp.mailFrom.trim() : '';
      const mail = await client.command(`MAIL FROM:<${from}>`, 'mail');
      let rcpt: SmtpReply | null = null;
      if (mail.code === 250) rcpt = await client.command(`RCPT TO:<${rcptTest}>`, 'rcpt');
      rcptDone = true;
      report(rcptCheck(ev(), rcptTest, mail, rcpt));
      await client.command('RSET', 'quit').catch(() => undefined);
    } else if (rcptTest) {
      rcptDone = true;
      report(rcptNotRunCheck(ev(), rcptTest, 'The server did not accept EHLO/HELO, so no transaction could start.'));
    }
    await client.quit();
  } catch (err) {
    if (ctx.signal.aborted || !(err instanceof SmtpClientError)) throw err;
    // The server stopped answering or hung up mid-session: the step that was running fails.
    report(sessionFailedCheck(ev(), pending, err));
    if (rcptTest && !rcptDone && pending !== 'rcpt') report(rcptNotRunCheck(ev(), rcptTest, `The session failed at ${err.command} before the recipient test.`));
  } finally {
    client.destroy();
  }
}

/** Builds the probe definition (tests pass their CA). */
export function createSmtpProbe(options: SmtpProbeOptions = {}): ProbeCheckDefinition {
  return {
    group: 'smtp',
    name: 'SMTP servers',
    applies: (request: ProbeRequest) => request.smtp.enabled,
    async run(ctx, report) {
      const targets = await targetsFor(ctx, report);
      const rcpt = ctx.request.smtp.rcptTest;
      // Hosts in parallel; the recipient test only on the first (the preferred MX or the named host).
      await Promise.all(targets.map((t, i) => probeHost(ctx, t, i === 0 ? rcpt : null, options, report)));
    },
  };
}

/** The production probe: Node's trust store, default EHLO name. */
export const smtpProbe: ProbeCheckDefinition = createSmtpProbe();
