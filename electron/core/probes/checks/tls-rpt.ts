/**
 * SMTP TLS Reporting (RFC 8460): the `_smtp._tls` TXT record that tells
 * senders where to send daily reports of TLS failures (MTA-STS or DANE
 * problems, expired certificates, STARTTLS stripped). Exactly one
 * v=TLSRPTv1 record, with rua= listing mailto: or https: destinations.
 */
import type { ProbeFact } from '../../../../shared/model/probe';
import type { ProbeCheckDefinition } from '../check-types';
import { QueryLog, isAbsent, isLookupFailure, lookupFailureFix, outcomeWords, txtRecords } from './more-dns';

/** One parsed rua destination. */
export interface TlsRptUri {
  uri: string;
  scheme: 'mailto' | 'https' | 'other';
  problem: string | null;
}

/** Parse a v=TLSRPTv1 record (RFC 8460 §3): its rua URIs and what is wrong with it. */
export function parseTlsRpt(record: string): { uris: TlsRptUri[]; problems: string[] } {
  const problems: string[] = [];
  const fields = record.split(';').map((f) => f.trim());
  if (fields[0] !== 'v=TLSRPTv1') problems.push(`the record must start with exactly "v=TLSRPTv1" (found "${fields[0] ?? ''}")`);
  const ruaFields = fields.slice(1).filter((f) => /^rua\s*=/i.test(f));
  if (ruaFields.length === 0) problems.push('rua= is missing: senders have nowhere to send reports');
  if (ruaFields.length > 1) problems.push('rua= appears more than once; list every destination in one rua=, separated by commas');
  for (const f of fields.slice(1)) {
    if (!f) continue;
    if (!f.includes('=')) problems.push(`"${f}" is not a name=value field`);
    else if (/^rua\s*=/i.test(f) && !f.startsWith('rua=')) problems.push('write "rua=" in lower case without spaces');
  }
  const uris = (ruaFields[0] ?? '').replace(/^rua\s*=/i, '').split(',').map((u) => u.trim()).filter(Boolean).map(checkUri);
  if (ruaFields.length && uris.length === 0) problems.push('rua= is empty');
  return { uris, problems };
}

function checkUri(uri: string): TlsRptUri {
  if (/^mailto:/i.test(uri)) {
    const address = decodeURIComponent(uri.slice(7).split('?')[0] ?? '');
    const ok = /^[^\s@]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(address);
    return { uri, scheme: 'mailto', problem: ok ? null : `"${address}" is not a valid mail address` };
  }
  if (/^https:/i.test(uri)) {
    try {
      const u = new URL(uri);
      return { uri, scheme: 'https', problem: u.hostname.includes('.') ? null : `"${u.hostname}" is not a public host name` };
    } catch {
      return { uri, scheme: 'https', problem: 'not a valid https: URL' };
    }
  }
  return { uri, scheme: 'other', problem: `only mailto: and https: destinations are defined (RFC 8460 §3); "${uri.split(':')[0]}:" is ignored by senders` };
}

export const tlsRptCheck: ProbeCheckDefinition = {
  group: 'tls-rpt',
  name: 'TLS-RPT',
  applies: () => true,
  async run(ctx, report) {
    const domain = ctx.request.domain;
    const log = new QueryLog(ctx.dns);
    // The MTA-STS record is asked by the MTA-STS check too (one query per run): it decides how much a missing TLS-RPT matters.
    const [txt, sts] = await Promise.all([log.lookup(`_smtp._tls.${domain}`, 'TXT'), log.lookup(`_mta-sts.${domain}`, 'TXT')]);
    const base = { id: 'tls-rpt.record', group: 'tls-rpt' as const, subject: null };
    if (isLookupFailure(txt)) {
      report({ ...base, status: 'error', title: 'Could not look up the TLS-RPT record', explanation: `${outcomeWords(txt)}. Resolver: ${ctx.dns.description}.`, fix: lookupFailureFix(txt), evidence: { dns: log.queries } });
      return;
    }
    const hasSts = txtRecords(sts).some((r) => /^v=STSv1/i.test(r.trim()));
    const records = txtRecords(txt).filter((r) => /^v=TLSRPTv1\s*(;|$)/i.test(r.trim()));
    if (isAbsent(txt) || records.length === 0) {
      report({
        ...base, status: hasSts ? 'warn' : 'info',
        title: 'No TLS-RPT record',
        explanation: `${isAbsent(txt) ? outcomeWords(txt) : `_smtp._tls.${domain} has TXT records, but none starts with v=TLSRPTv1`}. ${hasSts ? 'The domain publishes MTA-STS, so senders that fail to reach it securely will defer or bounce mail — without TLS-RPT nobody hears why.' : 'TLS-RPT makes senders report TLS failures when mail to this domain could not be delivered securely.'}`,
        fix: `Publish TXT _smtp._tls.${domain} "v=TLSRPTv1; rua=mailto:tls-reports@${domain}" (or an https: collector of a reporting service).`,
        evidence: { dns: log.queries },
      });
      return;
    }
    if (records.length > 1) {
      report({
        ...base, status: 'fail',
        title: `${records.length} TLS-RPT records: senders use none`,
        explanation: `RFC 8460 §3: when more than one record starts with v=TLSRPTv1, senders assume the domain does not implement TLS-RPT. Found: ${records.map((r) => `"${r}"`).join(', ')}.`,
        fix: `Merge them into one record: v=TLSRPTv1; rua=<every destination, comma-separated>.`,
        evidence: { dns: log.queries },
      });
      return;
    }
    const record = records[0]!;
    const { uris, problems } = parseTlsRpt(record);
    const bad = uris.filter((u) => u.problem);
    const usable = uris.filter((u) => !u.problem);
    const facts: ProbeFact[] = [{ label: 'Record', value: record }, ...uris.map((u) => ({ label: u.scheme === 'other' ? 'Ignored destination' : `Reports to (${u.scheme})`, value: u.problem ? `${u.uri} — ${u.problem}` : u.uri }))];
    const status = usable.length === 0 ? 'fail' : problems.length || bad.length ? 'warn' : 'pass';
    report({
      ...base, status,
      title: status === 'pass' ? `TLS-RPT reports go to ${usable.map((u) => u.uri.replace(/^mailto:/i, '')).join(', ')}` : status === 'fail' ? 'TLS-RPT record has no usable destination' : 'TLS-RPT record found, with problems',
      explanation: `_smtp._tls.${domain} says "${record}".${[...problems, ...bad.map((b) => `${b.uri}: ${b.problem}`)].map((p) => ` ${p.charAt(0).toUpperCase()}${p.slice(1)}.`).join('')}${status === 'pass' ? ' Senders that support TLS-RPT send a daily JSON report of TLS successes and failures there.' : ''}`,
      fix: status === 'pass' ? null : `Publish: v=TLSRPTv1; rua=mailto:tls-reports@${domain}`,
      evidence: { dns: log.queries, facts },
    });
  },
};
