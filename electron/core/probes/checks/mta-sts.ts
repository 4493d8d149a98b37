/**
 * MTA-STS (RFC 8461): the `_mta-sts` TXT record, the policy file fetched over
 * HTTPS from https://mta-sts.<domain>/.well-known/mta-sts.txt (certificate
 * verified, no redirects, at most 64 KiB, text/plain), its syntax (version,
 * mode, max_age, mx patterns) and the patterns matched against the real MX
 * hosts — a mismatch under `enforce` makes senders refuse to deliver there.
 *
 * Policy parsing and MX matching are mailauth's (lib/mta-sts: parsePolicy,
 * validateMx); the fetch is ours so the certificate, status and timing become
 * evidence. Three checks: mta-sts.record, mta-sts.policy, mta-sts.mx.
 */
import { parsePolicy, validateMx } from 'mailauth/lib/mta-sts.js';
import type { ProbeFact } from '../../../../shared/model/probe';
import type { CheckResult, HttpFetchResult, ProbeCheckDefinition, ProbeContext } from '../check-types';
import { QueryLog, excerpt, isAbsent, isLookupFailure, lookupFailureFix, mxHosts, outcomeWords, txtRecords } from './more-dns';

/** RFC 8461 §3.3: senders should not accept more. */
export const MTA_STS_MAX_POLICY_BYTES = 64 * 1024;
/** RFC 8461 §3.2: the largest allowed max_age (about a year). */
const MAX_AGE_LIMIT = 31_557_600;
const DAY = 86_400;

/** The policy as mailauth returns it. */
interface Policy {
  mode: 'enforce' | 'testing' | 'none';
  maxAge: number;
  mx?: string[];
  version?: string;
}

/** Parsed `_mta-sts` record: the id, and whether it follows RFC 8461 §3.1 exactly. */
export function parseStsRecord(record: string): { id: string | null; problems: string[] } {
  const problems: string[] = [];
  const parts = record.split(';').map((p) => p.trim());
  if (parts[0] !== 'v=STSv1') problems.push(`the record must start with "v=STSv1;" (it starts with "${parts[0]?.slice(0, 20) ?? ''}")`);
  let id: string | null = null;
  for (const field of parts.slice(1)) {
    if (!field) continue;
    const eq = field.indexOf('=');
    if (eq < 1) { problems.push(`"${field}" is not a name=value field`); continue; }
    const name = field.slice(0, eq);
    const value = field.slice(eq + 1);
    if (name === 'id') {
      if (id !== null) continue; // the first wins
      id = value;
      if (!/^[A-Za-z0-9]{1,32}$/.test(value)) problems.push(`id "${value}" must be 1 to 32 letters and digits`);
    } else if (name.toLowerCase() === 'id') {
      problems.push(`"${name}" must be written "id" (lower case)`);
      id ??= value;
    }
  }
  if (id === null) problems.push('the record has no id= field');
  return { id, problems };
}

export const mtaStsCheck: ProbeCheckDefinition = {
  group: 'mta-sts',
  name: 'MTA-STS',
  applies: () => true,
  async run(ctx, report) {
    const domain = ctx.request.domain;
    const recordLog = new QueryLog(ctx.dns);
    const txt = await recordLog.lookup(`_mta-sts.${domain}`, 'TXT');
    const base = { group: 'mta-sts' as const, subject: null };
    if (isLookupFailure(txt)) {
      report({ ...base, id: 'mta-sts.record', status: 'error', title: 'Could not look up the MTA-STS record', explanation: `${outcomeWords(txt)}. Resolver: ${ctx.dns.description}.`, fix: lookupFailureFix(txt), evidence: { dns: recordLog.queries } });
      return;
    }
    const all = txtRecords(txt);
    const sts = all.filter((r) => /^v=STSv1\s*(;|$)/i.test(r.trim()));
    if (isAbsent(txt) || sts.length === 0) {
      report({
        ...base, id: 'mta-sts.record', status: 'info',
        title: 'No MTA-STS policy',
        explanation: `${isAbsent(txt) ? outcomeWords(txt) : `_mta-sts.${domain} has TXT records, but none starts with v=STSv1`}. Without MTA-STS, senders fall back to opportunistic TLS: an attacker on the path can strip STARTTLS and read or change mail to ${domain}.`,
        fix: `Publish a policy file at https://mta-sts.${domain}/.well-known/mta-sts.txt (start with mode: testing) and a TXT record _mta-sts.${domain} "v=STSv1; id=<a new id each change>", plus TLS-RPT to hear about failures.`,
        evidence: { dns: recordLog.queries },
      });
      return;
    }
    if (sts.length > 1) {
      report({
        ...base, id: 'mta-sts.record', status: 'fail',
        title: `${sts.length} MTA-STS records: senders ignore them all`,
        explanation: `RFC 8461 §3.1: when more than one TXT record starts with v=STSv1, senders treat the domain as having no MTA-STS. Found: ${sts.map((r) => `"${r}"`).join(', ')}.`,
        fix: `Keep exactly one TXT record at _mta-sts.${domain}.`,
        evidence: { dns: recordLog.queries },
      });
      return;
    }
    const record = sts[0]!;
    const parsed = parseStsRecord(record);
    report({
      ...base, id: 'mta-sts.record',
      status: parsed.id === null ? 'fail' : parsed.problems.length ? 'warn' : 'pass',
      title: parsed.id === null ? 'MTA-STS record has no id' : parsed.problems.length ? 'MTA-STS record found, with syntax problems' : `MTA-STS record found (id ${parsed.id})`,
      explanation: parsed.problems.length
        ? `_mta-sts.${domain} says "${record}": ${parsed.problems.join('; ')}. ${parsed.id === null ? 'Senders cannot use a record without an id.' : 'Lenient senders accept it; strict ones (RFC 8461 §3.1 to the letter) ignore it.'}`
        : `_mta-sts.${domain} says "${record}". Senders fetch the policy again whenever the id changes.`,
      fix: parsed.problems.length ? `Publish exactly: v=STSv1; id=${/^[A-Za-z0-9]{1,32}$/.test(parsed.id ?? '') ? parsed.id : '20261125T0000'}` : null,
      evidence: { dns: recordLog.queries, facts: [{ label: 'Record', value: record }, { label: 'id', value: parsed.id ?? '(none)' }] },
    });

    // The policy and the MX set are independent: ask both at once.
    const [policyResult, mx] = await Promise.all([checkPolicy(ctx), mxHosts(new QueryLog(ctx.dns), domain)]);
    report(policyResult.check);
    if (policyResult.policy) report(matchMx(ctx, policyResult.policy, mx, policyResult.httpEvidence));
  },
};

async function checkPolicy(ctx: ProbeContext): Promise<{ check: CheckResult; policy: Policy | null; httpEvidence: NonNullable<CheckResult['evidence']['http']> }> {
  const domain = ctx.request.domain;
  const host = `mta-sts.${domain}`;
  const url = `https://${host}/.well-known/mta-sts.txt`;
  const log = new QueryLog(ctx.dns);
  // Address lookups only for evidence and words (the fetch resolves on its own); asked alongside.
  const [res, a, aaaa] = await Promise.all([
    ctx.fetch(url, { maxBytes: MTA_STS_MAX_POLICY_BYTES + 1, timeoutMs: 15_000 }),
    log.lookup(host, 'A'),
    log.lookup(host, 'AAAA'),
  ]);
  // A fetch ended by the user's cancel is not a finding: let the runner report the cancel.
  ctx.signal.throwIfAborted();
  const http = [httpEvidence(res)];
  const base = { id: 'mta-sts.policy', group: 'mta-sts' as const, subject: host };
  const facts: ProbeFact[] = [{ label: 'URL', value: url }];
  if (res.tls) facts.push({ label: 'Certificate', value: `${res.tls.subject || '(no subject)'}; valid to ${res.tls.validTo}; ${res.tls.authorized ? 'trusted' : `not trusted (${res.tls.authorizationError})`}` });
  const done = (status: CheckResult['status'], title: string, explanation: string, fix: string | null, policy: Policy | null = null) =>
    ({ check: { ...base, status, title, explanation, fix, evidence: { dns: log.queries, http, facts } }, policy, httpEvidence: http });

  if (res.status === null) {
    if (isAbsent(a) && isAbsent(aaaa)) {
      return done('fail', `Policy host ${host} does not resolve`, `${outcomeWords(a)}; ${outcomeWords(aaaa)}. Senders cannot fetch the policy, so the MTA-STS record has no effect.`, `Publish A/AAAA records for ${host} pointing at a web server that serves the policy over HTTPS.`);
    }
    if (res.tls && !res.tls.authorized) {
      return done('fail', `Policy host certificate not trusted (${res.tls.authorizationError})`, `The HTTPS certificate of ${host} does not verify: ${res.tls.authorizationError}. RFC 8461 §3.3 requires a valid certificate for the policy host; senders discard the policy.`, `Install a certificate for ${host} from a public CA (e.g. Let's Encrypt) that covers the name ${host} and is in date.`);
    }
    const timeout = /^timeout/.test(res.error ?? '');
    return done(timeout ? 'error' : 'fail', timeout ? 'Policy fetch timed out' : 'Policy could not be fetched', `GET ${url} failed: ${res.error}. ${timeout ? 'No verdict: the server may be slow or unreachable from here.' : 'Senders cannot fetch the policy either, so MTA-STS has no effect.'}`, `Make ${url} reachable over HTTPS on port 443.`);
  }
  if (res.status >= 300 && res.status < 400) {
    return done('fail', `Policy URL redirects (HTTP ${res.status})`, `${url} answered ${res.status}${res.headers.location ? ` → ${res.headers.location}` : ''}. RFC 8461 §3.3: senders must not follow redirects, so the policy is never read.`, `Serve the policy file directly at ${url} with status 200.`);
  }
  if (res.status !== 200) {
    return done('fail', `Policy file missing (HTTP ${res.status})`, `${url} answered HTTP ${res.status}; only 200 gives senders a policy. With the TXT record present but no policy, MTA-STS has no effect.`, `Serve the policy at ${url} (status 200, text/plain).`);
  }
  if (res.body.length > MTA_STS_MAX_POLICY_BYTES) {
    return done('fail', 'Policy file over 64 KiB', `${url} is larger than the 64 KiB senders accept (RFC 8461 §3.3).`, 'Shrink the policy to the fields RFC 8461 defines.');
  }
  const text = new TextDecoder().decode(res.body);
  let policy: Policy;
  let strictError: string | null = null;
  try {
    policy = parsePolicy(text, { strict: true }) as Policy;
  } catch (strict) {
    strictError = (strict as Error).message;
    try {
      policy = parsePolicy(text, { strict: false }) as Policy;
    } catch (lax) {
      return done('fail', `Policy file invalid: ${(lax as Error).message}`, `${url} was fetched but does not parse as an RFC 8461 policy: ${(lax as Error).message}. Expected lines "version: STSv1", "mode: enforce|testing|none", "max_age: <seconds>" and one "mx: <pattern>" per MX.`, 'Fix the policy file; see RFC 8461 §3.2.');
    }
  }

  const notes: string[] = [];
  let status: CheckResult['status'] = 'pass';
  const contentType = (res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== 'text/plain') { status = 'warn'; notes.push(`It is served as "${contentType || 'no content type'}"; RFC 8461 §3.2 says text/plain, and strict senders reject anything else.`); }
  if (strictError) { status = 'warn'; notes.push(`Lenient senders read it, but it breaks the strict syntax: ${strictError}.`); }
  if (policy.maxAge > MAX_AGE_LIMIT) { status = 'fail'; notes.push(`max_age ${policy.maxAge} is above the ${MAX_AGE_LIMIT} s limit.`); }
  else if (policy.maxAge < DAY) { status = 'warn'; notes.push(`max_age ${policy.maxAge} s is under a day: senders re-fetch often and an attacker has frequent windows to strip the policy (RFC 8461 expects weeks).`); }
  else if (policy.maxAge < 7 * DAY) notes.push(`max_age ${Math.round(policy.maxAge / DAY)} days is short; RFC 8461 expects weeks or more once the policy is stable.`);
  if (policy.mode === 'testing') { if (status === 'pass') status = 'info'; notes.push('mode testing: senders report failures (via TLS-RPT) but still deliver; nothing is enforced yet.'); }
  if (policy.mode === 'none') { if (status === 'pass') status = 'info'; notes.push('mode none: the policy is being withdrawn; senders forget MTA-STS for this domain.'); }
  facts.push({ label: 'mode', value: policy.mode }, { label: 'max_age', value: `${policy.maxAge} s (${(policy.maxAge / DAY).toFixed(1)} days)` }, { label: 'mx', value: (policy.mx ?? []).join(', ') || '(none)' });
  return done(status, `Policy: mode ${policy.mode}, max_age ${policy.maxAge}`, `${url} was fetched (HTTP 200, ${res.body.length} bytes, certificate trusted) and parses: mode ${policy.mode}, max_age ${policy.maxAge}, mx ${(policy.mx ?? []).join(', ') || '(none)'}. ${notes.join(' ')}`.trim(), notes.length && status !== 'info' ? 'See the notes above; RFC 8461 §3.2 gives the exact syntax.' : policy.mode === 'testing' ? 'When TLS-RPT reports show no failures, switch to mode: enforce and change the TXT id.' : null, policy);
}

function matchMx(ctx: ProbeContext, policy: Policy, mx: Awaited<ReturnType<typeof mxHosts>>, http: NonNullable<CheckResult['evidence']['http']>): CheckResult {
  const log = new QueryLog(ctx.dns).add(mx.lookup);
  const base = { id: 'mta-sts.mx', group: 'mta-sts' as const, subject: null };
  const patterns = policy.mx ?? [];
  if (policy.mode === 'none') {
    return { ...base, status: 'info', title: 'MX patterns not checked (mode none)', explanation: 'A policy in mode none asks nothing of senders.', fix: null, evidence: { dns: log.queries, http } };
  }
  if (isLookupFailure(mx.lookup)) {
    return { ...base, status: 'error', title: 'Could not look up the MX records to match the policy', explanation: `${outcomeWords(mx.lookup)}.`, fix: lookupFailureFix(mx.lookup), evidence: { dns: log.queries, http } };
  }
  if (mx.hosts.length === 0) {
    return { ...base, status: 'warn', title: 'Policy has mx patterns but the domain has no MX hosts', explanation: `${mx.nullMx ? 'The domain publishes a null MX (it accepts no mail)' : outcomeWords(mx.lookup)}; the MTA-STS policy protects nothing.`, fix: 'Remove the MTA-STS record, or publish the MX records the policy expects.', evidence: { dns: log.queries, http } };
  }
  const results = mx.hosts.map((h) => ({ host: h.exchange, result: validateMx(h.exchange, policy) as { valid: boolean; match?: string } }));
  const unmatched = results.filter((r) => !r.result.valid);
  const unused = patterns.filter((p) => !results.some((r) => r.result.match !== undefined && (p === r.result.match || p === `*${r.result.match}`)));
  const facts: ProbeFact[] = results.map((r) => ({ label: r.host, value: r.result.valid ? `matches ${r.result.match?.startsWith('.') ? `*${r.result.match}` : r.result.match}` : 'matches no pattern' }));
  const unusedNote = unused.length ? ` Patterns matching no MX: ${unused.join(', ')} (stale entries are harmless but worth tidying).` : '';
  if (unmatched.length === 0) {
    return { ...base, status: 'pass', title: `Every MX matches the policy (${results.length})`, explanation: `${results.map((r) => r.host).join(', ')} each match a policy mx pattern (${patterns.join(', ')}); a wildcard covers exactly one left-most label.${unusedNote}`, fix: null, evidence: { dns: log.queries, http, facts } };
  }
  const enforce = policy.mode === 'enforce';
  return {
    ...base, status: enforce ? 'fail' : 'warn',
    title: `${unmatched.length} of ${results.length} MX hosts match no policy pattern`,
    explanation: `${unmatched.map((u) => u.host).join(', ')} ${unmatched.length === 1 ? 'is' : 'are'} not covered by the mx patterns ${patterns.join(', ') || '(none)'} (a "*." wildcard covers one left-most label only). ${enforce ? 'In mode enforce, MTA-STS senders refuse to deliver to those hosts; if none matches, mail to the domain is deferred and eventually bounced.' : 'In mode testing, senders only report it (TLS-RPT); in enforce it would block delivery to those hosts.'}${unusedNote}`,
    fix: `Add "mx: ${unmatched[0]!.host}" (or a wildcard that covers it) to the policy file and change the id in the _mta-sts TXT record so senders fetch it again.`,
    evidence: { dns: log.queries, http, facts },
  };
}

function httpEvidence(res: HttpFetchResult) {
  return { url: res.url, status: res.status, durationMs: res.durationMs, excerpt: excerpt(res.body, 600), error: res.error };
}
