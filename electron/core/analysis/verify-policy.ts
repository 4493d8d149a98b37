/**
 * SPF, DMARC and ARC re-checks through mailauth, each turned into a plain
 * verdict with its DNS evidence. DMARC is applied to the results re-verified
 * here (not the receiver's), so "as of now" means exactly that.
 */
import { isIP } from 'node:net';
import { type ARCData, type ARCOptions, type ARCResult, type DKIMVerifyResult, type DNSResolver, spf as spfVerify } from 'mailauth';
import { evaluateDmarc } from 'mailauth/lib/dmarc/index.js';
import type { HeaderOnlyResult } from './header-only-dkim';
import type { RecordingResolver } from './resolver';
import type { SmtpIdentity } from './verify';
import type { ArcCheck, AuthResult, DkimCheck, DmarcCheck, SpfCheck } from './verify-types';

const since = (resolver: RecordingResolver, before: number) => resolver.queries.slice(before).map((q) => q.seq);

/** SPF for the boundary hop's IP, MAIL FROM and HELO; skipped with a reason when no IP is known. */
export async function checkSpf(smtp: SmtpIdentity | null, ctx: { resolver: RecordingResolver; mta: string; strict: boolean }): Promise<SpfCheck> {
  const empty: SpfCheck = { status: 'skipped', skipReason: null, ip: null, mailFrom: null, helo: null, domain: null, result: null, explanation: '', comment: null, record: null, lookups: null, publishedExplanation: null, heloCheck: null, evidence: [] };
  if (!smtp?.ip || isIP(smtp.ip) === 0) {
    const why = smtp?.ip ? `"${smtp.ip}" is not an IP address` : 'no connecting IP is known';
    return { ...empty, skipReason: why, explanation: `SPF was not re-checked: ${why}. Pick the hop where the message entered the receiver (its connecting IP is what SPF is about).` };
  }
  const ip = smtp.ip;
  const mailFrom = smtp.mailFrom?.replace(/^<|>$/g, '').trim() || null;
  const helo = smtp.helo?.trim() || `[${ip}]`;
  const resolver = ctx.resolver as unknown as DNSResolver;
  const before = ctx.resolver.queries.length;
  try {
    const r = await spfVerify({ ...(mailFrom ? { sender: mailFrom } : {}), ip, helo, mta: ctx.mta, resolver, strict: ctx.strict, maxElapsedTime: 20_000 });
    const result = r.status.result as AuthResult;
    let heloCheck: SpfCheck['heloCheck'] = null;
    if (mailFrom && /^[a-z0-9-]+(\.[a-z0-9-]+)+\.?$/i.test(helo)) {
      const h = await spfVerify({ ip, helo, mta: ctx.mta, resolver, strict: ctx.strict, maxElapsedTime: 20_000 });
      heloCheck = { domain: h.domain, result: h.status.result as AuthResult, explanation: spfWords(h.status.result as AuthResult, h.domain, ip, h.status.comment), record: h.rr ?? null };
    }
    return {
      ...empty,
      status: 'checked',
      ip,
      mailFrom,
      helo,
      domain: r.domain,
      result,
      explanation: !mailFrom && helo.startsWith('[')
        ? `there is no domain to check: MAIL FROM was empty (a bounce) and the HELO name ${helo} is an address literal`
        : spfWords(result, r.domain, ip, r.status.comment) + (mailFrom ? '' : ` (MAIL FROM was empty, a bounce, so the HELO name ${helo} was checked)`),
      comment: r.status.comment ?? null,
      record: r.rr ?? null,
      lookups: r.lookups ? { count: r.lookups.count, limit: r.lookups.limit, void: r.lookups.void } : null,
      publishedExplanation: r.explanation ?? null,
      heloCheck,
      evidence: since(ctx.resolver, before),
    };
  } catch (err) {
    return { ...empty, status: 'checked', ip, mailFrom, helo, result: 'temperror', explanation: `SPF could not be evaluated: ${(err as Error).message}`, evidence: since(ctx.resolver, before) };
  }
}

function spfWords(result: AuthResult, domain: string, ip: string, comment?: string): string {
  switch (result) {
    case 'pass':
      return `${ip} is allowed to send for ${domain} by its SPF record`;
    case 'fail':
      return `${domain}'s SPF record does not allow ${ip} and asks receivers to reject such mail (-all)`;
    case 'softfail':
      return `${domain}'s SPF record does not allow ${ip} and asks receivers to treat such mail as suspicious (~all)`;
    case 'neutral':
      return `${domain}'s SPF record makes no statement about ${ip} (?all)`;
    case 'none':
      return `${domain} publishes no SPF record`;
    case 'temperror':
      return `a DNS failure stopped the SPF evaluation for ${domain}${comment ? ` (${comment})` : ''}; try again or choose another DNS server`;
    case 'permerror':
      return `${domain}'s SPF record is broken${comment ? `: ${comment}` : ''}; receivers treat that as an error, often as a fail`;
    default:
      return `SPF for ${domain}: ${result}${comment ? ` (${comment})` : ''}`;
  }
}

interface DmarcInputs {
  dkimResult: DKIMVerifyResult;
  dkim: DkimCheck[];
  spf: SpfCheck;
  arc: ARCResult | null;
  resolver: RecordingResolver;
  strict: boolean;
  bodyPresent: boolean;
}

/** DMARC record (tree walk) and policy applied to the re-verified SPF and DKIM results. */
export async function checkDmarc(inputs: DmarcInputs): Promise<DmarcCheck> {
  const before = inputs.resolver.queries.length;
  const basisNotes: string[] = [];
  if (inputs.spf.status === 'skipped') basisNotes.push('SPF was not re-checked here, so only DKIM could align');
  const passing = inputs.dkim.filter((d) => d.result === 'pass' && d.domain);
  if (passing.some((d) => d.basis === 'headers-only')) basisNotes.push('DKIM passes here rest on the header-only check (body hash taken as stated)');
  const empty: DmarcCheck = { status: 'skipped', skipReason: null, result: null, fromDomain: null, orgDomain: null, policyDomain: null, record: null, policy: null, p: null, sp: null, np: null, testMode: false, disposition: null, alignment: null, explanation: '', basisNotes, evidence: [] };
  const spfDomains = inputs.spf.result === 'pass' && inputs.spf.domain ? [inputs.spf.domain] : [];
  const evaluated = await evaluateDmarc({
    headerFrom: inputs.dkimResult.headerFrom,
    fromFields: inputs.dkimResult.fromFields,
    spfDomains,
    dkimDomains: passing.map((d) => ({ domain: d.domain as string })),
    ...(inputs.arc ? { arcResult: inputs.arc } : {}),
    resolver: inputs.resolver as unknown as DNSResolver,
    strict: inputs.strict,
  });
  const evidence = since(inputs.resolver, before);
  const r = evaluated.response;
  if (!r) {
    const reason = evaluated.reason ?? 'no-author-domain';
    const words: Record<string, string> = {
      'no-author-domain': 'the From header has no domain',
      'multiple-author-domains': 'the From header names addresses in more than one domain',
      'invalid-author-domain': 'the From domain is not a valid domain name',
      'multiple-from-fields': 'the message has more than one From header',
    };
    return { ...empty, skipReason: reason, explanation: `DMARC cannot be evaluated: ${words[reason] ?? reason}. Receivers may treat such a message as suspicious.`, evidence };
  }
  const result = r.status.result as AuthResult;
  const from = r.status.header?.from ?? null;
  const policy = r.policy || null;
  const disposition = result === 'fail' && (policy === 'quarantine' || policy === 'reject') ? policy : result === 'fail' || result === 'pass' ? 'none' : null;
  const spfAligned = r.alignment?.spf?.result || null;
  const dkimAligned = r.alignment?.dkim?.result || null;
  let explanation: string;
  if (result === 'pass') {
    explanation = `DMARC passes: ${[spfAligned ? `SPF domain ${spfAligned}` : null, dkimAligned ? `DKIM domain ${dkimAligned}` : null].filter(Boolean).join(' and ')} aligned with the From domain ${from}`;
  } else if (result === 'fail') {
    const spfPart = inputs.spf.status === 'skipped' ? 'SPF (not re-checked)' : `the SPF domain (${inputs.spf.domain ?? 'none'}${inputs.spf.result === 'pass' ? '' : `, SPF ${inputs.spf.result}`})`;
    const dkimPart = passing.length ? `the DKIM domain${passing.length > 1 ? 's' : ''} (${passing.map((d) => d.domain).join(', ')})` : 'any DKIM signature (none passed)';
    const act = disposition === 'reject' ? 'reject it' : disposition === 'quarantine' ? 'quarantine it (spam folder)' : 'take no action (p=none, monitoring only)';
    explanation = `DMARC fails: the From domain ${from} aligns with neither ${spfPart} nor ${dkimPart}. Policy ${policy}${r.testMode ? ' (t=y testing, one level lower)' : ''}: receivers are asked to ${act}`;
  } else if (result === 'none') {
    explanation = `${from} has no DMARC record (tree walk found none${r.domain ? ` up to ${r.domain}` : ''})`;
  } else {
    explanation = `DMARC could not be evaluated (${result}${r.error ? `: ${r.error}` : ''})`;
  }
  return {
    ...empty,
    status: 'checked',
    result,
    fromDomain: from,
    orgDomain: r.domain ?? null,
    policyDomain: r.policyDomain ?? null,
    record: r.rr ?? null,
    policy,
    p: r.p ?? null,
    sp: r.sp ?? null,
    np: r.np ?? null,
    testMode: !!r.testMode,
    disposition,
    alignment: r.alignment ? { spf: { domain: spfAligned, strict: !!r.alignment.spf?.strict }, dkim: { domain: dkimAligned, strict: !!r.alignment.dkim?.strict } } : null,
    explanation,
    evidence,
  };
}

interface ArcInputs {
  resolver: RecordingResolver;
  strict: boolean;
  minBitLength: number;
  ip: string | undefined;
  bodyPresent: boolean;
  /** Header-only checks of the ARC-Message-Signature fields. */
  amsHeaderOnly: HeaderOnlyResult[];
  verify: (data: ARCData, opts?: ARCOptions) => Promise<ARCResult>;
}

/** The ARC chain through mailauth; without a body the newest AMS is judged on its headers. */
export async function checkArc(data: ARCData | undefined, inputs: ArcInputs): Promise<{ check: ArcCheck; raw: ARCResult | null }> {
  const before = inputs.resolver.queries.length;
  const sets = Array.isArray(data?.chain) ? data.chain.length : 0;
  const base: ArcCheck = { status: 'checked', skipReason: null, result: null, instance: null, sets, comment: null, explanation: '', headerOnly: false, evidence: [] };
  if (!data) return { check: { ...base, result: 'none', explanation: 'no ARC headers' }, raw: null };
  const raw = await inputs.verify(data, { resolver: inputs.resolver as unknown as DNSResolver, minBitLength: inputs.minBitLength, strict: inputs.strict, ...(inputs.ip ? { ip: inputs.ip } : {}) });
  const evidence = since(inputs.resolver, before);
  const instance = typeof raw.i === 'number' ? raw.i : null;
  const comment = typeof raw.status.comment === 'string' ? raw.status.comment : null;
  const result = raw.status.result as 'pass' | 'fail' | 'none';
  if (result === 'none') return { check: { ...base, result, instance, explanation: 'no ARC headers', evidence }, raw };
  if (result === 'pass') {
    return { check: { ...base, result, instance, evidence, explanation: `the ARC chain of ${sets} set(s) verifies: each sealer's seal checks out, so the results recorded at i=1…${instance} are as those sealers wrote them` }, raw };
  }
  if (!inputs.bodyPresent && comment?.includes('no valid signature')) {
    // mailauth verifies every seal before it looks at the newest AMS, so only the AMS (body hash) is left.
    const ams = inputs.amsHeaderOnly.find((a) => a.instance === instance);
    if (ams?.result === 'pass') {
      return { check: { ...base, result: 'pass', instance, headerOnly: true, comment, evidence, explanation: `the ARC seals of ${sets} set(s) verify, and the newest ARC-Message-Signature (i=${instance}) verifies on its headers (body not checked)` }, raw };
    }
    return { check: { ...base, result: 'fail', instance, headerOnly: true, comment, evidence, explanation: `the ARC seals verify, but the newest ARC-Message-Signature (i=${instance}) does not: ${ams?.explanation ?? 'it could not be found'}` }, raw };
  }
  return { check: { ...base, result: 'fail', instance, comment, evidence, explanation: `the ARC chain does not verify${comment ? `: ${comment}` : ''}` }, raw };
}
