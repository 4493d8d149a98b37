/**
 * Gmail / Google Workspace reply wordings (Google's "SMTP errors and codes"
 * page, support.google.com/a/answer/3726730; field notes §4.4). Google's
 * replies end with "- gsmtp", which is the marker used to tell them apart.
 * Note Google's own use of enhanced codes differs from the IANA registry in
 * places (x.7.27 for SPF, x.7.30 for DKIM, x.7.40 for DMARC, x.7.32 for
 * alignment), so these readings take precedence over the registry's.
 */
import type { ProviderRule } from './rule';

const SRC = 'https://support.google.com/a/answer/3726730 (Gmail SMTP errors and codes)';
const SENDERS = 'https://support.google.com/a/answer/81126 (Gmail email sender guidelines)';
/** Gmail and Workspace replies name Google or end with "gsmtp". */
const G = /\bgsmtp\b|\bgmail\b|\bgoogle\b/i;
const P = 'Gmail';

export const GOOGLE_RULES: readonly ProviderRule[] = [
  {
    id: 'gmail.4.7.26.dns', provider: P, title: 'Gmail: DNS failure during authentication',
    enhanced: ['4.7.26'], text: /(temporary dns failure)/i,
    meaning: 'Gmail could not finish SPF/DKIM/DMARC because your domain\'s DNS failed temporarily.',
    fix: 'Check that the domain\'s authoritative name servers answer reliably (SPF, DKIM and DMARC records); Gmail will accept a retry once they do.',
    source: SRC,
  },  {
    id: 'gmail.x.7.26.dmarc', provider: P, title: 'Gmail: refused by the From domain\'s DMARC policy',
    enhanced: ['5.7.26'], text: /(dmarc) policy/i, also: G,
    meaning: 'The message failed DMARC and the From domain publishes p=reject (or quarantine), so Gmail refused it: neither SPF nor DKIM passed for a domain aligned with the From address.',
    fix: 'Make SPF or DKIM pass for the From domain itself: sign with d= the From domain, or use a MAIL FROM (return-path) domain under it that SPF allows. A forwarder in between breaks SPF; DKIM survives it.',
    source: SRC,
  },
  {
    id: 'gmail.x.7.26.spf-hardfail', provider: P, title: 'Gmail: SPF hard fail (-all)',
    enhanced: ['5.7.26'], text: /(hard fail) policy/i, also: G,
    meaning: 'The envelope sender\'s domain says "-all" in SPF and this sending IP is not in the record, so Gmail refused the message.',
    fix: 'Add the sending service or IP to the SPF record of the MAIL FROM domain (and keep it under 10 DNS lookups).',
    source: SRC,
  },
  {
    id: 'gmail.x.7.26.unauthenticated', provider: P, title: 'Gmail: sender not authenticated',
    enhanced: ['5.7.26', '4.7.26'], text: /(authenticate with either spf or dkim|unauthenticated|did not pass|does not pass)/i, also: G,
    meaning: 'Gmail requires every sender to pass SPF or DKIM (and bulk senders both plus DMARC). This message passed neither.',
    fix: 'Publish SPF for the envelope sender domain that includes the sending IP, sign with DKIM for the From domain, and publish DMARC. Test by sending to a Gmail account and reading Authentication-Results.',
    source: SENDERS,
  },

  {
    id: 'gmail.auth-checks', provider: P, title: 'Gmail: no authentication, or it failed',
    text: /(does not have authentication information|fails to pass authentication checks)/i, also: G,
    meaning: 'Gmail\'s older wording for an unauthenticated message: it carried no passing SPF or DKIM result.',
    fix: 'Publish SPF for the envelope sender domain including the sending IP and sign with DKIM for the From domain.',
    source: SENDERS,
  },
  {
    id: 'gmail.x.7.24.spf-suspicious', provider: P, title: 'Gmail: suspicious SPF record',
    enhanced: ['4.7.24', '5.7.24'], text: /(suspicious entries)/i,
    meaning: 'Gmail found entries in the sending domain\'s SPF record it considers unsafe (typically +all or very wide IP ranges) and rate limits or refuses the mail. Google does not say which entries.',
    fix: 'Audit the SPF record: remove +all/?all, over-wide ip4/ip6 ranges and includes for services no longer used; keep one record under 10 lookups.',
    source: 'sisimai lib/sisimai/rhost/google (Gmail 4.7.24 / 5.7.24 wording)',
  },
  {
    id: 'gmail.x.7.27.spf', provider: P, title: 'Gmail: SPF did not pass',
    enhanced: ['4.7.27', '5.7.27'], text: /(spf)/i, also: G,
    meaning: 'Under Gmail\'s sender requirements SPF must pass for the sending IP; it did not. (Gmail uses x.7.27 here; the IANA registry reads x.7.27 as a null-MX sender.)',
    fix: 'Add the sending IP or service to the envelope sender domain\'s SPF record.',
    source: SRC,
  },
  {
    id: 'gmail.x.7.30.dkim', provider: P, title: 'Gmail: DKIM did not pass',
    enhanced: ['4.7.30', '5.7.30'], text: /(dkim)/i, also: G,
    meaning: 'Under Gmail\'s sender requirements the message needs a passing DKIM signature; it had none. (The IANA registry reads x.7.30 as REQUIRETLS; Gmail uses it for DKIM.)',
    fix: 'Sign outgoing mail with DKIM (2048-bit key) and publish the selector\'s key record.',
    source: SRC,
  },
  {
    id: 'gmail.x.7.40.dmarc-missing', provider: P, title: 'Gmail: no DMARC record',
    enhanced: ['4.7.40', '5.7.40'], text: /(dmarc)/i, also: G,
    meaning: 'Bulk senders must publish a DMARC record for the From domain; none was found.',
    fix: 'Publish a DMARC record at _dmarc.<From domain>, at least "v=DMARC1; p=none; rua=mailto:…".',
    source: SENDERS,
  },
  {
    id: 'gmail.x.7.32.alignment', provider: P, title: 'Gmail: From domain not aligned',
    enhanced: ['4.7.32', '5.7.32'], also: G,
    meaning: 'The From domain is not aligned with the SPF or DKIM domain, as Gmail\'s bulk-sender rules require. Gmail sends this with class 4 and 5 alike.',
    fix: 'Sign DKIM with d= the From domain, or use a return-path under the From domain that passes SPF.',
    source: SRC,
  },
  {
    id: 'gmail.x.7.29.tls', provider: P, title: 'Gmail: message not sent over TLS',
    enhanced: ['4.7.29', '5.7.29'], text: /(tls)/i, also: G,
    meaning: 'Bulk senders must use TLS to Gmail; this connection was not encrypted.',
    fix: 'Enable STARTTLS on the sending server (opportunistic TLS to Gmail\'s MX).',
    source: SRC,
  },
  {
    id: 'gmail.x.7.28.rate', provider: P, title: 'Gmail: rate limited for unusual volume',
    text: /(unusual rate of[^.]*?(?:unsolicited )?(?:mail|email))/i, codes: [421, 450, 451], also: G,
    meaning: 'Gmail sees an unusual rate of (often unwanted) mail from this IP, netblock, DKIM domain or SPF domain, and slows it down. Temporary, but reputation-driven.',
    fix: 'Lower the sending rate and retry with backoff; check complaint rates and reputation in Google Postmaster Tools; stop sending to old or unengaged lists.',
    source: SRC, implies: '4.7.28',
  },
  {
    id: 'gmail.5.7.28.blocked', provider: P, title: 'Gmail: blocked for unsolicited volume',
    enhanced: ['5.7.28'], text: /(unusual rate of[^.]*?(?:mail|email))/i,
    meaning: 'Gmail refuses mail from this source for an unusual rate of unwanted mail.',
    fix: 'Stop, fix list hygiene and complaint rates, then ramp up slowly; check Google Postmaster Tools.',
    source: SRC,
  },
  {
    id: 'gmail.ipv6', provider: P, title: 'Gmail: IPv6 sending guidelines not met',
    text: /(ipv6 sending guidelines)/i,
    meaning: 'Over IPv6 Gmail insists on a PTR record and SPF or DKIM authentication; this sender lacks one of them.',
    fix: 'Give the IPv6 address a forward-confirmed PTR and authenticate with SPF/DKIM, or send over IPv4.',
    source: SRC,
  },  {
    id: 'gmail.ptr', provider: P, title: 'Gmail: missing or mismatched PTR record',
    text: /(ptr record)/i, also: G,
    meaning: 'The sending IP has no reverse DNS (PTR), or the PTR name does not resolve back to the same IP (FCrDNS).',
    fix: 'Ask the owner of the IP (ISP or hosting provider) to set a PTR to a host name whose A/AAAA record points back to the IP.',
    source: SRC,
  },

  {
    id: 'gmail.low-reputation', provider: P, title: 'Gmail: low reputation',
    text: /(very low reputation)/i,
    meaning: 'Gmail refuses the message because the sending IP or domain has a very poor reputation.',
    fix: 'Check Google Postmaster Tools; reduce complaints, stop sending to unengaged addresses, authenticate with SPF, DKIM and DMARC, then ramp up slowly.',
    source: SRC,
  },
  {
    id: 'gmail.not-authorized-direct', provider: P, title: 'Gmail: IP not allowed to send directly',
    text: /(not authorized to send (?:e-?mail )?directly)/i,
    meaning: 'The IP looks like a dynamic or residential address, which Gmail does not take mail from directly.',
    fix: 'Send through your provider\'s or ISP\'s mail relay (submission on 587 with authentication) instead of straight to MX.',
    source: SRC,
  },
  {
    id: 'gmail.suspicious-content', provider: P, title: 'Gmail: content looks suspicious',
    text: /(suspicious due to the nature of the content|likely (?:unsolicited|suspicious))/i,
    meaning: 'Gmail\'s filters judged the content or links suspicious or unsolicited.',
    fix: 'Review links (shorteners, domains with poor reputation), attachments and wording; authenticate the mail; check whether a link domain is blocklisted.',
    source: SRC,
  },
  {
    id: 'gmail.5.7.8.credentials', provider: P, title: 'Gmail: user name and password not accepted',
    text: /(username and password not accepted)/i, implies: '5.7.8',
    meaning: 'Google did not accept the credentials. With two-step verification, the account password never works for SMTP.',
    fix: 'Use an app password (with 2-step verification on) or OAuth 2.0 (XOAUTH2); check the user name is the full address.',
    source: SRC,
  },
  {
    id: 'gmail.5.7.9.app-password', provider: P, title: 'Gmail: application-specific password required',
    text: /(application-specific password required)/i, implies: '5.7.9',
    meaning: 'The account has 2-step verification: SMTP needs an app password or OAuth, not the account password.',
    fix: 'Create an app password in the Google account\'s security settings, or use OAuth 2.0 (XOAUTH2).',
    source: SRC,
  },
  {
    id: 'gmail.5.7.14.web-login', provider: P, title: 'Gmail: sign-in through a browser required',
    text: /(log in (?:via|through) your web browser)/i,
    meaning: 'Google blocked the sign-in as unusual and wants the user to confirm it in a browser first.',
    fix: 'Sign in to the account in a browser and confirm the activity, then use an app password or OAuth for SMTP.',
    source: SRC,
  },
  {
    id: 'gmail.5.1.1.no-account', provider: P, title: 'Gmail: no such account',
    text: /(account that you tried to reach does not exist)/i, implies: '5.1.1',
    meaning: 'There is no Gmail/Workspace mailbox with this address.',
    fix: 'Check the address for typos; remove it from your list if it is right.',
    source: SRC,
  },
  {
    id: 'gmail.x.2.2.over-quota', provider: P, title: 'Gmail: recipient over quota',
    text: /(out of storage space|is over quota|over (?:its|their) quota)/i, also: G,
    meaning: 'The recipient\'s Google storage is full.',
    fix: 'Nothing to change on the sending side: retry later or reach the recipient another way.',
    source: SRC,
  },
  {
    id: 'gmail.5.3.4.size', provider: P, title: 'Gmail: message too large',
    text: /(exceeded google's message size limits?)/i, implies: '5.3.4',
    meaning: 'The message is larger than Gmail accepts (25 MB after encoding, which grows attachments by about a third).',
    fix: 'Send large files as links (Drive or another share) instead of attachments.',
    source: SRC,
  },
  {
    id: 'gmail.523.pipelining-after-starttls', provider: P, title: 'Gmail: commands pipelined after STARTTLS',
    text: /(no commands allowed to pipeline after starttls)/i,
    meaning: 'The client sent more commands in the same packet as STARTTLS; they must wait for the TLS handshake.',
    fix: 'Wait for the 220 reply to STARTTLS and finish the TLS handshake before sending EHLO again (a client bug).',
    source: SRC,
  },
  {
    id: 'gmail.4.7.0.try-again', provider: P, title: 'Gmail: temporarily refused, try again later',
    codes: [421, 450, 451], enhanced: ['4.7.0'], text: /(try again later)/i, also: G,
    meaning: 'Gmail temporarily refuses this connection or message, usually because of the sender\'s reputation or an unusual pattern.',
    fix: 'Retry with backoff; check Google Postmaster Tools, authentication and complaint rates.',
    source: SRC,
  },
  {
    id: 'gmail.5.7.1.policy', provider: P, title: 'Gmail: refused by policy',
    enhanced: ['5.7.1'], also: G,
    meaning: 'Gmail refused the message by policy: the reply text names the reason (authentication, reputation, content, a blocked sender or an administrator rule).',
    fix: 'Read the sentence before "gsmtp"; fix authentication (SPF, DKIM, DMARC) and reputation, or ask the Workspace admin whether a rule blocks you.',
    source: SRC,
  },
];
