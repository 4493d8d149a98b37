/**
 * The DNS blocklists Mailscope's probe asks, as data: zone, what is queried,
 * and every return code each list documents, so an answer is decoded instead
 * of being read as "any A record = listed" (the classic mistake that turns a
 * resolver refusal into a false listing). Runtime-neutral: the probe check
 * (electron/core/probes/checks/dnsbl.ts) does the DNS; the renderer may show
 * the table.
 *
 * Query format (RFC 5782 §2): IPv4 a.b.c.d → d.c.b.a.<zone>, IPv6 → 32
 * reversed nibbles + zone, a domain list → <domain>.<zone>. A listing is an A
 * record in 127.0.0.0/8; not listed = NXDOMAIN.
 *
 * Sources (see ../shared/notes/smtp-field-notes.md §2 of the team kit):
 * - Spamhaus: docs.spamhaus.com "Available Zones" (ZEN, DBL codes);
 *   spamhaus.org news 788 "return codes: technical update" (127.255.255.252/254/255).
 * - Barracuda: barracudacentral.org "How to Use" (127.0.0.2, resolver registration).
 * - UCEPROTECT: uceprotect.net levels (L1 single IPs, L2 allocations, L3 ASNs).
 * - URIBL: uribl.com refused.shtml (bitmask, 127.0.0.1 = query refused).
 * - SURBL: surbl.org multi list page and securityzones.net "New Return Codes
 *   Added to SURBL MULTI" (bits 4 DM, 8 PH, 16 MW, 32 CT, 64 ABUSE, 128 CR);
 *   127.0.0.1 = blocked query as SpamAssassin's SURBL_BLOCKED rule reads it.
 * - Mailspike: mailspike.org/usage.html (bl.mailspike.net: 127.0.0.2 spam
 *   wave or the rep zone's L5–L3 codes 127.0.0.10–12).
 * - SpamCop, PSBL: 127.0.0.2 (RFC 5782 convention; each list's usage page).
 * SORBS is absent on purpose: decommissioned 2024-06-05, its zones emptied.
 */
import { reversedLabels } from './reverse-name';

/** What a list is keyed on. */
export type DnsblKind = 'ip' | 'domain';

/** How bad one return code is for the subject, before the check's context. */
export type DnsblSeverity = 'fail' | 'warn' | 'info';

/** One documented return code (an exact address, or one bit of the last octet). */
export interface DnsblCode {
  /** Exact answer ("127.0.0.2") for exact lists; for bitmask lists the bit value as text ("8"). */
  code: string;
  /** Short name the list uses ("SBL", "XBL", "PBL", "black", "PH"). */
  label: string;
  /** Plain meaning of the code. */
  meaning: string;
  /** How bad it is. */
  severity: DnsblSeverity;
  /** True for a policy listing (Spamhaus PBL: "this address should not send directly"), not a spam verdict. */
  policy?: boolean;
}

/** An answer that means "no verdict": the list refused or the query was malformed. */
export interface DnsblRefusal {
  /** Exact answer address. */
  code: string;
  /** What it means ("queries through public/open resolvers are refused"). */
  meaning: string;
  /** What the user can do. */
  fix: string;
}

/** One blocklist. */
export interface DnsblList {
  /** Stable id used in check ids ("spamhaus-zen"). */
  id: string;
  /** Name shown ("Spamhaus ZEN"). */
  name: string;
  /** DNS zone queried. */
  zone: string;
  /** IP list or domain list (RHSBL). */
  kind: DnsblKind;
  /** Whether the list publishes IPv6 entries (IP lists only); when false IPv6 subjects are not queried. */
  ipv6: boolean;
  /** `neighbourhood` = lists whole allocations or networks (UCEPROTECT L2/L3): information about the neighbours, not the sender's fault. */
  scope: 'direct' | 'neighbourhood';
  /** `exact`: each answer address is one code; `bitmask`: the last octet's bits are codes. */
  decoding: 'exact' | 'bitmask';
  /** Documented listing codes. */
  codes: DnsblCode[];
  /** Answers that are refusals or errors, never a listing. */
  refusals: DnsblRefusal[];
  /** Any answer starting with this prefix that is not in `refusals` is also an error of the list (Spamhaus: 127.255.255.). */
  errorPrefix: string | null;
  /** True when the list refuses queries arriving through big public resolvers (Google, Cloudflare, Quad9, OpenDNS). */
  refusesPublicResolvers: boolean;
  /** Who may query and how, in plain words (shown with "could not check"). */
  access: string;
  /** Lookup / delisting page for a subject, `{subject}` replaced by the IP or domain. */
  lookupUrl: string;
}

const SPAMHAUS_FIX = 'Query through your own recursive resolver (not a public or ISP-shared one), or use a free Spamhaus Data Query Service (DQS) key and its zones.';
const SPAMHAUS_REFUSALS: DnsblRefusal[] = [
  { code: '127.255.255.254', meaning: 'Spamhaus refuses queries that arrive through a public or open resolver', fix: SPAMHAUS_FIX },
  { code: '127.255.255.255', meaning: 'Spamhaus refuses this resolver for excessive query volume', fix: SPAMHAUS_FIX },
  { code: '127.255.255.252', meaning: 'Spamhaus says the zone name in the query is wrong (a typo in the zone)', fix: 'Check the list zone name; this is a Mailscope or resolver configuration problem, not a listing.' },
];
const URIBL_FIX = 'Query through your own recursive resolver; big shared resolvers (Google, OpenDNS, many ISPs) are refused for volume.';

/** Every list the probe asks, IP lists first. */
export const DNSBL_LISTS: readonly DnsblList[] = [
  {
    id: 'spamhaus-zen', name: 'Spamhaus ZEN', zone: 'zen.spamhaus.org', kind: 'ip', ipv6: true, scope: 'direct', decoding: 'exact',
    codes: [
      { code: '127.0.0.2', label: 'SBL', meaning: 'Spamhaus Block List: a known spam source or spam operation', severity: 'fail' },
      { code: '127.0.0.3', label: 'CSS', meaning: 'SBL CSS: snowshoe spam or a compromised sender seen by Spamhaus', severity: 'fail' },
      { code: '127.0.0.4', label: 'XBL', meaning: 'Exploits Block List (CBL data): an infected host, open proxy or bot on this address', severity: 'fail' },
      { code: '127.0.0.9', label: 'DROP', meaning: 'Do Not Route Or Peer: a hijacked or criminal network (always together with SBL)', severity: 'fail' },
      { code: '127.0.0.10', label: 'PBL (ISP)', meaning: 'Policy Block List, maintained by the network owner: this address should not send mail directly to other servers', severity: 'warn', policy: true },
      { code: '127.0.0.11', label: 'PBL (Spamhaus)', meaning: 'Policy Block List, maintained by Spamhaus: end-user or dynamic space that should not send mail directly', severity: 'warn', policy: true },
      { code: '127.0.0.30', label: 'BCL', meaning: 'Botnet Controller List: a botnet command-and-control server', severity: 'fail' },
    ],
    refusals: SPAMHAUS_REFUSALS, errorPrefix: '127.255.255.', refusesPublicResolvers: true,
    access: 'Free public mirrors for low-volume, non-commercial use only; queries via public or open resolvers are answered 127.255.255.254.',
    lookupUrl: 'https://check.spamhaus.org/results/?query={subject}',
  },
  {
    id: 'barracuda', name: 'Barracuda BRBL', zone: 'b.barracudacentral.org', kind: 'ip', ipv6: false, scope: 'direct', decoding: 'exact',
    codes: [{ code: '127.0.0.2', label: 'listed', meaning: 'Barracuda Reputation Block List: poor sending reputation seen by Barracuda', severity: 'fail' }],
    refusals: [], errorPrefix: null, refusesPublicResolvers: false,
    access: 'Free, but Barracuda answers only DNS servers registered at barracudacentral.org; an unregistered resolver may get no answer.',
    lookupUrl: 'https://www.barracudacentral.org/lookups/lookup-reputation',
  },
  {
    id: 'spamcop', name: 'SpamCop', zone: 'bl.spamcop.net', kind: 'ip', ipv6: false, scope: 'direct', decoding: 'exact',
    codes: [{ code: '127.0.0.2', label: 'listed', meaning: 'SpamCop Blocking List: recent spam reports or spam-trap hits from this address (expires automatically)', severity: 'fail' }],
    refusals: [], errorPrefix: null, refusesPublicResolvers: false,
    access: 'Public DNS queries.',
    lookupUrl: 'https://www.spamcop.net/bl.shtml?{subject}',
  },
  {
    id: 'mailspike', name: 'Mailspike BL', zone: 'bl.mailspike.net', kind: 'ip', ipv6: false, scope: 'direct', decoding: 'exact',
    codes: [
      { code: '127.0.0.2', label: 'Z', meaning: 'seen taking part in a distributed spam wave', severity: 'fail' },
      { code: '127.0.0.10', label: 'L5', meaning: 'worst possible reputation', severity: 'fail' },
      { code: '127.0.0.11', label: 'L4', meaning: 'very bad reputation', severity: 'fail' },
      { code: '127.0.0.12', label: 'L3', meaning: 'bad reputation', severity: 'fail' },
    ],
    refusals: [], errorPrefix: null, refusesPublicResolvers: false,
    access: 'Public DNS queries for sites under 100,000 messages and 100,000 queries a day.',
    lookupUrl: 'https://mailspike.io/ip_verify',
  },
  {
    id: 'psbl', name: 'PSBL', zone: 'psbl.surriel.com', kind: 'ip', ipv6: false, scope: 'direct', decoding: 'exact',
    codes: [{ code: '127.0.0.2', label: 'listed', meaning: 'Passive Spam Block List: this address sent mail to spam traps', severity: 'fail' }],
    refusals: [], errorPrefix: null, refusesPublicResolvers: false,
    access: 'Public DNS queries.',
    lookupUrl: 'https://psbl.org/listing?ip={subject}',
  },
  {
    id: 'uceprotect-1', name: 'UCEPROTECT Level 1', zone: 'dnsbl-1.uceprotect.net', kind: 'ip', ipv6: false, scope: 'direct', decoding: 'exact',
    codes: [{ code: '127.0.0.2', label: 'L1', meaning: 'this single address hit UCEPROTECT spam traps (expires after 7 days without new hits)', severity: 'fail' }],
    refusals: [], errorPrefix: null, refusesPublicResolvers: false,
    access: 'Public DNS queries.',
    lookupUrl: 'https://www.uceprotect.net/en/rblcheck.php?ipr={subject}',
  },
  {
    id: 'uceprotect-2', name: 'UCEPROTECT Level 2', zone: 'dnsbl-2.uceprotect.net', kind: 'ip', ipv6: false, scope: 'neighbourhood', decoding: 'exact',
    codes: [{ code: '127.0.0.2', label: 'L2', meaning: 'the address block around this IP (its allocation) has several Level 1 abusers', severity: 'info' }],
    refusals: [], errorPrefix: null, refusesPublicResolvers: false,
    access: 'Public DNS queries.',
    lookupUrl: 'https://www.uceprotect.net/en/rblcheck.php?ipr={subject}',
  },
  {
    id: 'uceprotect-3', name: 'UCEPROTECT Level 3', zone: 'dnsbl-3.uceprotect.net', kind: 'ip', ipv6: false, scope: 'neighbourhood', decoding: 'exact',
    codes: [{ code: '127.0.0.2', label: 'L3', meaning: 'the whole network (AS) this IP belongs to has many Level 1 abusers', severity: 'info' }],
    refusals: [], errorPrefix: null, refusesPublicResolvers: false,
    access: 'Public DNS queries.',
    lookupUrl: 'https://www.uceprotect.net/en/rblcheck.php?ipr={subject}',
  },
  {
    id: 'spamhaus-dbl', name: 'Spamhaus DBL', zone: 'dbl.spamhaus.org', kind: 'domain', ipv6: false, scope: 'direct', decoding: 'exact',
    codes: [
      { code: '127.0.1.2', label: 'spam', meaning: 'a domain with low reputation (spam)', severity: 'fail' },
      { code: '127.0.1.4', label: 'phish', meaning: 'a phishing domain', severity: 'fail' },
      { code: '127.0.1.5', label: 'malware', meaning: 'a malware domain', severity: 'fail' },
      { code: '127.0.1.6', label: 'botnet C&C', meaning: 'a botnet command-and-control domain', severity: 'fail' },
      { code: '127.0.1.102', label: 'abused spam', meaning: 'a legitimate domain abused for spam (e.g. a compromised site)', severity: 'fail' },
      { code: '127.0.1.103', label: 'abused redirector', meaning: 'a legitimate domain abused as a spammed redirector or URL shortener', severity: 'fail' },
      { code: '127.0.1.104', label: 'abused phish', meaning: 'a legitimate domain abused for phishing', severity: 'fail' },
      { code: '127.0.1.105', label: 'abused malware', meaning: 'a legitimate domain abused to spread malware', severity: 'fail' },
      { code: '127.0.1.106', label: 'abused botnet C&C', meaning: 'a legitimate domain abused for botnet command-and-control', severity: 'fail' },
    ],
    refusals: [
      ...SPAMHAUS_REFUSALS,
      { code: '127.0.1.255', meaning: 'Spamhaus DBL says an IP address was queried against a domain list', fix: 'Query the DBL with a domain name, not an IP address.' },
    ],
    errorPrefix: '127.255.255.', refusesPublicResolvers: true,
    access: 'Same terms as ZEN: free for low-volume, non-commercial use; public or open resolvers are answered 127.255.255.254.',
    lookupUrl: 'https://check.spamhaus.org/results/?query={subject}',
  },
  {
    id: 'surbl', name: 'SURBL multi', zone: 'multi.surbl.org', kind: 'domain', ipv6: false, scope: 'direct', decoding: 'bitmask',
    codes: [
      { code: '4', label: 'DM', meaning: 'a disposable-email domain', severity: 'warn' },
      { code: '8', label: 'PH', meaning: 'a phishing site', severity: 'fail' },
      { code: '16', label: 'MW', meaning: 'a malware site', severity: 'fail' },
      { code: '32', label: 'CT', meaning: 'a click-tracking domain seen in unsolicited mail', severity: 'warn' },
      { code: '64', label: 'ABUSE', meaning: 'a spam or abuse site (seen in unsolicited mail)', severity: 'fail' },
      { code: '128', label: 'CR', meaning: 'a cracked (compromised) site', severity: 'fail' },
    ],
    refusals: [{ code: '127.0.0.1', meaning: 'SURBL blocked the query (bit 1 is not a listing bit; SpamAssassin reads it as SURBL_BLOCKED)', fix: 'Query through your own recursive resolver instead of a shared public one.' }],
    errorPrefix: null, refusesPublicResolvers: true,
    access: 'Free public DNS use for small sites; heavy or shared resolvers are blocked.',
    lookupUrl: 'https://www.surbl.org/surbl-analysis',
  },
  {
    id: 'uribl', name: 'URIBL multi', zone: 'multi.uribl.com', kind: 'domain', ipv6: false, scope: 'direct', decoding: 'bitmask',
    codes: [
      { code: '2', label: 'black', meaning: 'URIBL black: a domain seen in spam with high confidence', severity: 'fail' },
      { code: '4', label: 'grey', meaning: 'URIBL grey: a domain seen in both wanted and unsolicited bulk mail', severity: 'warn' },
      { code: '8', label: 'red', meaning: 'URIBL red: a domain newly active in mail flow and being watched', severity: 'warn' },
    ],
    refusals: [{ code: '127.0.0.1', meaning: 'URIBL refused the query (its answer to refused resolvers)', fix: URIBL_FIX }],
    errorPrefix: null, refusesPublicResolvers: true,
    access: 'Free public lookups for low volume; public DNS providers (Google, OpenDNS) and big ISP resolvers are refused.',
    lookupUrl: 'https://admin.uribl.com/?section=lookup',
  },
];

/**
 * The decoded answer of one list for one subject. Fields: `codes` — every
 * code the answer carried, decoded (unknown ones labelled "unknown code");
 * `answers` — the A records as answered; `refusal` — which refusal or error
 * code it was and its fix.
 */
export type DnsblVerdict =
  /** Listed. */
  | { kind: 'listed'; codes: DnsblCode[]; answers: string[] }
  /** The list refused or reported an error: no verdict. */
  | { kind: 'refused'; refusal: DnsblRefusal; answers: string[] }
  /** Not listed (NXDOMAIN, or an empty answer). */
  | { kind: 'not-listed' }
  /** Answers outside 127.0.0.0/8: not a DNSBL answer (often a resolver rewriting NXDOMAIN to an ad page). */
  | { kind: 'invalid'; answers: string[] };

/** Decode the A records a list answered for one query. */
export function decodeDnsblAnswer(list: DnsblList, answers: string[]): DnsblVerdict {
  if (answers.length === 0) return { kind: 'not-listed' };
  if (answers.some((a) => !/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a))) return { kind: 'invalid', answers };
  for (const answer of answers) {
    const refusal = list.refusals.find((r) => r.code === answer);
    if (refusal) return { kind: 'refused', refusal, answers };
    if (list.errorPrefix && answer.startsWith(list.errorPrefix)) {
      return { kind: 'refused', answers, refusal: { code: answer, meaning: `${list.name} answered with an error code it reserves for refused or malformed queries`, fix: list.refusals[0]?.fix ?? 'Query through your own recursive resolver.' } };
    }
  }
  const codes: DnsblCode[] = [];
  const add = (code: DnsblCode) => { if (!codes.some((c) => c.code === code.code)) codes.push(code); };
  for (const answer of answers) {
    if (list.decoding === 'exact') {
      add(list.codes.find((c) => c.code === answer) ?? unknownCode(answer));
      continue;
    }
    const last = Number(answer.split('.')[3]);
    let known = 0;
    for (const code of list.codes) {
      const bit = Number(code.code);
      if (last & bit) { add(code); known |= bit; }
    }
    if (last & ~known) add(unknownCode(answer));
  }
  return { kind: 'listed', codes, answers };
}

function unknownCode(answer: string): DnsblCode {
  return { code: answer, label: 'unknown code', meaning: `an answer (${answer}) this list does not document; treated as listed`, severity: 'fail' };
}

/** Worst severity among decoded codes. */
export function worstSeverity(codes: DnsblCode[]): DnsblSeverity {
  if (codes.some((c) => c.severity === 'fail')) return 'fail';
  if (codes.some((c) => c.severity === 'warn')) return 'warn';
  return 'info';
}

/** The lookup page for a subject. */
export function dnsblLookupUrl(list: DnsblList, subject: string): string {
  return list.lookupUrl.replace('{subject}', encodeURIComponent(subject));
}

/**
 * The name to ask for a subject (RFC 5782 §2.1, §2.4, §2.3): reversed IPv4
 * octets or IPv6 nibbles for IP lists, the domain itself for domain lists.
 * Null when the subject does not fit the list (an IPv6 address on a list
 * without IPv6, a domain on an IP list).
 */
export function dnsblQueryName(list: DnsblList, subject: string): string | null {
  if (list.kind === 'domain') {
    const domain = subject.trim().toLowerCase().replace(/\.$/, '');
    if (!domain || reversedLabels(domain)) return null;
    return `${domain}.${list.zone}`;
  }
  const labels = reversedLabels(subject);
  if (!labels) return null;
  if (subject.includes(':') && !list.ipv6) return null;
  return `${labels}.${list.zone}`;
}
