/**
 * Sender requirements: a checklist against Gmail's and Yahoo's bulk-sender
 * rules (in force since February 2024), derived from the checks of the run —
 * nothing is looked up again. Each item cites the checks it rests on (their
 * ids in the facts, their DNS queries as evidence) and says "not checked"
 * when the run had nothing to judge it by.
 *
 * Where the other families' verdict wording may vary, items read the DNS
 * evidence itself (a DKIM key record with a non-empty p=, a v=DMARC1 record),
 * which does not depend on how a check words or grades its finding.
 *
 * Sources: Google "Email sender guidelines" (support.google.com/a/answer/81126)
 * and Yahoo "Sender Best Practices" (senders.yahooinc.com/best-practices).
 */
import type { ProbeCheck, ProbeDnsQuery, ProbeFact, ProbeRequest, ProbeStatus } from '../../../../shared/model/probe';
import { canonicalIP } from '../../../../shared/probe/reverse-name';
import type { CheckResult } from '../check-types';

const RULES = 'Gmail and Yahoo';

/** The checklist for a finished run (the runner calls this after every module). */
export function deriveRequirements(checks: readonly ProbeCheck[], request: ProbeRequest): CheckResult[] {
  return [spfItem(checks, request), dkimItem(checks, request), dmarcItem(checks, request), alignmentItem(checks, request), ptrItem(checks, request), tlsItem(checks), outsideDnsItem()];
}

interface Item {
  key: string;
  status: ProbeStatus;
  title: string;
  explanation: string;
  fix: string | null;
  from: readonly ProbeCheck[];
}

function item({ key, status, title, explanation, fix, from }: Item): CheckResult {
  const dns: ProbeDnsQuery[] = [];
  const seen = new Set<string>();
  for (const c of from) {
    for (const q of c.evidence.dns) {
      const k = `${q.seq}|${q.name}|${q.type}`;
      if (!seen.has(k)) { seen.add(k); dns.push(q); }
    }
  }
  const facts: ProbeFact[] = from.length
    ? from.map((c) => ({ label: `From ${c.id}`, value: `${c.status}: ${c.title}` }))
    : [{ label: 'From', value: 'no check of this run covers it' }];
  return { id: `requirements.${key}`, group: 'requirements', subject: RULES, status, title, explanation, fix, evidence: { dns, facts } };
}

const byId = (checks: readonly ProbeCheck[], id: string) => checks.find((c) => c.id === id);
const inGroup = (checks: readonly ProbeCheck[], group: ProbeCheck['group']) => checks.filter((c) => c.group === group);

/**
 * Gmail and Yahoo ask that SPF passes for the IP the mail leaves from, from a
 * valid record. Receivers evaluate terms in order and stop at the first match,
 * so a broken include, too many lookups or too many void lookups further down
 * the tree only hurt senders that reach them: when mailauth (evaluating as a
 * receiver) passes the given IP, such a problem is a warning, not a failure.
 * A missing record or a syntax error in the domain's own record fails for
 * every sender.
 */
function spfItem(checks: readonly ProbeCheck[], request: ProbeRequest): CheckResult {
  const record = byId(checks, 'spf.record');
  const syntax = byId(checks, 'spf.syntax');
  // spf.syntax names each problem "<domain>: <term>". A broken record of an include is reached only by senders not matched
  // before it (a problem of the tree); one in the domain's own record is a permerror for all (conservatively: any problem
  // there, when the check failed).
  const ownSyntaxError = syntax?.status === 'fail' && (!syntax.evidence.facts?.length || syntax.evidence.facts.some((f) => f.label.startsWith(`${request.domain}: `)));
  // Problems in the include tree: fatal only for senders whose evaluation reaches them.
  const tree = [syntax && !ownSyntaxError ? syntax : undefined, ...['spf.includes', 'spf.lookups', 'spf.void-lookups'].map((id) => byId(checks, id))].filter((c): c is ProbeCheck => !!c);
  const ip = byId(checks, 'spf.ip');
  const from = [record, ...(ownSyntaxError ? [syntax] : []), ...tree, ip].filter((c): c is ProbeCheck => !!c);
  const key = 'spf';
  if (!record) return item({ key, status: 'info', title: 'SPF: not checked', explanation: 'The run has no SPF result.', fix: null, from });
  if (record.status === 'error') return item({ key, status: 'error', title: 'SPF: could not check', explanation: `The SPF record could not be read (${record.title}).`, fix: record.fix, from });
  if (record.status === 'fail') return item({ key, status: 'fail', title: 'SPF: not met — no usable SPF record', explanation: `${RULES} require every sender to pass SPF or DKIM, and bulk senders both. ${record.title}.`, fix: record.fix, from });
  if (ownSyntaxError && syntax) return item({ key, status: 'fail', title: 'SPF: not met — the record is not valid', explanation: `${syntax.title}. A record that does not parse is a permerror for every sender, which counts as no SPF.`, fix: syntax.fix, from });
  const broken = tree.filter((c) => c.status === 'fail');
  if (broken.length && ip?.status === 'pass') {
    return item({
      key, status: 'warn', title: `SPF: met for ${ip.subject ?? 'the sending IP'}, but the include tree has problems`,
      explanation: `${ip.title}: evaluated as a receiver does, the sending IP matches before evaluation reaches the broken part, so the requirement is met for it. Other senders that are matched only after it (or not at all) get permerror: ${broken.map((c) => c.title).join('; ')}.`,
      fix: broken[0]!.fix, from,
    });
  }
  if (broken.length) {
    const why = ip ? `and the sending IP does not pass either (${ip.title})` : 'and no sending IP was given to see whether yours is matched before it (re-run with --ip)';
    return item({ key, status: 'fail', title: 'SPF: not met — the record cannot pass', explanation: `The record exists, but evaluation ends in permerror for every sender that reaches the broken part: ${broken.map((c) => c.title).join('; ')}; ${why}. An SPF permerror counts as no SPF.`, fix: broken[0]!.fix, from });
  }
  // Softfail and neutral (the check warns) are not a pass either: Gmail and Yahoo ask for SPF to pass.
  if (ip && (ip.status === 'fail' || ip.status === 'warn')) return item({ key, status: 'fail', title: `SPF: not met for ${ip.subject ?? 'the sending IP'}`, explanation: `The SPF record is usable, but the sending IP does not pass it: ${ip.title}. ${RULES} count only an SPF pass.`, fix: ip.fix, from });
  const warned = from.filter((c) => c.status === 'warn');
  return item({ key, status: warned.length ? 'warn' : 'pass', title: 'SPF: a record that can pass', explanation: `The domain publishes one SPF record that evaluates without error${ip?.status === 'pass' ? ', and the sending IP passes it' : ''}.${warned.length ? ` Remarks: ${warned.map((c) => c.title).join('; ')}.` : ''}`, fix: null, from });
}

/** DKIM key records among the checks' evidence: TXT answers with a non-empty p=. */
function dkimKeys(checks: readonly ProbeCheck[], domain: string): { selector: string; check: ProbeCheck }[] {
  const out: { selector: string; check: ProbeCheck }[] = [];
  for (const c of inGroup(checks, 'dkim')) {
    for (const q of c.evidence.dns) {
      const m = /^(.+)\._domainkey\.(.+)$/.exec(q.name);
      if (!m || q.type !== 'TXT' || q.outcome !== 'answer') continue;
      if (m[2] !== domain) continue;
      if (q.answers.some((a) => /(^|;)\s*p\s*=\s*[A-Za-z0-9+/]/.test(a)) && !out.some((o) => o.selector === m[1])) out.push({ selector: m[1]!, check: c });
    }
  }
  return out;
}

function dkimItem(checks: readonly ProbeCheck[], request: ProbeRequest): CheckResult {
  const dkim = inGroup(checks, 'dkim');
  const keys = dkimKeys(checks, request.domain);
  const key = 'dkim';
  if (dkim.length === 0) return item({ key, status: 'info', title: 'DKIM: not checked', explanation: 'The run has no DKIM result.', fix: null, from: [] });
  if (keys.length) {
    const from = [...new Set(keys.map((k) => k.check))];
    const weak = from.filter((c) => c.status === 'fail' || c.status === 'warn');
    return item({ key, status: weak.length && weak.length === from.length ? 'warn' : 'pass', title: `DKIM: key published (${keys.map((k) => k.selector).join(', ')})`, explanation: `${request.domain} publishes a DKIM key at ${keys.map((k) => `${k.selector}._domainkey`).join(', ')}. ${RULES} need mail signed with a key like this (d=${request.domain} for alignment).${weak.length ? ` Remarks: ${weak.map((c) => c.title).join('; ')}.` : ''}`, fix: weak[0]?.fix ?? null, from });
  }
  if (dkim.every((c) => c.status === 'error')) return item({ key, status: 'error', title: 'DKIM: could not check', explanation: 'Every DKIM lookup failed.', fix: null, from: dkim });
  return item({ key, status: 'warn', title: 'DKIM: no key found at the selectors tried', explanation: `No DKIM key was found for ${request.domain} at the ${request.selectors.length ? 'given and ' : ''}common selectors. Selectors cannot be listed from DNS, so a key under another name may exist; if none does, ${RULES} will not see DKIM.`, fix: 'Run the probe with your selector (--selector, the s= of your DKIM-Signature header); if you sign nothing yet, set DKIM up with your mail provider.', from: dkim });
}

/** A v=DMARC1 record among the DMARC checks' evidence. */
function dmarcRecord(checks: readonly ProbeCheck[]): { record: string; name: string; check: ProbeCheck } | null {
  for (const c of [...inGroup(checks, 'dmarc'), ...inGroup(checks, 'bimi')]) {
    for (const q of c.evidence.dns) {
      if (q.type !== 'TXT' || !q.name.startsWith('_dmarc.') || q.outcome !== 'answer') continue;
      const record = q.answers.find((a) => /^v\s*=\s*DMARC1\s*(;|$)/i.test(a.trim()));
      if (record) return { record, name: q.name, check: c };
    }
  }
  return null;
}

function dmarcItem(checks: readonly ProbeCheck[], request: ProbeRequest): CheckResult {
  const key = 'dmarc';
  const dmarc = inGroup(checks, 'dmarc');
  const found = dmarcRecord(checks);
  const from = found ? [...new Set([found.check, ...dmarc.filter((c) => c.id === 'dmarc.record')])] : dmarc;
  if (found) {
    const p = /(?:^|;)\s*p\s*=\s*(\w+)/i.exec(found.record)?.[1]?.toLowerCase() ?? '(missing)';
    return item({ key, status: p === '(missing)' ? 'warn' : 'pass', title: `DMARC: record present (p=${p})`, explanation: `${found.name} has "${found.record}". ${RULES} require bulk senders to publish DMARC; p=none is enough for the requirement (enforcement is recommended, and needed for BIMI).`, fix: p === '(missing)' ? 'Add p=none (or stronger) to the DMARC record: without p= it is invalid.' : null, from });
  }
  if (dmarc.length === 0) return item({ key, status: 'info', title: 'DMARC: not checked', explanation: 'The run has no DMARC result.', fix: null, from: [] });
  if (dmarc.every((c) => c.status === 'error')) return item({ key, status: 'error', title: 'DMARC: could not check', explanation: 'The DMARC record could not be read.', fix: null, from: dmarc });
  return item({ key, status: 'fail', title: 'DMARC: not met — no record', explanation: `${request.domain} publishes no DMARC record (neither at _dmarc.${request.domain} nor at its organisational domain). ${RULES} reject or throttle bulk mail without one (Gmail 421/550 5.7.40 "no DMARC record").`, fix: `Publish TXT _dmarc.${request.domain} "v=DMARC1; p=none; rua=mailto:dmarc-reports@${request.domain}" to start.`, from: dmarc });
}

function alignmentItem(checks: readonly ProbeCheck[], request: ProbeRequest): CheckResult {
  const key = 'alignment';
  const spf = byId(checks, 'spf.record');
  const keys = dkimKeys(checks, request.domain);
  const spfUsable = !!spf && (spf.status === 'pass' || spf.status === 'warn' || spf.status === 'info');
  const from = [spf, ...new Set(keys.map((k) => k.check))].filter((c): c is ProbeCheck => !!c);
  if (!spf && inGroup(checks, 'dkim').length === 0) return item({ key, status: 'info', title: 'Alignment: not checked', explanation: 'The run has neither SPF nor DKIM results.', fix: null, from: [] });
  if (keys.length) return item({ key, status: 'pass', title: 'Alignment: possible through DKIM', explanation: `Mail with From @${request.domain} can pass DMARC by being signed d=${request.domain} with the published key${spfUsable ? `, or through SPF when the MAIL FROM (bounce) domain is ${request.domain}` : ''}. Whether your mail really aligns depends on how it is sent — check a received message's headers in the analyzer.`, fix: null, from });
  if (spfUsable) return item({ key, status: 'warn', title: 'Alignment: possible through SPF only', explanation: `No DKIM key was found, so only SPF can align: the MAIL FROM (bounce) domain must be ${request.domain} (or a subdomain with relaxed alignment). Forwarding breaks SPF, so mail relying on it alone fails DMARC when forwarded.`, fix: 'Sign with DKIM using d=' + request.domain + ' (your provider calls it "custom DKIM" or "domain authentication").', from });
  return item({ key, status: 'fail', title: 'Alignment: not possible', explanation: `Neither a usable SPF record nor a DKIM key was found for ${request.domain}, so no message with From @${request.domain} can pass DMARC.`, fix: 'Publish SPF for the bounce domain and DKIM for the From domain.', from });
}

function ptrItem(checks: readonly ProbeCheck[], request: ProbeRequest): CheckResult {
  const key = 'ptr';
  if (!request.ip) {
    const mx = inGroup(checks, 'ptr').filter((c) => c.id.startsWith('ptr.') && c.id !== 'ptr.none');
    return item({ key, status: 'info', title: 'PTR of the sending IP: not checked (no IP given)', explanation: `${RULES} require the sending IP to have a PTR record whose name resolves back to it (FCrDNS). Give the IP mail leaves from to check it; the MX addresses' PTRs are in the Reverse DNS section.`, fix: 'Re-run with --ip <sending IP>.', from: mx });
  }
  const want = canonicalIP(request.ip) ?? request.ip;
  const c = inGroup(checks, 'ptr').find((x) => x.subject && (canonicalIP(x.subject) ?? x.subject) === want);
  if (!c) return item({ key, status: 'info', title: 'PTR of the sending IP: not checked', explanation: 'The run has no reverse-DNS result for the sending IP.', fix: null, from: [] });
  const words: Record<ProbeStatus, string> = { pass: 'met', warn: 'met, with remarks', fail: 'not met', error: 'could not check', info: 'see detail' };
  return item({ key, status: c.status, title: `PTR of the sending IP: ${words[c.status]}`, explanation: `${c.title}. ${RULES} require a PTR for the sending IP whose name resolves back to it; Gmail answers 550 5.7.25 otherwise.`, fix: c.fix, from: [c] });
}

function tlsItem(checks: readonly ProbeCheck[]): CheckResult {
  const key = 'tls';
  const smtp = inGroup(checks, 'smtp');
  // The SMTP probe reports one `smtp.<host>:<port>.tls` check per host (STARTTLS offered and the handshake).
  const tls = smtp.filter((c) => /\.tls$/.test(c.id));
  if (smtp.length === 0) return item({ key, status: 'info', title: 'TLS: not checked (SMTP probe not run)', explanation: `${RULES} require mail to be sent over TLS. Whether the MX offers STARTTLS is seen by the SMTP probe, which this run did not include.`, fix: 'Run the probe with the SMTP probe enabled (without --no-smtp).', from: [] });
  if (tls.length === 0) return item({ key, status: 'info', title: 'TLS: not checked', explanation: 'The SMTP probe reported nothing about TLS (no host answered far enough to offer it).', fix: null, from: smtp.filter((c) => c.status === 'error' || c.status === 'fail') });
  // "Does not offer STARTTLS" is a warning on port 25 for the SMTP probe, but for this rule it means no TLS.
  const offered = (c: ProbeCheck) => c.status === 'pass' || (c.status === 'warn' && !/does not offer/i.test(c.title));
  const ok = tls.filter(offered);
  const bad = tls.filter((c) => !offered(c) && c.status !== 'error' && c.status !== 'info');
  if (bad.length && !ok.length) return item({ key, status: 'fail', title: 'TLS: not met', explanation: `${bad.map((c) => c.title).join('; ')}. ${RULES} require TLS for mail transmission (Gmail 421/550 5.7.29).`, fix: bad[0]!.fix, from: tls });
  if (!ok.length) return item({ key, status: tls.every((c) => c.status === 'error') ? 'error' : 'info', title: 'TLS: could not check', explanation: tls.map((c) => c.title).join('; '), fix: null, from: tls });
  return item({ key, status: bad.length ? 'warn' : 'pass', title: bad.length ? 'TLS: offered by some MX hosts only' : 'TLS: offered by the MX', explanation: `${ok.map((c) => c.title).join('; ')}${bad.length ? `; but ${bad.map((c) => c.title).join('; ')}` : ''}. This is the receiving side; your sending server must also use TLS when it delivers.`, fix: bad[0]?.fix ?? null, from: tls });
}

function outsideDnsItem(): CheckResult {
  return item({
    key: 'outside-dns', status: 'info',
    title: 'Also required, not visible in DNS: one-click unsubscribe and a low spam rate',
    explanation: `${RULES} also require bulk senders to support one-click unsubscribe (List-Unsubscribe and List-Unsubscribe-Post headers, RFC 8058, honoured within 2 days) and to keep the user-reported spam rate under 0.3% (aim for under 0.1%). Neither can be seen from DNS: check a sent message's headers in the analyzer and the rate in Google Postmaster Tools / Yahoo's Complaint Feedback Loop.`,
    fix: null, from: [],
  });
}
