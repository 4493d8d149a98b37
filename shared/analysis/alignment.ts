/**
 * DMARC identifier alignment (RFC 7489 §3.1 / RFC 9989): does the
 * RFC5321.MailFrom domain (checked by SPF) or a DKIM signing domain match
 * the RFC5322.From domain the reader sees?
 *
 * Offline, the organisational domain is an estimate from the Public Suffix
 * List (tldts, private section included, as mailauth's own alignment helper
 * does). The normative answer since RFC 9989 is the DMARC DNS tree walk;
 * the live verification passes that in as `orgDomain` and
 * `orgDomainSource: 'dmarc-dns'`, and the UI says which one it shows.
 */
import { getDomain } from 'tldts';
import type { AlignmentRow, AlignmentTable, OrgDomainSource } from '../model/analysis';

/** One identifier to align: the envelope sender or a DKIM signature. */
export interface AlignmentCandidate {
  /** The domain, lower-case; null when unknown (null sender, header missing). */
  domain: string | null;
  /** Authentication result for the identifier (pass, fail…); null when not recorded. */
  result: string | null;
  /** Where the domain was read, for evidence ("Return-Path, line 3"). */
  source: string;
  /** DKIM selector, for the row label. */
  selector?: string | null;
}

/** Everything alignment needs; all of it comes from the header parsers or the live DMARC lookup. */
export interface AlignmentInput {
  /** RFC5322.From domain; null when absent or unreadable. */
  fromDomain: string | null;
  /** Where the From domain was read. */
  fromSource: string;
  /** The envelope sender (SPF identity). */
  mailFrom: AlignmentCandidate;
  /** Each DKIM signature, topmost first. */
  dkim: AlignmentCandidate[];
  /** Alignment modes; relaxed by default (the DMARC default when adkim/aspf are absent). */
  mode?: { spf: 'r' | 's'; dkim: 'r' | 's'; source: 'default' | 'dmarc-dns' };
  /** Organisational-domain function; the PSL estimate when absent. */
  orgDomain?: (domain: string) => string | null;
  /** Where `orgDomain` gets its answers. */
  orgDomainSource?: OrgDomainSource;
}

/** Normalise a domain for comparison: lower-case, no trailing dot, no surrounding brackets or spaces. */
export function normalizeDomain(domain: string | null | undefined): string | null {
  if (!domain) return null;
  const d = domain.trim().replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  return d === '' ? null : d;
}

/** The domain part of an address (`a@b.example` → `b.example`); a bare domain is returned as is. */
export function domainOf(address: string | null | undefined): string | null {
  if (!address) return null;
  let a = address.trim();
  const angle = /<([^>]*)>/.exec(a);
  if (angle) a = angle[1]!;
  const at = a.lastIndexOf('@');
  return normalizeDomain(at >= 0 ? a.slice(at + 1) : a);
}

/**
 * Organisational domain estimated from the Public Suffix List. Null for a
 * public suffix itself or something that is not a domain name (an IP literal).
 */
export function orgDomainEstimate(domain: string): string | null {
  const d = normalizeDomain(domain);
  if (!d || /^[\d.]+$/.test(d) || d.includes(':')) return null;
  return getDomain(d, { allowPrivateDomains: true }) ?? null;
}

/** Relaxed alignment: same organisational domain. Strict: identical domains. */
function alignedPair(a: string | null, b: string | null, org: (d: string) => string | null): { relaxed: boolean | null; strict: boolean | null } {
  if (!a || !b) return { relaxed: null, strict: null };
  const strict = a === b;
  if (strict) return { relaxed: true, strict };
  const oa = org(a);
  const ob = org(b);
  return { relaxed: oa !== null && oa === ob, strict };
}

function row(
  identifier: AlignmentRow['identifier'],
  label: string,
  c: AlignmentCandidate,
  fromDomain: string | null,
  mode: 'r' | 's',
  org: (d: string) => string | null,
): AlignmentRow {
  const domain = normalizeDomain(c.domain);
  const { relaxed, strict } = alignedPair(domain, fromDomain, org);
  const alignedUnderMode = mode === 's' ? strict : relaxed;
  return {
    identifier,
    label,
    domain,
    orgDomain: domain ? org(domain) : null,
    source: c.source,
    authResult: c.result,
    relaxed,
    strict,
    counts: alignedUnderMode === true && c.result === 'pass',
  };
}

/** Build the alignment table and say in one sentence which identifier, if any, aligned. */
export function buildAlignment(input: AlignmentInput): AlignmentTable {
  const org = input.orgDomain ?? orgDomainEstimate;
  const mode = input.mode ?? { spf: 'r', dkim: 'r', source: 'default' };
  const fromDomain = normalizeDomain(input.fromDomain);
  const mf = row('mailfrom', 'RFC5321.MailFrom (envelope sender, checked by SPF)', input.mailFrom, fromDomain, mode.spf, org);
  const dk = input.dkim.map((c) =>
    row('dkim', `DKIM d= (${c.selector ? `s=${c.selector}` : 'no selector'})`, c, fromDomain, mode.dkim, org),
  );
  const fromRow: AlignmentRow = {
    identifier: 'from',
    label: 'RFC5322.From (the author the reader sees)',
    domain: fromDomain,
    orgDomain: fromDomain ? org(fromDomain) : null,
    source: input.fromSource,
    authResult: null,
    relaxed: null,
    strict: null,
    counts: false,
  };
  const rows = [mf, ...dk, fromRow];

  const spfOk = mf.counts;
  const dkimOk = dk.some((r) => r.counts);
  let aligned: AlignmentTable['aligned'];
  if (spfOk && dkimOk) aligned = 'both';
  else if (spfOk) aligned = 'spf';
  else if (dkimOk) aligned = 'dkim';
  else aligned = decideNone([mf, ...dk], mode, fromDomain);

  return {
    fromDomain,
    rows,
    orgDomainSource: input.orgDomainSource ?? 'psl-estimate',
    mode,
    aligned,
    summary: summarize(aligned, fromDomain, mf, dk, mode),
  };
}

/**
 * Nothing counted. Say 'none' only when that is certain: every identifier
 * either failed to align or has a recorded non-pass result. An aligned
 * identifier without a recorded result, or a missing From domain, is 'unknown'.
 */
function decideNone(candidates: AlignmentRow[], mode: { spf: 'r' | 's'; dkim: 'r' | 's' }, fromDomain: string | null): AlignmentTable['aligned'] {
  if (!fromDomain) return 'unknown';
  for (const r of candidates) {
    if (!r.domain) continue;
    const m = r.identifier === 'mailfrom' ? mode.spf : mode.dkim;
    const al = m === 's' ? r.strict : r.relaxed;
    if (al === true && r.authResult === null) return 'unknown';
  }
  if (candidates.every((r) => !r.domain)) return 'unknown';
  return 'none';
}

function summarize(
  aligned: AlignmentTable['aligned'],
  from: string | null,
  mf: AlignmentRow,
  dk: AlignmentRow[],
  mode: { spf: 'r' | 's'; dkim: 'r' | 's' },
): string {
  if (!from) return 'The From domain could not be read, so alignment cannot be judged.';
  const dkimDomains = [...new Set(dk.map((r) => r.domain).filter((d): d is string => !!d))];
  const dkimList = dkimDomains.length ? dkimDomains.join(', ') : 'none (not signed)';
  const spfPart = `the SPF domain (${mf.domain ?? 'unknown'})`;
  const dkimPart = `the DKIM domain (${dkimList})`;
  switch (aligned) {
    case 'both':
      return `Both ${spfPart} and ${dkimPart} pass and align with the From domain ${from}.`;
    case 'spf':
      return `${cap(spfPart)} passes and aligns with the From domain ${from}; DKIM does not (${dkimList}).`;
    case 'dkim': {
      const d = dk.find((r) => r.counts)!;
      return `DKIM (d=${d.domain}) passes and aligns with the From domain ${from}; SPF does not (${mf.domain ?? 'unknown'}).`;
    }
    case 'none': {
      const strictNote = mode.spf === 's' || mode.dkim === 's' ? ' (strict alignment: the domains must be identical)' : '';
      const unalignedAll = [mf, ...dk].every((r) => r.domain === null || (r.relaxed === false));
      if (unalignedAll) return `The From domain ${from} aligns with neither ${spfPart} nor ${dkimPart}${strictNote}.`;
      return `No identifier both passed and aligned with the From domain ${from}${strictNote}.`;
    }
    default:
      return `Alignment with the From domain ${from} cannot be decided: the receiver's SPF/DKIM results were not recorded.`;
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
