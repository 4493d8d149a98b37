/**
 * MX: where the domain receives mail. Reports
 * - `mx.records`: the MX set (priorities), null MX (RFC 7505), or — when there
 *   is none — the implicit MX (RFC 5321 §5.1: mail goes to the domain's own
 *   A/AAAA), explained;
 * - `mx.host.<host>` for each MX host: its A/AAAA, and the mistakes that make
 *   senders skip or bounce it: a CNAME as MX target (RFC 2181 §10.3, RFC 5321
 *   §5.1), an IP literal instead of a name, a host that does not resolve,
 *   a host that resolves to loopback/private addresses only the inside can reach.
 * Host checks run concurrently and report as each finishes.
 */
import { BlockList, isIP, isIPv4 } from 'node:net';
import type { ProbeFact } from '../../../../shared/model/probe';
import type { CheckResult, DnsLookup, ProbeCheckDefinition, ProbeContext } from '../check-types';
import { addressesOf, couldNotCheck, Evidence, failed, outcomeText, plural } from './dns-check-helpers';

type MxRecord = { priority: number; exchange: string };

/** Addresses no sender on the internet can reach: loopback, RFC 1918, link-local, unique-local, unspecified. */
const UNREACHABLE = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['100.64.0.0', 10]] as const) UNREACHABLE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 127], ['fe80::', 10], ['fc00::', 7]] as const) UNREACHABLE.addSubnet(net, prefix, 'ipv6');

export function isUnreachableAddress(address: string): boolean {
  return UNREACHABLE.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
}

export function mxRecordsOf(lookup: DnsLookup): MxRecord[] {
  return lookup.records
    .flatMap((r) => (r.type === 'MX' ? [{ priority: r.priority, exchange: r.exchange }] : []))
    .sort((a, b) => a.priority - b.priority || a.exchange.localeCompare(b.exchange));
}

export const mxCheck: ProbeCheckDefinition = {
  group: 'mx',
  name: 'MX',
  applies: () => true,
  async run(ctx, report) {
    const domain = ctx.request.domain;
    const ev = new Evidence(ctx.dns);
    const mx = await ev.lookup(domain, 'MX');
    const base = { id: 'mx.records', group: 'mx' as const, subject: null };

    if (failed(mx)) {
      report(couldNotCheck({ ...base, what: `the MX records of ${domain}` }, mx.query, ev.queries));
      return;
    }
    if (mx.query.outcome === 'nxdomain') {
      report({
        ...base,
        status: 'fail',
        title: `${domain} does not exist in DNS`,
        explanation: `${outcomeText(mx.query)}. A domain that does not exist cannot receive mail, and mail sent from it fails SPF, DMARC and most receivers' sender-domain checks.`,
        fix: `Check the spelling of the domain. If it is yours, make sure it is registered and delegated to working name servers.`,
        evidence: { dns: ev.queries },
      });
      return;
    }
    const records = mxRecordsOf(mx);
    if (records.length === 0) {
      report(await implicitMx(ctx, ev, domain));
      return;
    }
    const nullMx = records.filter((r) => r.exchange === '' || r.exchange === '.');
    const facts: ProbeFact[] = records.map((r) => ({ label: `Priority ${r.priority}`, value: r.exchange || '. (null MX)' }));
    if (mx.query.ttl !== null) facts.push({ label: 'TTL', value: `${mx.query.ttl} s` });
    if (nullMx.length > 0 && records.length === 1) {
      report({
        ...base,
        status: 'info',
        title: 'Null MX: this domain accepts no mail (RFC 7505)',
        explanation: `${domain} publishes a "null MX" (MX 0 "."): a deliberate statement that it receives no email. Senders fail mail to it at once with "556 domain does not accept mail" instead of retrying for days. That is right for a domain that never receives mail; note that many receivers also reject mail FROM a null-MX domain (it cannot take bounces), with "550 5.7.27 sender address has null MX".`,
        fix: null,
        evidence: { dns: ev.queries, facts },
      });
      return;
    }
    if (nullMx.length > 0) {
      report({
        ...base,
        status: 'fail',
        title: 'Null MX mixed with other MX records',
        explanation: `${domain} publishes a null MX ("." — "accepts no mail") next to ${plural(records.length - nullMx.length, 'real MX host')}. RFC 7505 allows the null MX only as the single MX record; mixed, senders disagree: some treat the domain as refusing mail, others try the real hosts.`,
        fix: `Decide: if the domain receives mail, delete the "MX 0 ." record; if it does not, delete the other MX records.`,
        evidence: { dns: ev.queries, facts },
      });
    } else {
      const priorities = new Set(records.map((r) => r.priority));
      report({
        ...base,
        status: 'pass',
        title: `${plural(records.length, 'MX record')}: ${records.map((r) => r.exchange).join(', ')}`,
        explanation:
          `Senders deliver to the lowest priority number first (${records[0]?.exchange}) and fall back to higher numbers when it does not answer` +
          (priorities.size < records.length ? `; hosts with equal priority share the load at random` : '') +
          (records.length === 1 ? `. With a single MX host there is no fallback: senders queue and retry while it is down, so mail is delayed, not lost.` : '.') +
          ` Each host is checked below.`,
        fix: null,
        evidence: { dns: ev.queries, facts },
      });
    }
    const hosts = [...new Set(records.map((r) => r.exchange).filter((h) => h !== '' && h !== '.'))];
    await Promise.all(hosts.map(async (host) => report(await checkHost(ctx, mx, host, records))));
  },
};

/** No MX: RFC 5321 §5.1 says senders use the domain's own address. */
async function implicitMx(ctx: ProbeContext, ev: Evidence, domain: string): Promise<CheckResult> {
  const [a, aaaa] = await Promise.all([ev.lookup(domain, 'A'), ev.lookup(domain, 'AAAA')]);
  const base = { id: 'mx.records', group: 'mx' as const, subject: null };
  const addrs = [...addressesOf(a), ...addressesOf(aaaa)];
  if (addrs.length > 0) {
    return {
      ...base,
      status: 'warn',
      title: `No MX record: mail goes to ${domain}'s own address (implicit MX)`,
      explanation: `${domain} has no MX record, so senders fall back to the "implicit MX" (RFC 5321 §5.1): they deliver to the address of the domain itself (${addrs.join(', ')}). That works only if that machine — often a web server — runs an SMTP server on port 25. If the domain should not receive mail, this fallback means senders keep retrying a web server for days before bouncing.`,
      fix: `If ${domain} receives mail, publish MX records for your mail servers. If it does not, publish a null MX ("${domain}. MX 0 .", RFC 7505) so senders fail fast.`,
      evidence: { dns: ev.queries, facts: addrs.map((x) => ({ label: 'Implicit MX address', value: x })) },
    };
  }
  const failure = [a, aaaa].find(failed);
  if (failure) return couldNotCheck({ ...base, what: `where ${domain} receives mail (no MX; its A/AAAA lookup failed)` }, failure.query, ev.queries);
  return {
    ...base,
    status: 'fail',
    title: 'No MX and no address: this domain cannot receive mail',
    explanation: `${domain} has no MX record and no A/AAAA address, so there is nowhere to deliver mail: senders bounce it. Receivers also distrust mail FROM such a domain, because bounces and replies to it cannot be delivered.`,
    fix: `Publish MX records pointing at your mail servers (e.g. "${domain}. MX 10 mx1.${domain}."), or a null MX ("MX 0 .") if the domain deliberately takes no mail.`,
    evidence: { dns: ev.queries },
  };
}

async function checkHost(ctx: ProbeContext, mx: DnsLookup, host: string, records: MxRecord[]): Promise<CheckResult> {
  const id = `mx.host.${host}`;
  const base = { id, group: 'mx' as const, subject: host };
  const priority = records.find((r) => r.exchange === host)?.priority ?? 0;
  const ev = new Evidence(ctx.dns).cite(mx);
  if (isIP(host.replace(/^\[|\]$/g, '')) || /^\d+(\.\d+){3}$/.test(host)) {
    return {
      ...base,
      status: 'fail',
      title: `MX ${host} is an IP address, not a host name`,
      explanation: `The MX record names "${host}", an IP address. An MX target must be a host name (RFC 5321 §5.1, RFC 7505 §3): most senders look up "${host}" as a name, find nothing, and bounce or queue the mail. Some lenient servers accept it, which hides the mistake until a strict one does not.`,
      fix: `Create a host name for the server (e.g. "mx1.${ctx.request.domain}. A ${host}") and point the MX at that name.`,
      evidence: { dns: ev.queries, facts: [{ label: 'Priority', value: String(priority) }] },
    };
  }
  const [a, aaaa] = await Promise.all([ev.lookup(host, 'A'), ev.lookup(host, 'AAAA')]);
  const v4 = addressesOf(a);
  const v6 = addressesOf(aaaa);
  const cnames = a.query.cnames.length > 0 ? a.query.cnames : aaaa.query.cnames;
  const facts: ProbeFact[] = [
    { label: 'Priority', value: String(priority) },
    ...v4.map((x) => ({ label: 'IPv4', value: x })),
    ...v6.map((x) => ({ label: 'IPv6', value: x })),
    ...(cnames.length ? [{ label: 'CNAME chain', value: [host, ...cnames].join(' → ') }] : []),
  ];
  if (v4.length + v6.length === 0) {
    const failure = [a, aaaa].find(failed);
    if (failure) return couldNotCheck({ ...base, what: `the addresses of MX host ${host}` }, failure.query, ev.queries, facts);
    const gone = a.query.outcome === 'nxdomain' && aaaa.query.outcome === 'nxdomain';
    return {
      ...base,
      status: 'fail',
      title: `MX ${host} does not resolve`,
      explanation: `${gone ? `${host} does not exist in DNS (NXDOMAIN)` : `${host} has no A or AAAA record`}${cnames.length ? ` (reached through CNAME ${cnames.join(' → ')})` : ''}, so senders cannot connect to it. ${records.length > 1 ? 'They skip to the next MX host, adding delay to every delivery attempt.' : 'It is the only MX host: mail to this domain is queued and then bounced.'}`,
      fix: `Publish an A (and ideally AAAA) record for ${host}, or remove it from the MX set.`,
      evidence: { dns: ev.queries, facts },
    };
  }
  if (cnames.length > 0) {
    return {
      ...base,
      status: 'warn',
      title: `MX ${host} is a CNAME (→ ${cnames[cnames.length - 1]})`,
      explanation: `The MX target ${host} is an alias (CNAME → ${cnames.join(' → ')}). RFC 2181 §10.3 and RFC 5321 §5.1 say an MX must point at a name with its own A/AAAA records. Most senders follow the alias anyway, but some refuse, and a strict one may use the alias name in its TLS and MTA-STS checks and fail them.`,
      fix: `Point the MX directly at ${cnames[cnames.length - 1]} (the name the alias ends at), or give ${host} its own A/AAAA records instead of a CNAME.`,
      evidence: { dns: ev.queries, facts },
    };
  }
  const internal = [...v4, ...v6].filter(isUnreachableAddress);
  if (internal.length > 0) {
    const all = internal.length === v4.length + v6.length;
    return {
      ...base,
      status: 'warn',
      title: `MX ${host} resolves to ${all ? 'a private address' : 'private addresses among others'} (${internal.join(', ')})`,
      explanation: `${host} has ${internal.join(', ')} — loopback, private (RFC 1918), carrier-grade NAT, link-local or unique-local addresses that no sender on the internet can reach.${all ? ' Mail from outside cannot be delivered to this host; senders skip it or queue and bounce.' : ' Senders that pick those addresses fail and retry with the others, delaying delivery.'} This usually means an internal (split-horizon) DNS view leaked, or a placeholder was never replaced. (If this probe runs against a test or internal resolver on purpose, this is expected.)`,
      fix: `Publish only the public address(es) of ${host} in the public DNS.`,
      evidence: { dns: ev.queries, facts },
    };
  }
  const partial = [a, aaaa].find(failed);
  return {
    ...base,
    status: 'pass',
    title: `MX ${host} resolves to ${[...v4, ...v6].join(', ')}`,
    explanation:
      `${host} (priority ${priority}) has ${plural(v4.length, 'IPv4 address', 'IPv4 addresses')} and ${plural(v6.length, 'IPv6 address', 'IPv6 addresses')}, so senders can reach it.` +
      (v6.length === 0 && !partial ? ' Without AAAA, IPv6-only senders cannot deliver directly (rare today, and not required).' : '') +
      (partial ? ` (${outcomeText(partial.query)}.)` : ''),
    fix: null,
    evidence: { dns: ev.queries, facts },
  };
}
