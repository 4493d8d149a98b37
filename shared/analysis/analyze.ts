/**
 * The offline analysis: pasted text (headers or a whole message) →
 * AnalysisReport, by composing the shared parsers. Runtime-neutral and
 * synchronous, so the renderer runs it on every keystroke and the core runs
 * the same code before adding live DNS checks.
 *
 * Stages (shared/analysis/pipeline/): input summary → hops timeline and
 * boundary → authentication (AR groups, DKIM-Signature, ARC, Received-SPF)
 * → alignment → vendor verdicts → findings. Every stage is guarded: one
 * that throws on strange input leaves a warning and an empty section, never
 * a crash and never a blank report.
 */
import { buildAlignment, domainOf } from './alignment';
import { computeFindings } from './findings';
import { splitHeaderBlock } from './header-block';
import { boundaryHints, buildAuthentication, emptyAuthentication, readAuthentication } from './pipeline/auth-stage';
import { buildHops } from './pipeline/hops-stage';
import { summarizeInput } from './pipeline/input-stage';
import { buildVendorVerdicts } from './pipeline/vendor-stage';
import type { AlignmentTable, AnalysisReport, AnalysisWarning, AuthenticationSection, HopTimeline, OrgDomainSource, VerificationReport } from '../model/analysis';

/** Options for the offline analysis. */
export interface OfflineOptions {
  /** Boundary hop chosen by the user (timeline index). */
  boundaryIndex?: number;
  /** Organisational domains from the DMARC tree walk (live), replacing the PSL estimate. */
  orgDomain?: (domain: string) => string | null;
  /** Where `orgDomain` answers come from. */
  orgDomainSource?: OrgDomainSource;
  /** Alignment modes from the DMARC record (live). */
  alignmentMode?: AlignmentTable['mode'];
  /** Live verification to fold in (the core's analyze service passes it). */
  verification?: VerificationReport | null;
  /**
   * MAIL FROM of the SMTP transaction that delivered the message, when
   * Mailscope captured it ('' for the null sender `<>`). Used as the
   * RFC5321.MailFrom when the headers name none (no Return-Path, no
   * smtp.mailfrom recorded): Mailscope was the receiver, so its envelope is
   * what a Return-Path would have said. Absent/null for pasted text.
   */
  envelopeMailFrom?: string | null;
  /** Clock for `elapsedMs` (tests); defaults to performance.now when present, else Date.now. */
  now?: () => number;
}

/** A monotonic clock where the runtime has one (both Node and Chromium do); shared/ has no DOM or Node types. */
const perf = (globalThis as { performance?: { now(): number } }).performance;
const clock = (): number => (perf ? perf.now() : Date.now());

function guarded<T>(stage: string, warnings: AnalysisWarning[], run: () => T, fallback: T): T {
  try {
    return run();
  } catch (err) {
    warnings.push({ code: `stage-failed-${stage}`, message: `The ${stage} part could not be analyzed (${err instanceof Error ? err.message : String(err)}); the rest is shown.` });
    return fallback;
  }
}

const EMPTY_TIMELINE: HopTimeline = { hops: [], boundaryIndex: null, boundaryReason: 'Not analyzed.', boundaryChosen: false, totalMs: null, dateToFirstHopMs: null, unparsedCount: 0 };

/**
 * Where the RFC5321.MailFrom comes from, in order: the smtp.mailfrom the
 * receiver recorded with its SPF result (so the domain and the result belong
 * together), the Return-Path header, and for a captured message without
 * either, the SMTP envelope Mailscope itself received.
 */
function envelopeSource(
  authentication: AuthenticationSection,
  returnPath: string | null,
  envelopeMailFrom: string | null | undefined,
): { kind: 'recorded' | 'return-path' | 'envelope'; label: string } {
  if (authentication.spf?.mailFromDomain) return { kind: 'recorded', label: `${authentication.spf.source} smtp.mailfrom` };
  if (returnPath === null && typeof envelopeMailFrom === 'string') {
    return { kind: 'envelope', label: `SMTP envelope as captured (MAIL FROM:<${envelopeMailFrom}>)` };
  }
  return { kind: 'return-path', label: 'Return-Path' };
}

/** Analyze pasted text offline. Never throws. */
export function analyzeText(raw: string, options: OfflineOptions = {}): AnalysisReport {
  const now = options.now ?? clock;
  const started = now();
  const warnings: AnalysisWarning[] = [];
  const text = typeof raw === 'string' ? raw : '';
  const block = splitHeaderBlock(text);
  warnings.push(...block.warnings);
  const input = summarizeInput(text, block);

  const read = guarded('authentication', warnings, () => readAuthentication(block.fields, warnings), null);
  const hopsStage = guarded(
    'hops',
    warnings,
    () =>
      buildHops(block.fields, {
        ...(options.boundaryIndex !== undefined ? { boundaryIndex: options.boundaryIndex } : {}),
        dateHeader: input.date,
        hints: read ? boundaryHints(read) : { authservIds: [], spfIp: null },
        warnings,
      }),
    null,
  );
  const hops = hopsStage?.timeline ?? EMPTY_TIMELINE;

  const authentication: AuthenticationSection = read
    ? guarded('authentication', warnings, () => buildAuthentication(read, { hops, receiverFamily: hopsStage?.receiverFamily ?? null }), emptyAuthentication())
    : emptyAuthentication();

  const fromDomain = domainOf(input.from);
  const mailFromSource = envelopeSource(authentication, input.returnPath, options.envelopeMailFrom);
  const mailFromDomain =
    mailFromSource.kind === 'recorded' ? (authentication.spf?.mailFromDomain ?? null)
    : mailFromSource.kind === 'envelope' ? domainOf(options.envelopeMailFrom)
    : domainOf(input.returnPath);
  const alignment = guarded(
    'alignment',
    warnings,
    () =>
      buildAlignment({
        fromDomain,
        fromSource: 'From header',
        mailFrom: {
          domain: mailFromDomain,
          result: authentication.spf?.result ?? null,
          source: mailFromSource.label,
        },
        dkim: authentication.dkim.map((s) => ({ domain: s.domain, selector: s.selector, result: s.recorded?.result ?? null, source: `DKIM-Signature, line ${s.line}` })),
        ...(options.alignmentMode ? { mode: options.alignmentMode } : {}),
        ...(options.orgDomain ? { orgDomain: options.orgDomain } : {}),
        ...(options.orgDomainSource ? { orgDomainSource: options.orgDomainSource } : {}),
      }),
    buildAlignment({ fromDomain: null, fromSource: '', mailFrom: { domain: null, result: null, source: '' }, dkim: [] }),
  );

  const vendors = guarded('vendor verdicts', warnings, () => buildVendorVerdicts(block.fields, { hops, warnings }), { verdicts: [], unknownHeaders: [] });

  const partial = {
    version: 1 as const,
    input,
    parseWarnings: warnings,
    hops,
    authentication,
    alignment,
    vendorVerdicts: vendors.verdicts,
    unknownHeaders: vendors.unknownHeaders,
    verification: options.verification ?? null,
  };
  const findings = computeFindings(partial);
  return { ...partial, findings, elapsedMs: Math.max(0, now() - started) };
}
