/**
 * Microsoft 365 (Exchange Online Protection) and Outlook.com wordings.
 * Sources: Microsoft's Exchange Online NDR reference and delist-portal page,
 * Outlook.com's sender troubleshooting page, and Sisimai's
 * rhost/for-microsoft.go ranges (field notes §4.4). Enhanced-code ranges
 * (5.7.606–649, 4.7.500–699…) are Microsoft's own assignments.
 */
import type { ProviderRule } from './rule';

const NDR = 'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online';
const DELIST = 'https://learn.microsoft.com/en-us/defender-office-365/external-senders-use-the-delist-portal-to-unblock-themselves';
const OLC = 'https://sendersupport.olc.protection.outlook.com/pm/troubleshooting.aspx (Outlook.com sender troubleshooting)';
const SISIMAI = 'sisimai rhost/for-microsoft.go (field notes §4.4)';
const M = 'Microsoft 365';
const O = 'Outlook.com';
const MO = 'Microsoft 365 / Outlook.com';

export const MICROSOFT_RULES: readonly ProviderRule[] = [
  {
    id: 'ms.5.7.606-649.banned-ip', provider: M, title: 'Microsoft: sending IP banned',
    enhancedRange: { cls: 5, subject: 7, from: 606, to: 649 },
    meaning: 'The sending IP is on Microsoft\'s blocked senders list (Exchange Online Protection), usually for spam coming from it.',
    fix: 'Fix the cause (compromised account, open relay, bad list), then request delisting at the Microsoft delist portal (sender.office.com); it can take up to 24 hours.',
    source: DELIST,
  },
  {
    id: 'ms.5.7.511.banned-sender', provider: M, title: 'Microsoft: sender banned (needs investigation)',
    enhanced: ['5.7.511'],
    meaning: 'The sender or IP is banned in a way the self-service delist portal cannot clear.',
    fix: 'Write to Microsoft\'s delist support with the full NDR; the portal will not help for this code.',
    source: DELIST,
  },
  {
    id: 'ms.5.7.708.ip-not-accepted', provider: M, title: 'Microsoft: traffic not accepted from this IP',
    enhanced: ['5.7.708'],
    meaning: 'Microsoft stopped outbound mail from this Microsoft 365 tenant: most of its recent traffic was judged suspicious (often a compromised account, or a new tenant sending in bulk straight away).',
    fix: 'Check the tenant for compromised accounts and outbound spam, then open a support request with Microsoft to release it; new tenants should ramp up volume slowly.',
    source: NDR,
  },
  {
    id: 'ms.5.7.700-749.tenant-threshold', provider: M, title: 'Microsoft: tenant exceeded its sending threshold',
    enhancedRange: { cls: 5, subject: 7, from: 700, to: 749 },
    meaning: 'The Microsoft 365 tenant was blocked from sending: it exceeded its limits or sent suspicious volumes (often a compromised account).',
    fix: 'Check the tenant for compromised accounts and spam, then contact Microsoft support to lift the block.',
    source: NDR,
  },
  {
    id: 'ms.5.7.750.unregistered-domain', provider: M, title: 'Microsoft: sending from an unregistered domain',
    enhanced: ['5.7.750'],
    meaning: 'The tenant sent mail from domains it has not added and verified, and was blocked for it.',
    fix: 'Add and verify the sending domain in the Microsoft 365 admin center, or send from an accepted domain.',
    source: NDR,
  },
  {
    id: 'ms.5.7.509.dmarc', provider: M, title: 'Microsoft: refused by the sender\'s DMARC policy',
    enhanced: ['5.7.509'],
    meaning: 'The message failed DMARC and the From domain\'s policy is reject, so Microsoft refused it.',
    fix: 'Make SPF or DKIM pass for a domain aligned with the From address (sign with d= the From domain).',
    source: NDR,
  },
  {
    id: 'ms.5.7.515.auth-level', provider: O, title: 'Outlook.com: sender authentication level too low',
    enhanced: ['5.7.515'],
    meaning: 'High-volume senders to Outlook.com must pass SPF and DKIM and have DMARC aligned; this domain does not meet that.',
    fix: 'Publish SPF, sign with DKIM, and publish DMARC (at least p=none) with alignment for the From domain.',
    source: 'Microsoft "Strengthening email ecosystem" requirements (field notes §4.4)',
  },
  {
    id: 'ms.5.7.512.rfc5322', provider: M, title: 'Microsoft: message not RFC 5322 compliant',
    enhanced: ['5.7.512'],
    meaning: 'The message lacks a valid From header (RFC 5322 §3.6.2), which Microsoft requires.',
    fix: 'Give the message exactly one well-formed From header.',
    source: NDR,
  },
  {
    id: 'ms.4.7.26.ipv6', provider: M, title: 'Microsoft: IPv6 mail must be authenticated',
    enhanced: ['4.7.26', '5.7.26'], text: /(ipv6)/i,
    meaning: 'Mail sent to Microsoft over IPv6 must pass SPF or DKIM; this one passed neither.',
    fix: 'Authenticate with SPF and DKIM, or send over IPv4.',
    source: SISIMAI,
  },
  {
    id: 'ms.4.7.650-699.rate-limited', provider: O, title: 'Outlook.com: rate limited for IP reputation',
    enhancedRange: { cls: 4, subject: 7, from: 650, to: 699 },
    meaning: 'Outlook.com slows this IP down because of its reputation.',
    fix: 'Lower the rate and retry with backoff; join Microsoft SNDS and JMRP to see data and complaints; clean the list.',
    source: SISIMAI,
  },
  {
    id: 'ms.4.7.500-649.throttled', provider: MO, title: 'Microsoft: server busy / throttled',
    enhancedRange: { cls: 4, subject: 7, from: 500, to: 649 },
    meaning: 'Microsoft temporarily refuses this sender: its servers are busy or the sender is being throttled (often new IPs or sudden volume).',
    fix: 'Retry later with backoff and lower volume; a normal MTA retries on its own.',
    source: NDR,
  },
  {
    id: 'outlook.s3150.blocklist', provider: O, title: 'Outlook.com: IP or range on the block list',
    text: /\b(S3150|S3140)\b/,
    meaning: 'Part of the sender\'s network is on Outlook.com\'s block list (a consumer-side block, separate from Microsoft 365\'s).',
    fix: 'Submit the Outlook.com sender support form with the IP; fix the reputation issue (complaints, spam traps) first.',
    source: SISIMAI,
  },
  {
    id: 'outlook.rp-00x.rate', provider: O, title: 'Outlook.com: rate or connection limit',
    text: /\b(RP-00[123])\b/,
    meaning: 'Outlook.com limits the rate or number of connections from this IP for its reputation.',
    fix: 'Fewer parallel connections, lower rate, retry later; watch SNDS.',
    source: OLC,
  },
  {
    id: 'outlook.sc-001.policy', provider: O, title: 'Outlook.com: refused for policy or reputation',
    text: /\b(SC-001)\b/,
    meaning: 'Outlook.com refused mail from this IP for policy or reputation reasons.',
    fix: 'Improve reputation (complaints, list hygiene, authentication), then use the sender support form.',
    source: OLC,
  },
  {
    id: 'outlook.sc-002.namespace-mining', provider: O, title: 'Outlook.com: namespace mining suspected',
    text: /\b(SC-002)\b/,
    meaning: 'The IP sent to many addresses that do not exist, as if guessing addresses.',
    fix: 'Remove invalid addresses (bounce handling), use confirmed opt-in, then ask for review.',
    source: OLC,
  },
  {
    id: 'outlook.sc-003.open-relay', provider: O, title: 'Outlook.com: open proxy or relay suspected',
    text: /\b(SC-003)\b/,
    meaning: 'The IP appears to be an open proxy or open relay.',
    fix: 'Close the open relay/proxy (require authentication for relaying), then ask for review.',
    source: OLC,
  },
  {
    id: 'outlook.sc-004.complaints', provider: O, title: 'Outlook.com: too many complaints',
    text: /\b(SC-004)\b/,
    meaning: 'Recipients marked too much mail from this IP as junk.',
    fix: 'Join JMRP to see complaints, remove complainers and unengaged addresses.',
    source: OLC,
  },
  {
    id: 'outlook.dy-001.dynamic', provider: O, title: 'Outlook.com: dynamic IP',
    text: /\b(DY-001)\b/,
    meaning: 'The IP is in a dynamic or residential range; Outlook.com does not take mail directly from those.',
    fix: 'Send through your ISP\'s or provider\'s relay instead of directly.',
    source: OLC,
  },
  {
    id: 'outlook.dy-002.compromised', provider: O, title: 'Outlook.com: compromised host suspected',
    text: /\b(DY-002)\b/,
    meaning: 'Mail from this IP looks like it comes from a compromised machine.',
    fix: 'Check the sending host for malware or abused accounts, then ask for review.',
    source: OLC,
  },
  {
    id: 'outlook.ou-001.spamhaus', provider: O, title: 'Outlook.com: listed by Spamhaus',
    text: /\b(OU-001)\b/,
    meaning: 'Outlook.com refused the IP because Spamhaus lists it.',
    fix: 'Look the IP up at check.spamhaus.org and follow its removal steps.',
    source: OLC,
  },
  {
    id: 'outlook.ou-002.reputation', provider: O, title: 'Outlook.com: content or reputation',
    text: /\b(OU-002)\b/,
    meaning: 'Outlook.com refused the mail for content or reputation.',
    fix: 'Review content and complaint rates; use the sender support form.',
    source: OLC,
  },
  {
    id: 'ms.5.4.1.dbeb', provider: M, title: 'Microsoft 365: recipient rejected (directory-based edge blocking)',
    text: /(recipient address rejected: access denied)/i, implies: '5.4.1',
    meaning: 'The recipient does not exist in the Microsoft 365 tenant\'s directory (Directory-Based Edge Blocking refuses unknown addresses at the edge), or the domain is not set up in the tenant.',
    fix: 'Check the address. If it should exist, the recipient\'s admin must create it or fix the accepted-domain type (authoritative vs internal relay).',
    source: NDR,
  },
  {
    id: 'ms.5.1.10.not-found', provider: M, title: 'Microsoft 365: recipient not found',
    enhanced: ['5.1.10'], text: /(recipient ?not ?found|recipnotfound)/i,
    meaning: 'Exchange Online has no mailbox with this address. (Microsoft uses 5.1.10 here; the IANA registry reads it as a null MX.)',
    fix: 'Check the address for typos; remove it from your list if it is right.',
    source: NDR,
  },
  {
    id: 'ms.5.7.57.anonymous', provider: M, title: 'Microsoft 365: client not authenticated',
    enhanced: ['5.7.57'],
    meaning: 'The client tried to send through Microsoft 365\'s submission server (smtp.office365.com) without authenticating.',
    fix: 'Authenticate (SMTP AUTH or OAuth) before MAIL FROM, or send to the domain\'s MX endpoint (…mail.protection.outlook.com) on port 25 for inbound mail.',
    source: NDR,
  },
  {
    id: 'ms.5.7.139.smtp-auth-disabled', provider: M, title: 'Microsoft 365: SMTP AUTH disabled',
    enhanced: ['5.7.139'],
    meaning: 'Authentication was refused by tenant policy: SMTP client authentication or basic authentication is disabled, or security defaults lock the user.',
    fix: 'An admin enables Authenticated SMTP for the mailbox (or tenant), or use OAuth 2.0 (XOAUTH2); security defaults block basic SMTP AUTH.',
    source: 'observed Microsoft 365 replies (field notes §4.4)',
  },
  {
    id: 'ms.5.7.3.auth-unsuccessful', provider: M, title: 'Microsoft 365: authentication unsuccessful',
    codes: [535], enhanced: ['5.7.3'], text: /(authentication unsuccessful)/i,
    meaning: 'Microsoft 365 rejected the credentials (wrong password, MFA-protected account, or SMTP AUTH not allowed).',
    fix: 'Check the password; with MFA use OAuth or an app password; make sure Authenticated SMTP is enabled for the mailbox.',
    source: NDR,
  },
  {
    id: 'ms.send-as', provider: M, title: 'Microsoft 365: no permission to send as this sender',
    text: /(does not have permissions to send as this sender)/i,
    meaning: 'The authenticated account may not send with this From/MAIL FROM address.',
    fix: 'Send from the account\'s own address, or have an admin grant Send As permission.',
    source: NDR,
  },
  {
    id: 'ms.5.7.64.relay', provider: M, title: 'Microsoft 365: relay access denied (tenant attribution)',
    enhanced: ['5.7.64'],
    meaning: 'Microsoft could not attribute the relayed mail to a tenant connector, so it refused to relay it.',
    fix: 'Set up an inbound connector for the sending IP or certificate, or authenticate.',
    source: NDR,
  },
  {
    id: 'outlook.5.5.0.mailbox-unavailable', provider: O, title: 'Outlook.com: mailbox unavailable',
    enhanced: ['5.5.0'], text: /(requested action not taken: mailbox unavailable)/i,
    meaning: 'Outlook.com has no usable mailbox for this address (it does not exist or is disabled).',
    fix: 'Check the address; remove it from your list.',
    source: SISIMAI,
  },
];
