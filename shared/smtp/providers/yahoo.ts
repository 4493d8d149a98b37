/**
 * Yahoo / AOL wordings, identified by their bracketed codes ([TSS04], [PH01],
 * [BL21]…). Sources: Yahoo's "SMTP error codes" page for senders and
 * Sisimai's rhost/for-yahooinc.go (field notes §4.4).
 */
import type { ProviderRule } from './rule';

const SRC = 'https://senders.yahooinc.com/smtp-error-codes/ (Yahoo sender SMTP error codes)';
const SISIMAI = 'sisimai rhost/for-yahooinc.go (field notes §4.4)';
const P = 'Yahoo';

export const YAHOO_RULES: readonly ProviderRule[] = [
  {
    id: 'yahoo.tss04.deferred', provider: P, title: 'Yahoo: temporarily deferred (volume or complaints)',
    text: /\[(TSS0[45])\]/,
    meaning: 'Yahoo defers mail from this IP for unexpected volume, user complaints or poor reputation. It is less specific than Gmail about which.',
    fix: 'Retry with backoff at a lower rate; sign up for Yahoo\'s complaint feedback loop, remove complainers and unengaged addresses, authenticate with SPF, DKIM and DMARC. Still deferred after about 48 hours: review content and lists.',
    source: SRC,
  },
  {
    id: 'yahoo.tss09.permanent', provider: P, title: 'Yahoo: permanently deferred',
    text: /\[(TSS09|TSS11)\]/,
    meaning: 'Yahoo will not accept mail from this IP at all; retrying will not help.',
    fix: 'Fix the reputation problem, then file a request with Yahoo\'s sender support.',
    source: SISIMAI,
  },
  {
    id: 'yahoo.ts01.complaints', provider: P, title: 'Yahoo: deferred for complaints or suspicious traffic',
    text: /\[(TS0[12])\]/,
    meaning: 'Yahoo temporarily defers this IP because of user complaints or unusual traffic.',
    fix: 'Lower the rate, join the complaint feedback loop and remove complainers; retry later.',
    source: SISIMAI,
  },
  {
    id: 'yahoo.ts03.permanent', provider: P, title: 'Yahoo: permanently deferred (complaints)',
    text: /\[(TS03)\]/,
    meaning: 'Yahoo blocks this IP for good because of complaints or abuse.',
    fix: 'Clean up the sending, then request a review through Yahoo sender support.',
    source: SISIMAI,
  },
  {
    id: 'yahoo.ph01.policy', provider: P, title: 'Yahoo: message not accepted for policy reasons',
    text: /\[(PH01)\]/,
    meaning: 'Yahoo refused this message by policy: its content or links look like spam or phishing.',
    fix: 'Review links (poorly reputed domains, shorteners), attachments and content; make sure the mail is authenticated.',
    source: SRC,
  },
  {
    id: 'yahoo.bl21.spamhaus', provider: P, title: 'Yahoo: IP listed by Spamhaus',
    text: /\[(BL2[1-3])\]/,
    meaning: 'Yahoo refuses connections from this IP because Spamhaus lists it (BL23: the exploits list, XBL — often an infected host or an open proxy).',
    fix: 'Look the IP up at check.spamhaus.org, fix the cause (infected machine, compromised account) and follow Spamhaus\'s removal steps.',
    source: SISIMAI,
  },
  {
    id: 'yahoo.auth-required', provider: P, title: 'Yahoo: sender not authenticated',
    enhanced: ['5.7.9'], text: /(requires all senders to authenticate)/i,
    meaning: 'Yahoo requires every sender to pass SPF or DKIM; this message passed neither.',
    fix: 'Publish SPF including the sending IP and sign with DKIM for the From domain; publish DMARC.',
    source: SRC,
  },
  {
    id: 'yahoo.5.7.9.policy', provider: P, title: 'Yahoo: not accepted for policy reasons',
    enhanced: ['5.7.9'], text: /(not accepted for policy reasons)/i,
    meaning: 'Yahoo refused the message by policy, most often a DMARC failure under the From domain\'s reject policy, or content.',
    fix: 'Check SPF, DKIM and DMARC alignment for the From domain; review the content.',
    source: SRC,
  },
  {
    id: 'yahoo.unresolvable-from', provider: P, title: 'Yahoo: sender domain does not resolve',
    text: /(unresolvable rfc\.?5321 from domain)/i,
    meaning: 'The MAIL FROM domain does not resolve (no SOA/A/MX), which Yahoo treats as a temporary failure.',
    fix: 'Make the envelope sender domain resolve: publish its records (subdomains used as return-paths need them too).',
    source: SRC,
  },
  {
    id: 'yahoo.no-account', provider: P, title: 'Yahoo: no such account',
    text: /(user doesn't have a (?:yahoo|aol|ymail)[.a-z]* account)/i, implies: '5.1.1',
    meaning: 'There is no Yahoo/AOL mailbox with this address.',
    fix: 'Check the address; remove it from your list.',
    source: SISIMAI,
  },
];
