/**
 * BIMI (draft-brand-indicators-for-message-identification): the
 * default._bimi TXT record (v=BIMI1; l=<SVG URL>; a=<mark certificate URL>),
 * the logo fetched and inspected as text — SVG Tiny PS, no script, no
 * external reference — but never rendered, the VMC/CMC certificate validated
 * offline by mailauth from the bytes fetched here (chain to the BIMI roots,
 * key usage, embedded logo and its hash, names, same logo as l=), and the
 * requirement every mailbox provider applies first: DMARC at enforcement
 * (quarantine or reject, pct=100).
 *
 * Checks: bimi.record, bimi.dmarc, bimi.logo, bimi.certificate. */
import { X509Certificate } from 'node:crypto';
import { validateBimiSvg, validateBimiVmc, type BIMIData, type VMCValidationResult } from 'mailauth';
import { getDomain } from 'tldts';
import { parseTagList } from '../../../../shared/analysis/tag-list';
import type { ProbeFact, ProbeStatus } from '../../../../shared/model/probe';
import type { CheckResult, DnsLookup, HttpFetchResult, ProbeCheckDefinition, ProbeContext } from '../check-types';
import { QueryLog, excerpt, isAbsent, isLookupFailure, lookupFailureFix, outcomeWords, txtRecords } from './more-dns';
import { startEarly } from './start-early';

/** BIMI's recommended ceiling for the SVG (Gmail and the BIMI group's guidance). */
const SVG_RECOMMENDED_BYTES = 32 * 1024;
/** The extended key usage of a mark certificate (id-kp-BrandIndicatorforMessageIdentification). */
const BIMI_EKU = '1.3.6.1.5.5.7.3.31';

export const bimiCheck: ProbeCheckDefinition = {
  group: 'bimi',
  name: 'BIMI',
  applies: () => true,
  async run(ctx, report) {
    const domain = ctx.request.domain;
    const org = getDomain(domain) ?? domain;
    const log = new QueryLog(ctx.dns);
    // The DMARC record is needed whatever BIMI says; ask it alongside (the DMARC check shares the answer).
    // Held by startEarly: a cancel during the BIMI lookup below must not leave its rejection unhandled.
    const dmarcJob = startEarly(dmarcEnforcement(ctx, domain, org));
    let found = await log.lookup(`default._bimi.${domain}`, 'TXT');
    let where = domain;
    if (isAbsent(found) && org !== domain) {
      // Receivers fall back to the organisational domain's record.
      found = await log.lookup(`default._bimi.${org}`, 'TXT');
      where = org;
    }
    const base = { group: 'bimi' as const, subject: null };
    if (isLookupFailure(found)) {
      report({ ...base, id: 'bimi.record', status: 'error', title: 'Could not look up the BIMI record', explanation: `${outcomeWords(found)}.`, fix: lookupFailureFix(found), evidence: { dns: log.queries } });
      report(await dmarcJob);
      return;
    }
    const records = txtRecords(found).filter((r) => /^v\s*=\s*BIMI1\s*(;|$)/i.test(r.trim()));
    if (records.length === 0) {
      report({
        ...base, id: 'bimi.record', status: 'info', title: 'No BIMI record',
        explanation: `${isAbsent(found) ? outcomeWords(found) : `default._bimi.${where} has TXT records, but none starts with v=BIMI1`}. BIMI is optional: it lets mailboxes show the brand logo beside authenticated mail.`,
        fix: `To show a logo: reach DMARC enforcement first, then publish TXT default._bimi.${domain} "v=BIMI1; l=https://…/logo.svg; a=https://…/vmc.pem".`,
        evidence: { dns: log.queries },
      });
      return;
    }
    if (records.length > 1) {
      report({ ...base, id: 'bimi.record', status: 'fail', title: `${records.length} BIMI records`, explanation: `default._bimi.${where} has ${records.length} v=BIMI1 records; receivers treat that as no BIMI.`, fix: 'Keep exactly one v=BIMI1 record per selector.', evidence: { dns: log.queries } });
      report(await dmarcJob);
      return;
    }
    const record = records[0]!;
    const tags = parseTagList(record).map;
    const l = (tags.l ?? '').trim();
    const a = (tags.a ?? '').trim();
    const problems: string[] = [];
    if (l && !/^https:\/\//i.test(l)) problems.push(`l= must be an https: URL (found "${l}")`);
    if (a && !/^https:\/\//i.test(a)) problems.push(`a= must be an https: URL (found "${a}")`);
    const declined = !l && !a;
    report({
      ...base, id: 'bimi.record',
      status: problems.length ? 'fail' : declined ? 'info' : 'pass',
      title: declined ? 'BIMI record declines a logo' : problems.length ? 'BIMI record has problems' : 'BIMI record found',
      explanation: `default._bimi.${where} says "${record}".${where !== domain ? ` (Found at the organisational domain ${org}: ${domain} has none of its own, so receivers use this one.)` : ''}${declined ? ' Empty l= and a= mean the domain explicitly shows no logo.' : ''}${problems.length ? ` ${problems.join('; ')}.` : ''}`,
      fix: problems.length ? 'Use https: URLs for l= (the SVG) and a= (the mark certificate PEM).' : null,
      evidence: { dns: log.queries, facts: [{ label: 'Record', value: record }, { label: 'Logo (l=)', value: l || '(none)' }, { label: 'Certificate (a=)', value: a || '(none)' }] },
    });
    // The logo and the certificate are fetched once each, at the same time; the certificate check needs both.
    const https = (url: string) => /^https:\/\//i.test(url);
    const [dmarc, logoRes, certRes] = await Promise.all([
      dmarcJob,
      l && https(l) ? ctx.fetch(l, { maxBytes: 512 * 1024, timeoutMs: 15_000 }) : Promise.resolve(null),
      a && https(a) ? ctx.fetch(a, { maxBytes: 256 * 1024, timeoutMs: 15_000 }) : Promise.resolve(null),
    ]);
    // A fetch ended by the user's cancel is not a finding: let the runner report the cancel.
    ctx.signal.throwIfAborted();
    report(dmarc);
    if (logoRes) report(judgeLogo(l, logoRes));
    if (!declined) report(await judgeCertificate(a, certRes, logoRes, domain, org));
  },
};

/** BIMI is only honoured when DMARC is at enforcement for the domain: p (or sp for a subdomain) quarantine/reject at pct=100. */
async function dmarcEnforcement(ctx: ProbeContext, domain: string, org: string): Promise<CheckResult> {
  const log = new QueryLog(ctx.dns);
  const base = { id: 'bimi.dmarc', group: 'bimi' as const, subject: null };
  const read = async (name: string): Promise<{ lookup: DnsLookup; record: string | null }> => {
    const lookup = await log.lookup(`_dmarc.${name}`, 'TXT');
    return { lookup, record: txtRecords(lookup).find((r) => /^v\s*=\s*DMARC1\s*(;|$)/i.test(r.trim())) ?? null };
  };
  let at = domain;
  let found = await read(domain);
  if (!found.record && !isLookupFailure(found.lookup) && org !== domain) {
    at = org;
    found = await read(org);
  }
  if (isLookupFailure(found.lookup)) {
    return { ...base, status: 'error', title: 'Could not read DMARC (needed for BIMI)', explanation: `${outcomeWords(found.lookup)}.`, fix: lookupFailureFix(found.lookup), evidence: { dns: log.queries } };
  }
  if (!found.record) {
    return { ...base, status: 'fail', title: 'No DMARC record: BIMI logos are not shown', explanation: `Neither _dmarc.${domain}${org !== domain ? ` nor _dmarc.${org}` : ''} has a DMARC record. Every mailbox that shows BIMI logos requires DMARC at enforcement first.`, fix: `Publish DMARC (start with p=none and rua= reports), fix alignment, then move to p=quarantine or p=reject with pct=100.`, evidence: { dns: log.queries } };
  }
  const tags = parseTagList(found.record).map;
  const p = (tags.p ?? '').trim().toLowerCase();
  const sp = (tags.sp ?? '').trim().toLowerCase();
  const effective = at !== domain && sp ? sp : p;
  const pct = tags.pct === undefined ? 100 : Number(tags.pct.trim());
  const problems: string[] = [];
  if (effective !== 'quarantine' && effective !== 'reject') problems.push(`the policy for ${domain} is ${at !== domain && sp ? `sp=${sp}` : `p=${p || '(missing)'}`}, not quarantine or reject`);
  if (pct !== 100) problems.push(`pct=${tags.pct} applies the policy to only part of the mail`);
  const facts: ProbeFact[] = [{ label: 'DMARC record', value: `_dmarc.${at}: ${found.record}` }, { label: 'Policy for the domain', value: effective || '(none)' }, { label: 'pct', value: String(pct) }];
  if (problems.length) {
    return { ...base, status: 'fail', title: 'DMARC not at enforcement: BIMI logos are not shown', explanation: `BIMI needs DMARC at enforcement (quarantine or reject, pct=100), but ${problems.join(' and ')}.`, fix: 'Move DMARC to p=quarantine or p=reject with pct=100 (after rua reports show your legitimate mail passes).', evidence: { dns: log.queries, facts } };
  }
  return { ...base, status: 'pass', title: `DMARC at enforcement (${effective}, pct=100)`, explanation: `_dmarc.${at} sets ${effective} for ${domain} at pct=100: the DMARC condition for BIMI is met.`, fix: null, evidence: { dns: log.queries, facts } };
}

function judgeLogo(url: string, res: HttpFetchResult): CheckResult {
  const base = { id: 'bimi.logo', group: 'bimi' as const, subject: url };
  const http = [httpEvidence(res)];
  if (res.status === null) {
    const tlsBad = res.tls && !res.tls.authorized;
    return { ...base, status: /^timeout/.test(res.error ?? '') ? 'error' : 'fail', title: tlsBad ? `Logo host certificate not trusted (${res.tls?.authorizationError})` : 'Logo could not be fetched', explanation: `GET ${url} failed: ${res.error}. Mailboxes cannot show a logo they cannot fetch.`, fix: 'Serve the SVG over HTTPS with a publicly trusted certificate.', evidence: { dns: [], http } };
  }
  if (res.status !== 200) {
    return { ...base, status: 'fail', title: `Logo not served (HTTP ${res.status})`, explanation: `${url} answered HTTP ${res.status}${res.headers.location ? ` → ${res.headers.location} (redirects are not followed)` : ''}.`, fix: 'Serve the SVG at the l= URL with status 200.', evidence: { dns: [], http } };
  }
  // Inspected as text only: the logo is hostile input like any fetched content and is never rendered here.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(res.body);
  const problems: string[] = [];
  const notes: string[] = [];
  let status: ProbeStatus = 'pass';
  // Entity declarations are both outside SVG Tiny PS and the classic expansion attack on XML parsers: refuse before parsing.
  if (/<!ENTITY/i.test(text)) {
    status = 'fail';
    problems.push('it declares XML entities (<!ENTITY>), which SVG Tiny PS does not allow');
  } else {
    try {
      validateBimiSvg(Buffer.from(res.body));
    } catch (err) {
      status = 'fail';
      problems.push(svgProblem(err as Error & { code?: string; details?: { element?: string; link?: string } }));
    }
  }
  if (/<script[\s>]/i.test(text) && !problems.some((p) => p.includes('script'))) { status = 'fail'; problems.push('it contains a <script> element'); }
  if (/\son[a-z]+\s*=/i.test(text)) { status = 'fail'; problems.push('it has event-handler attributes (on…=)'); }
  if (/javascript:/i.test(text)) { status = 'fail'; problems.push('it contains a javascript: URL'); }
  if (/<(foreignObject|image)[\s>/]/i.test(text)) { status = 'fail'; problems.push('it embeds <foreignObject> or <image>, which SVG Tiny PS does not allow'); }
  if (/\shref\s*=\s*["']\s*(https?:|\/\/)/i.test(text)) { status = 'fail'; problems.push('it references external resources (href to http…)'); }
  if (!/<svg[^>]*\sversion\s*=\s*["']1\.2["']/i.test(text)) notes.push('the root <svg> lacks version="1.2" (SVG Tiny PS asks for it)');
  const contentType = (res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== 'image/svg+xml') notes.push(`it is served as "${contentType || 'no content type'}", not image/svg+xml`);
  if (res.body.length > SVG_RECOMMENDED_BYTES) notes.push(`it is ${Math.round(res.body.length / 1024)} KiB; keep BIMI logos under 32 KiB`);
  if (status === 'pass' && notes.length) status = 'warn';
  const facts: ProbeFact[] = [{ label: 'Size', value: `${res.body.length} bytes` }, { label: 'Content-Type', value: contentType || '(none)' }];
  return {
    ...base, status,
    title: problems.length ? 'Logo is not a valid BIMI SVG' : notes.length ? 'Logo fetched, with remarks' : 'Logo is SVG Tiny PS',
    explanation: `${url} was fetched (HTTP 200, ${res.body.length} bytes) and read as text, never rendered. ${problems.length ? `It breaks the BIMI SVG rules: ${problems.join('; ')}.` : 'It has a root <svg baseProfile="tiny-ps"> with a title, no scripts and no external references.'}${notes.length ? ` Also: ${notes.join('; ')}.` : ''}`,
    fix: problems.length || notes.length ? 'Export the logo as SVG Tiny Portable/Secure (baseProfile="tiny-ps", version="1.2", a <title>, no scripts, animation, images or external links), square, under 32 KiB, served as image/svg+xml.' : null,
    evidence: { dns: [], http, facts },
  };
}

function svgProblem(err: Error & { code?: string; details?: { element?: string; link?: string } }): string {
  switch (err.code) {
    case 'INVALID_XML_FILE': return 'it is not well-formed XML';
    case 'INVALID_SVG_FILE': return 'its root element is not <svg>';
    case 'INVALID_BASE_PROFILE': return 'the root <svg> lacks baseProfile="tiny-ps"';
    case 'LOGO_MISSING_TITLE': return 'it has no <title>';
    case 'LOGO_INVALID_ROOT_ATTRS': return 'the root <svg> has x/y attributes';
    case 'LOGO_INCLUDES_REFERENCE': return `it references an external resource (${err.details?.link ?? 'xlink:href'})`;
    case 'LOGO_INVALID_ELEMENT': return `it contains a disallowed <${err.details?.element ?? '?'}> element (script or animation)`;
    default: return err.message;
  }
}

/** Words for @postalsys/vmc's and mailauth's VMC error codes. */
const VMC_PROBLEMS: Record<string, string> = {
  INVALID_CERT_BUNDLE: 'the file is not a usable certificate bundle',
  INVALID_CHAIN: 'the certificate chain does not validate',
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain does not lead to a mark-certificate root (the BIMI roots of DigiCert, Entrust, GlobalSign, SSL.com)',
  CERTIFICATE_VERIFICATION_ERROR: 'the certificate is expired or not yet valid',
  BIMI_EXT_KEY_MISSING: 'it lacks the BIMI extended key usage, so it is not a mark certificate',
  INVALID_LOGOTYPE_EXT: 'it carries no logotype extension with the logo',
  MISSING_VMC_LOGO: 'it carries no logo',
  INVALID_MEDIATYPE: 'the logo inside it is not image/svg+xml',
  INVALID_LOGO_HASH: 'the logo inside it does not match its own hash',
  SVG_VALIDATION_FAILED: 'the logo inside it is not a valid BIMI SVG',
  VMC_DOMAIN_MISMATCH: 'its names do not cover the domain',
};

async function judgeCertificate(url: string, res: HttpFetchResult | null, logoRes: HttpFetchResult | null, domain: string, org: string): Promise<CheckResult> {
  const base = { id: 'bimi.certificate', group: 'bimi' as const, subject: url || null };
  if (!url) {
    return { ...base, status: 'info', title: 'No mark certificate (VMC/CMC)', explanation: 'The record has no a= URL. Gmail and Apple Mail show BIMI logos only with a Verified or Common Mark Certificate; Yahoo and some others show them without, for senders with good reputation.', fix: 'To show the logo in Gmail and Apple Mail, obtain a VMC or CMC (from DigiCert, Entrust, GlobalSign or SSL.com) and publish its PEM at an https: URL in a=.', evidence: { dns: [] } };
  }
  if (!res) {
    return { ...base, status: 'fail', title: 'Mark certificate URL is not https', explanation: `a=${url} must be an https: URL.`, fix: 'Publish the certificate PEM over HTTPS.', evidence: { dns: [] } };
  }
  const http = [httpEvidence(res)];
  if (res.status !== 200) {
    return { ...base, status: res.status === null && /^timeout/.test(res.error ?? '') ? 'error' : 'fail', title: res.status === null ? 'Mark certificate could not be fetched' : `Mark certificate not served (HTTP ${res.status})`, explanation: `GET ${url} ${res.status === null ? `failed: ${res.error}` : `answered HTTP ${res.status}`}.`, fix: 'Serve the PEM file at the a= URL with status 200 over trusted HTTPS.', evidence: { dns: [], http } };
  }
  const pem = new TextDecoder().decode(res.body);
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  let leaf: X509Certificate;
  try {
    if (blocks.length === 0) throw new Error('no "-----BEGIN CERTIFICATE-----" block');
    leaf = new X509Certificate(blocks[0]!);
  } catch (err) {
    return { ...base, status: 'fail', title: 'a= does not point at a PEM certificate', explanation: `${url} was fetched but holds no readable certificate: ${(err as Error).message}.`, fix: 'Publish the VMC/CMC chain as PEM (leaf first), exactly as the CA issued it.', evidence: { dns: [], http } };
  }
  const sans = (leaf.subjectAltName ?? '').split(',').map((x) => x.trim().replace(/^DNS:/i, '').toLowerCase()).filter(Boolean);
  const facts: ProbeFact[] = [
    { label: 'Subject', value: leaf.subject.replace(/\n/g, ', ') },
    { label: 'Issuer', value: leaf.issuer.replace(/\n/g, ', ') },
    { label: 'Valid', value: `${leaf.validFromDate.toISOString()} – ${leaf.validToDate.toISOString()}` },
    { label: 'Names', value: sans.join(', ') || '(none)' },
    { label: 'Certificates in file', value: String(blocks.length) },
    { label: 'BIMI key usage', value: (leaf.keyUsage ?? []).includes(BIMI_EKU) ? `yes (${BIMI_EKU})` : 'no' },
  ];

  // mailauth (over @postalsys/vmc) validates offline from the bytes we fetched: chain to the BIMI roots, BIMI key usage,
  // the logotype extension and its hash, the embedded SVG, the names, and whether the l= logo is the certificate's logo.
  // Both URLs go in only with their bodies, so it never fetches anything itself.
  const logoOk = logoRes?.status === 200 ? logoRes : null;
  let verdict: VMCValidationResult | false;
  try {
    verdict = await validateBimiVmc({
      status: { result: 'pass', header: { d: domain, selector: 'default' } },
      info: '',
      authority: url,
      authorityPath: Buffer.from(res.body),
      ...(logoOk ? { location: logoOk.url, locationPath: Buffer.from(logoOk.body) } : {}),
    } as unknown as BIMIData);
  } catch (err) {
    verdict = { authority: { url, success: false, error: { message: (err as Error).message } } };
  }
  const authority = verdict ? verdict.authority : undefined;
  const vmcType = (authority?.vmc as { type?: string } | undefined)?.type ?? 'mark certificate';
  if (authority?.success) {
    if (authority.hashMatch === false) {
      return { ...base, status: 'fail', title: `${vmcType} valid, but its logo differs from l=`, explanation: `The ${vmcType} at ${url} validates, but the logo it certifies is not the SVG served at the l= URL (hashes differ). Mailboxes show nothing when they differ.`, fix: 'Serve at l= exactly the SVG file the certificate was issued for.', evidence: { dns: [], http, facts } };
    }
    return {
      ...base, status: 'pass',
      title: `${vmcType} valid for ${domain}`,
      explanation: `The ${vmcType} at ${url} chains to a BIMI root, carries the BIMI key usage and a logo whose hash checks out, and names ${sans.join(', ') || domain}.${authority.hashMatch ? ' Its logo is the one served at l=.' : logoOk ? '' : ' The l= logo could not be compared (not fetched).'}`,
      fix: null, evidence: { dns: [], http, facts },
    };
  }
  const code = authority?.error?.code ?? '';
  const problem = VMC_PROBLEMS[code] ?? authority?.error?.message ?? 'it could not be validated';
  const expired = leaf.validToDate.getTime() < Date.now() ? ` It expired on ${leaf.validToDate.toISOString()}.` : '';
  const names = !sans.includes(domain) && !sans.includes(org) ? ` Its names (${sans.join(', ') || 'none'}) do not include ${domain}.` : '';
  return {
    ...base, status: 'fail',
    title: 'Mark certificate is not valid',
    explanation: `${url} holds ${blocks.length} certificate${blocks.length === 1 ? '' : 's'}; the first is issued to ${leaf.subject.replace(/\n/g, ', ')} by ${leaf.issuer.replace(/\n/g, ', ')}. It fails BIMI validation: ${problem}${code ? ` (${code})` : ''}.${expired}${names} Mailboxes that require a VMC/CMC show no logo.`,
    fix: 'Publish the full PEM chain (leaf first) of a VMC or CMC issued for this domain by a BIMI-qualified CA, and keep it in date.',
    evidence: { dns: [], http, facts: [...facts, { label: 'Validation', value: `${code || 'error'}: ${authority?.error?.message ?? ''}` }] },
  };
}

function httpEvidence(res: HttpFetchResult) {
  return { url: res.url, status: res.status, durationMs: res.durationMs, excerpt: excerpt(res.body, 400), error: res.error };
}
