/**
 * The analyze service: the offline analysis (shared/analysis/analyze.ts)
 * plus the live re-verification (verify.ts) with the DNS the user chose.
 * "As recorded by the receiver" and "as of now" sit side by side; where they
 * differ, the findings say why (a key rotated since, an SPF record edited).
 * With the DMARC record found, alignment uses the organisational domain from
 * the DNS tree walk instead of the Public Suffix List estimate, and says so.
 *
 * Serves POST /api/analyze (`createAnalyzeHandler`) and `mailscope analyze`
 * (`analyzeInput`).
 */
import { analyzeText } from '../../../shared/analysis/analyze';
import { domainOf, orgDomainEstimate } from '../../../shared/analysis/alignment';
import type { AnalysisOptions, AnalysisReport, AnalyzeRequest } from '../../../shared/model/analysis';
import type { Envelope } from '../../../shared/model/message';
import { badRequest } from '../errors';
import { type DnsSource, createNetworkSource } from './resolver';
import { toVerificationReport } from './verification-view';
import { verifyMessage, type SmtpIdentity } from './verify';

/** Injectable pieces (tests pass an in-memory zone or a loopback DNS server). */
export interface AnalyzeDeps {
  /** DNS source for live checks; by default the network, with `options.dns` as the server when given. */
  dnsSource?: (options: AnalysisOptions) => DnsSource;
  /** Wall clock for "as of now" (tests). */
  now?: () => Date;
}

const HOST_PORT = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9]{1,3}(?:\.[0-9]{1,3}){3}|[A-Za-z0-9.-]+))(?::(\d{1,5}))?$/;

/** Check options; returns a plain-language problem, or null when fine. */
export function checkAnalysisOptions(options: AnalysisOptions): string | null {
  if (options.dns !== undefined) {
    const m = typeof options.dns === 'string' ? HOST_PORT.exec(options.dns.trim()) : null;
    if (!m || (m[3] !== undefined && (Number(m[3]) < 1 || Number(m[3]) > 65535))) {
      return `--dns must be HOST or HOST:PORT (e.g. 127.0.0.1:5353 or [::1]:53), not "${String(options.dns)}".`;
    }
  }
  if (options.at !== undefined) {
    const t = typeof options.at === 'string' ? Date.parse(options.at) : Number.NaN;
    if (!/^\d{4}-\d{2}-\d{2}/.test(String(options.at)) || Number.isNaN(t)) {
      return `--at must be an ISO 8601 time such as 2024-05-01T12:00:00Z, not "${String(options.at)}".`;
    }
  }
  if (options.boundaryIndex !== undefined && (!Number.isInteger(options.boundaryIndex) || options.boundaryIndex < 0)) {
    return 'boundaryIndex must be a hop number from 0 (the oldest hop).';
  }
  return null;
}

/** node:dns wants "1.2.3.4", "1.2.3.4:5353" or "[::1]:53". */
function serverOf(dns: string): string {
  return dns.trim();
}

function decode(input: Uint8Array | string): string {
  if (typeof input === 'string') return input;
  // Headers are ASCII or UTF-8 (SMTPUTF8); anything else shows as U+FFFD and the splitter says so.
  return new TextDecoder('utf-8', { fatal: false }).decode(input);
}

/** What Mailscope knows about a message beyond its bytes because it captured it. */
export interface CapturedContext {
  /** MAIL FROM of the SMTP transaction that delivered it ('' for `<>`); null or absent for imports and pastes. */
  envelopeMailFrom?: string | null;
}

/** A captured message as the handler's loader returns it. */
export interface CapturedInput {
  raw: Uint8Array;
  /** The stored SMTP envelope; null for imported messages. */
  envelope: Envelope | null;
}

/** The SMTP facts of the boundary hop, for SPF. */
function smtpIdentity(report: AnalysisReport, context: CapturedContext): SmtpIdentity | null {
  const t = report.hops;
  const hop = t.boundaryIndex === null ? null : t.hops[t.boundaryIndex];
  if (!hop?.ip) return null;
  const recorded = report.authentication.spf?.mailFromDomain;
  // Same order as the alignment table: Return-Path, the receiver's smtp.mailfrom, then the envelope we captured.
  const mailFrom = report.input.returnPath ?? (recorded ? `postmaster@${recorded}` : (context.envelopeMailFrom ?? null));
  return { ip: hop.ip, mailFrom, helo: hop.from };
}

/** Analyze bytes or text: offline, then (unless `offline`) live. Never throws for bad input. */
export async function analyzeInput(input: Uint8Array | string, options: AnalysisOptions = {}, deps: AnalyzeDeps = {}, context: CapturedContext = {}): Promise<AnalysisReport> {
  const text = decode(input);
  const base = {
    ...(options.boundaryIndex !== undefined ? { boundaryIndex: options.boundaryIndex } : {}),
    ...(typeof context.envelopeMailFrom === 'string' ? { envelopeMailFrom: context.envelopeMailFrom } : {}),
  };
  const offline = analyzeText(text, base);
  if (options.offline || offline.input.kind === 'empty' || offline.input.kind === 'not-headers') return offline;

  const source = deps.dnsSource ? deps.dnsSource(options) : createNetworkSource(options.dns ? { servers: [serverOf(options.dns)] } : {});
  const resolverLabel = options.dns ? options.dns.trim() : 'system';
  const wire = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input);
  let verification;
  try {
    verification = await verifyMessage(wire, {
      dns: source,
      ...(options.at ? { asOf: new Date(options.at) } : {}),
      smtp: smtpIdentity(offline, context),
    });
  } catch (err) {
    // A bug in a re-check must not cost the user the offline analysis.
    return {
      ...offline,
      parseWarnings: [...offline.parseWarnings, { code: 'live-check-failed', message: `The live re-checks failed (${(err as Error)?.message ?? String(err)}); the analysis below uses the headers only.` }],
    };
  }
  const view = toVerificationReport(verification, offline, resolverLabel);
  const dmarc = view.dmarcRecord;
  const fromDomain = domainOf(offline.input.from);
  // Only a record found by the walk settles the org domain and the modes; without one the PSL estimate stays, labelled as such.
  const fromOrg = dmarc && dmarc.record && fromDomain === dmarc.domain ? dmarc.orgDomain : null;
  return analyzeText(text, {
    ...base,
    verification: view,
    ...(fromOrg
      ? {
          // The tree walk answered for the From domain; other identifiers align when they sit under the same organisational domain.
          orgDomain: (d: string) => (d === fromOrg || d.endsWith(`.${fromOrg}`) ? fromOrg : orgDomainEstimate(d)),
          orgDomainSource: 'dmarc-dns' as const,
          alignmentMode: { spf: dmarc!.aspf, dkim: dmarc!.adkim, source: 'dmarc-dns' as const },
        }
      : {}),
  });
}

/**
 * The POST /api/analyze handler: a captured message by id, or pasted text.
 * `loadCaptured` returns the stored bytes, or the bytes with the stored SMTP
 * envelope (its MAIL FROM stands in for a missing Return-Path).
 */
export function createAnalyzeHandler(loadCaptured: (id: number) => Promise<Uint8Array | CapturedInput>, deps: AnalyzeDeps = {}) {
  return async (request: AnalyzeRequest): Promise<AnalysisReport> => {
    const hasId = request?.id !== undefined && request?.id !== null;
    const hasRaw = typeof request?.raw === 'string';
    if (hasId === hasRaw) throw badRequest('Send either { raw: "<headers or message>" } or { id: <captured message id> }.');
    const options: AnalysisOptions = request.options ?? {};
    if (typeof options !== 'object') throw badRequest('options must be an object.');
    const problem = checkAnalysisOptions(options);
    if (problem) throw badRequest(problem.replace(/^--(\w+)/, '$1'));
    if (hasId) {
      if (!Number.isInteger(request.id) || (request.id as number) < 1) throw badRequest('id must be a captured message id (a positive integer).');
      const loaded = await loadCaptured(request.id as number);
      const captured: CapturedInput = loaded instanceof Uint8Array ? { raw: loaded, envelope: null } : loaded;
      const report = await analyzeInput(captured.raw, options, deps, { envelopeMailFrom: captured.envelope?.mailFrom ?? null });
      return { ...report, input: { ...report.input, capturedMessageId: request.id as number } };
    }
    if ((request.raw as string).length > 25 * 1024 * 1024) throw badRequest('That is more than 25 MB: paste the headers, or import the message and analyze it from the inbox.');
    return analyzeInput(request.raw as string, options, deps);
  };
}
