/**
 * Refusals that name a DNS blocklist or a filtering service. Postfix's
 * reject_rbl_client writes "… blocked using <zone>" (Postfix test reference
 * smtpd_exp.ref; field notes §2), and other servers say "listed at/by/in".
 * Spamhaus-specific rules come first: their fix differs (PBL means "use your
 * provider's relay", not "you were spamming").
 */
import type { ProviderRule } from './rule';

const SPAMHAUS = 'https://check.spamhaus.org/ (Spamhaus IP and domain reputation checker)';
const POSTFIX = 'Postfix reject_rbl_client wording (postfix.org/postconf.5.html; field notes §2)';

export const BLOCKLIST_RULES: readonly ProviderRule[] = [
  {
    id: 'spamhaus.pbl', provider: 'Spamhaus', title: 'Listed on the Spamhaus PBL (policy block list)',
    text: /(pbl\.spamhaus\.org|spamhaus\.org\/pbl|spamhaus pbl|\bpbl\b)/i, also: /spamhaus/i,
    meaning: 'The IP is in a range its owner (an ISP, often) says should not send mail directly: dynamic, residential or unassigned addresses. This is not an accusation of spam.',
    fix: 'Send through your provider\'s authenticated relay (port 587) instead of directly; if this IP really is a mail server, its owner can remove it from the PBL.',
    source: SPAMHAUS,
  },
  {
    id: 'spamhaus.xbl', provider: 'Spamhaus', title: 'Listed on the Spamhaus XBL (exploits block list)',
    text: /(xbl\.spamhaus\.org|spamhaus\.org\/xbl|spamhaus xbl|\bcbl\b)/i, also: /spamhaus/i,
    meaning: 'The IP is listed for behaviour of an infected or hijacked machine (malware, open proxy, snowshoe spam).',
    fix: 'Find and clean the infected host or compromised account behind this IP, then request removal at check.spamhaus.org.',
    source: SPAMHAUS,
  },
  {
    id: 'spamhaus.dbl', provider: 'Spamhaus', title: 'Domain listed on the Spamhaus DBL',
    text: /(dbl\.spamhaus\.org|spamhaus\.org\/dbl)/i,
    meaning: 'A domain in the message (sender or a link) is on the Spamhaus domain blocklist.',
    fix: 'Find which domain is listed (check.spamhaus.org), remove the link or fix the domain\'s abuse, then request removal.',
    source: SPAMHAUS,
  },
  {
    id: 'spamhaus.zen', provider: 'Spamhaus', title: 'Listed by Spamhaus',
    text: /(zen\.spamhaus\.org|sbl\.spamhaus\.org|sbl-xbl\.spamhaus\.org|spamhaus)/i,
    meaning: 'The receiving server looked the sending IP up in Spamhaus (ZEN combines SBL spam sources, XBL exploited hosts and PBL end-user ranges) and found it listed.',
    fix: 'Look the IP up at check.spamhaus.org: it says which list and why. PBL → send through your provider\'s relay; SBL/XBL → fix the cause, then request removal.',
    source: SPAMHAUS,
  },
  {
    id: 'barracuda.brbl', provider: 'Barracuda', title: 'Listed on the Barracuda reputation blocklist',
    text: /(b\.barracudacentral\.org|barracudacentral|barracuda reputation)/i,
    meaning: 'The receiver uses Barracuda\'s reputation list and the sending IP is on it.',
    fix: 'Check and request removal at barracudacentral.org (lookup and removal form).',
    source: 'https://www.barracudacentral.org/lookups',
  },
  {
    id: 'spamcop.bl', provider: 'SpamCop', title: 'Listed on the SpamCop blocklist',
    text: /(bl\.spamcop\.net|spamcop)/i,
    meaning: 'The sending IP was reported for spam by SpamCop users recently; listings expire on their own about a day after reports stop.',
    fix: 'Find what sent the reported mail and stop it; the listing lapses without further reports.',
    source: 'https://www.spamcop.net/bl.shtml',
  },
  {
    id: 'uceprotect', provider: 'UCEPROTECT', title: 'Listed on UCEPROTECT',
    text: /(dnsbl-[123]\.uceprotect\.net|uceprotect)/i,
    meaning: 'The IP (level 1) or its whole network or provider (levels 2 and 3) is on UCEPROTECT. Levels 2–3 punish neighbours: often not the sender\'s own doing.',
    fix: 'Level 1 expires 7 days after the last abuse; for levels 2–3 ask the hosting provider. Many receivers ignore this list.',
    source: 'field notes §2 (UCEPROTECT levels)',
  },
  {
    id: 'proofpoint', provider: 'Proofpoint', title: 'Blocked by Proofpoint reputation',
    text: /(ipcheck\.proofpoint\.com|proofpoint)/i,
    meaning: 'The receiver\'s Proofpoint gateway refused the sending IP for its reputation.',
    fix: 'Look the IP up and request review at ipcheck.proofpoint.com.',
    source: 'https://ipcheck.proofpoint.com/',
  },
  {
    id: 'mimecast', provider: 'Mimecast', title: 'Refused by a Mimecast gateway',
    text: /(mimecast)/i,
    meaning: 'The receiver\'s Mimecast gateway refused the message; the text names the policy (anti-spoofing, reputation, spam).',
    fix: 'Read the policy named; the recipient\'s administrator can allow the sender in Mimecast.',
    source: 'Mimecast gateway reply wording (n/v)',
  },
  {
    id: 'dnsbl.generic', provider: 'DNS blocklist', title: 'Sending IP on a DNS blocklist',
    text: /(?:blocked using|listed (?:at|by|in|on))\s+\[?([a-z0-9-]+(?:\.[a-z0-9-]+){1,})/i,
    meaning: 'The receiving server looked the sending IP up in a DNS blocklist (the zone named) and found it listed.',
    fix: 'Look the IP up on that list\'s website to see why and how to request removal; fix the cause first (compromised account, open relay, bad list).',
    source: POSTFIX,
  },
];
