/**
 * The explainer against real reply texts. Texts are from the field notes'
 * catalogue (shared/notes/smtp-field-notes.md §4.4: Google's and Yahoo's
 * published tables, Microsoft's NDR pages, Sisimai's rhost tables, Postfix's
 * test reference, smtp-server 3.21.6), with IPs and domains replaced by
 * documentation values.
 */
import { describe, expect, it } from 'vitest';
import { explainReply, explainReplyText } from '../../../../shared/smtp/explain-reply';
import { PROVIDER_RULES } from '../../../../shared/smtp/providers/index';

const titleOf = (id: string): string => {
  const rule = PROVIDER_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule.title;
};

/** [wire text, expected rule id, expected marker (substring)] */
const SAMPLES: [string, string, string][] = [
  ['550-5.7.26 This mail has been blocked because the sender is unauthenticated.\n550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM.\n550-5.7.26\n550-5.7.26  Authentication results:\n550-5.7.26  DKIM = did not pass\n550-5.7.26  SPF [example.com] with ip: [192.0.2.1] = did not pass\n550 5.7.26 https://support.google.com/mail/answer/81126 a1si1 - gsmtp', 'gmail.x.7.26.unauthenticated', 'unauthenticated'],
  ["550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's\n550-5.7.26 DMARC policy. Please contact the administrator of example.com domain\n550 5.7.26 if this was a legitimate mail. - gsmtp", 'gmail.x.7.26.dmarc', 'DMARC'],
  ['550-5.7.26 The MAIL FROM domain [example.com] has an SPF record with a hard fail\n550 5.7.26 policy (-all) but it fails to pass SPF checks with the ip: [192.0.2.1]. - gsmtp', 'gmail.x.7.26.spf-hardfail', 'hard fail'],
  ['451-4.7.26 Unauthenticated email from example.com is not accepted due to domain\'s DMARC policy, but temporary DNS failures prevent authentication. - gsmtp', 'gmail.4.7.26.dns', 'temporary DNS failure'],
  ['421-4.7.28 Gmail has detected an unusual rate of unsolicited mail originating\n421-4.7.28 from your IP address. To protect our users from spam, mail sent from your IP\n421 4.7.28 address has been temporarily rate limited. - gsmtp', 'gmail.x.7.28.rate', 'unusual rate of'],
  ['550-5.7.28 There is an unusual rate of unsolicited email originating from your IP address. - gsmtp', 'gmail.5.7.28.blocked', 'unusual rate of'],
  ['550-5.7.25 The IP address sending this message does not have a PTR record setup, or the\n550 5.7.25 corresponding forward DNS entry does not point to the sending IP. - gsmtp', 'gmail.ptr', 'PTR record'],
  ['550-5.7.1 This message does not meet IPv6 sending guidelines regarding PTR records and authentication. - gsmtp', 'gmail.ipv6', 'IPv6 sending guidelines'],
  ['550-5.7.1 Our system has detected that this message is likely suspicious due to the very low reputation of the sending IP address. - gsmtp', 'gmail.low-reputation', 'very low reputation'],
  ["550-5.7.1 The IP you're using to send email is not authorized to send email directly to our servers. - gsmtp", 'gmail.not-authorized-direct', 'not authorized to send email directly'],
  ['421-4.7.0 This message is suspicious due to the nature of the content or the links within. - gsmtp', 'gmail.suspicious-content', 'suspicious due to the nature of the content'],
  ['550 5.7.1 Some other policy reason the admin set - gsmtp', 'gmail.5.7.1.policy', '5.7.1'],
  ['421 4.7.0 Try again later, closing connection. (EHLO) a1si1 - gsmtp', 'gmail.4.7.0.try-again', 'Try again later'],
  ['535-5.7.8 Username and Password not accepted. Learn more at\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials a1si1 - gsmtp', 'gmail.5.7.8.credentials', 'Username and Password not accepted'],
  ['534-5.7.9 Application-specific password required. - gsmtp', 'gmail.5.7.9.app-password', 'Application-specific password required'],
  ['534-5.7.14 <https://accounts.google.com/signin/continue?x> Please log in via your web browser and then try again. - gsmtp', 'gmail.5.7.14.web-login', 'log in via your web browser'],
  ['550-5.1.1 The email account that you tried to reach does not exist. Please try\n550 5.1.1 double-checking the recipient\'s email address for typos. - gsmtp', 'gmail.5.1.1.no-account', 'does not exist'],
  ['452-4.2.2 The recipient\'s inbox is out of storage space. Please direct the\n452 4.2.2 recipient to https://support.google.com/mail/?p=OverQuotaTemp - gsmtp', 'gmail.x.2.2.over-quota', 'out of storage space'],
  ["552-5.3.4 Your message exceeded Google's message size limits. - gsmtp", 'gmail.5.3.4.size', "exceeded Google's message size limit"],
  ['421-4.7.27 Your email has been rate limited because SPF authentication didn\'t pass for this message. - gsmtp', 'gmail.x.7.27.spf', 'SPF'],
  ['550 5.7.30 Your email has been blocked because DKIM authentication didn\'t pass for this message. - gsmtp', 'gmail.x.7.30.dkim', 'DKIM'],
  ['550 5.7.40 Your email has been blocked because the sender\'s domain does not have a DMARC record. - gsmtp', 'gmail.x.7.40.dmarc-missing', 'DMARC'],
  ['421 5.7.32 Your email has been rate limited because the From: header (RFC5322) in this message isn\'t aligned with either the authenticated SPF or DKIM organizational domain. - gsmtp', 'gmail.x.7.32.alignment', '5.7.32'],
  ['523 5.7.10 Error: no commands allowed to pipeline after STARTTLS - gsmtp', 'gmail.523.pipelining-after-starttls', 'no commands allowed to pipeline'],
  ['550 5.7.606 Access denied, banned sending IP [192.0.2.1]. To request removal from this list please visit https://sender.office.com/ and follow the directions.', 'ms.5.7.606-649.banned-ip', '5.7.606'],
  ['550 5.7.649 Access denied, banned sending IP [192.0.2.1].', 'ms.5.7.606-649.banned-ip', '5.7.649'],
  ['550 5.7.511 Access denied, banned sender[192.0.2.1]. To request removal from this list, forward this message to delist@microsoft.com.', 'ms.5.7.511.banned-sender', '5.7.511'],
  ['550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.', 'ms.5.7.708.ip-not-accepted', '5.7.708'],
  ['550 5.7.705 Access denied, tenant has exceeded threshold.', 'ms.5.7.700-749.tenant-threshold', '5.7.705'],
  ['550 5.7.509 Access denied, sending domain example.com does not pass DMARC verification and has a DMARC policy of reject.', 'ms.5.7.509.dmarc', '5.7.509'],
  ['550 5.7.515 Access denied, sending domain example.com does not meet the required authentication level.', 'ms.5.7.515.auth-level', '5.7.515'],
  ['451 4.7.500 Server busy. Please try again later from [192.0.2.1]. (S77719) [BN1NAM02FT000.eop-nam02.prod.protection.outlook.com]', 'ms.4.7.500-649.throttled', '4.7.500'],
  ['451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://postmaster.live.com (S775)', 'ms.4.7.650-699.rate-limited', '4.7.650'],
  ["550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.", 'outlook.s3150.blocklist', 'S3150'],
  ["550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider. (S3140)", 'outlook.s3150.blocklist', 'S3140'],
  ['421 RP-001 (BAY004-MC1F1) Unfortunately, some messages from 192.0.2.1 weren\'t sent. Please try again.', 'outlook.rp-00x.rate', 'RP-001'],
  ['550 SC-001 (BAY004-MC1F1) Unfortunately, messages from 192.0.2.1 weren\'t sent. Please contact your Internet service provider since part of their network is on our block list.', 'outlook.sc-001.policy', 'SC-001'],
  ['550 DY-001 (SNT004-MC1F1) Unfortunately, messages from 192.0.2.1 weren\'t sent.', 'outlook.dy-001.dynamic', 'DY-001'],
  ['550 OU-001 (SNT004-MC1F1) Unfortunately, messages from 192.0.2.1 weren\'t sent.', 'outlook.ou-001.spamhaus', 'OU-001'],
  ['550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [DM6NAM12FT000.eop-nam12.prod.protection.outlook.com]', 'ms.5.4.1.dbeb', 'Recipient address rejected: Access denied'],
  ['530 5.7.57 Client not authenticated to send mail. [MW4PR03CA0000.namprd03.prod.outlook.com]', 'ms.5.7.57.anonymous', '5.7.57'],
  ['535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.', 'ms.5.7.139.smtp-auth-disabled', '5.7.139'],
  ['535 5.7.3 Authentication unsuccessful [BN6PR11CA0000.namprd11.prod.outlook.com]', 'ms.5.7.3.auth-unsuccessful', 'Authentication unsuccessful'],
  ['550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup', 'ms.5.1.10.not-found', 'RecipientNotFound'],
  ['550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302). [AM5EUR03FT000.eop-EUR03.prod.protection.outlook.com]', 'outlook.5.5.0.mailbox-unavailable', 'mailbox unavailable'],
  ['421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes', 'yahoo.tss04.deferred', 'TSS04'],
  ['553 5.7.2 [TSS09] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes', 'yahoo.tss09.permanent', 'TSS09'],
  ['421 4.7.1 [TS01] Messages from 192.0.2.1 temporarily deferred due to user complaints - 4.16.55.1', 'yahoo.ts01.complaints', 'TS01'],
  ['554 Message not allowed - [PH01] Email not accepted for policy reasons. Please visit https://postmaster.yahooinc.com/error-codes', 'yahoo.ph01.policy', 'PH01'],
  ["553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.1, because the ip is in Spamhaus's list; see https://postmaster.yahooinc.com/error-codes", 'yahoo.bl21.spamhaus', 'BL21'],
  ["553 5.7.1 [BL23] Connections not accepted from IP addresses on Spamhaus XBL; see https://postmaster.yahooinc.com/error-codes", 'yahoo.bl21.spamhaus', 'BL23'],
  ['554 5.7.9 Message not accepted for policy reasons.  See https://postmaster.yahooinc.com/error-codes', 'yahoo.5.7.9.policy', 'not accepted for policy reasons'],
  ['550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM.', 'yahoo.auth-required', 'requires all senders to authenticate'],
  ['451 Message temporarily deferred due to unresolvable RFC.5321 from domain; see https://postmaster.yahooinc.com/error-codes', 'yahoo.unresolvable-from', 'unresolvable RFC.5321 from domain'],
  ["554 delivery error: dd This user doesn't have a yahoo.com account (someone@yahoo.com) [0] - mta1000.mail.bf1.yahoo.com", 'yahoo.no-account', "doesn't have a yahoo.com account"],
  ['554 5.7.1 Service unavailable; Client host [192.0.2.2] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.2', 'spamhaus.zen', 'zen.spamhaus.org'],
  ['554 5.7.1 Service unavailable; Client host [192.0.2.2] blocked using zen.spamhaus.org; https://www.spamhaus.org/pbl/query/PBL1234', 'spamhaus.pbl', 'spamhaus.org/pbl'],
  ['554 Service unavailable; Client host [192.0.2.2] blocked using b.barracudacentral.org', 'barracuda.brbl', 'b.barracudacentral.org'],
  ['554 5.7.1 Service unavailable; Client host [192.0.2.2] blocked using bl.spamcop.net; Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.2', 'spamcop.bl', 'bl.spamcop.net'],
  ['554 5.7.1 Service unavailable; Client host [192.0.2.2] blocked using psbl.surriel.com', 'dnsbl.generic', 'psbl.surriel.com'],
  ['554 5.7.1 <x@example.org>: Relay access denied', 'postfix.relay-denied', 'Relay access denied'],
  ['550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in virtual mailbox table', 'postfix.user-unknown', 'User unknown in virtual mailbox table'],
  ['450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.9]', 'postfix.no-ptr', 'cannot find your hostname'],
  ['504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname', 'postfix.helo-fqdn', 'need fully-qualified hostname'],
  ['450 4.1.8 <a@nx.example>: Sender address rejected: Domain not found', 'postfix.sender-domain-not-found', 'Domain not found'],
  ['450 4.2.0 <a@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html', 'any.greylisted', 'Greylisted'],
  ['530 5.7.0 Must issue a STARTTLS command first', 'any.starttls-required', 'Must issue a STARTTLS command first'],
  ['538 Error: Must issue a STARTTLS command first', 'any.starttls-required', 'Must issue a STARTTLS command first'],
  ['454 4.7.0 TLS not available due to local problem', 'any.tls-not-available', 'TLS not available'],
  ['530 Error: authentication Required', 'smtp-server.auth-required', 'authentication Required'],
  ['421 mx.example.org Too many connected clients, try again in a moment', 'any.too-many-connections', 'Too many connected clients'],
  ['552 5.3.4 Message size exceeds fixed limit', 'any.message-too-big', 'Message size exceeds'],
  ['452 4.2.2 Mailbox full', 'any.mailbox-full', 'Mailbox full'],
  ['451-4.7.24 The SPF record of the sending domain has one or more suspicious entries. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. - gsmtp', 'gmail.x.7.24.spf-suspicious', 'suspicious entries'],
  ['421-4.7.0 This message does not have authentication information or fails to pass authentication checks. To best protect our users from spam, the message has been blocked. Please visit https://support.google.com/mail/answer/81126#authentication for more information. - gsmtp', 'gmail.auth-checks', 'does not have authentication information'],
  ['550 5.7.1 Service unavailable; Client host [192.0.2.2] blocked using xbl.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.2', 'spamhaus.xbl', 'xbl.spamhaus.org'],
  ['554 5.7.1 Service unavailable; Sender address [a@bad.example] blocked using dbl.spamhaus.org; https://www.spamhaus.org/query/domain/bad.example', 'spamhaus.dbl', 'dbl.spamhaus.org'],
  ['550 5.7.1 Service unavailable; Client host [192.0.2.2] blocked using dnsbl-1.uceprotect.net; IP 192.0.2.2 is UCEPROTECT-Level 1 listed.', 'uceprotect', 'dnsbl-1.uceprotect.net'],
  ['554 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.2', 'proofpoint', 'ipcheck.proofpoint.com'],
  ['550 Rejected by header based Anti-Spoofing policy - https://community.mimecast.com/docs/DOC-1369#550', 'mimecast', 'mimecast'],
  ['550 SC-002 (BAY004-MC1F1) Mail rejected by Outlook.com for policy reasons.', 'outlook.sc-002.namespace-mining', 'SC-002'],
  ['550 SC-003 (BAY004-MC1F1) Mail rejected by Outlook.com for policy reasons.', 'outlook.sc-003.open-relay', 'SC-003'],
  ['550 SC-004 (BAY004-MC1F1) Mail rejected by Outlook.com for policy reasons.', 'outlook.sc-004.complaints', 'SC-004'],
  ['550 DY-002 (COL004-MC1F1) Unfortunately, messages from 192.0.2.1 weren\'t sent.', 'outlook.dy-002.compromised', 'DY-002'],
  ['550 OU-002 (COL004-MC1F1) Mail rejected by Outlook.com for policy reasons.', 'outlook.ou-002.reputation', 'OU-002'],
  ['550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains.', 'ms.5.7.750.unregistered-domain', '5.7.750'],
  ['550 5.7.512 Access denied, message must be RFC 5322 section 3.6.2 compliant and include a From address.', 'ms.5.7.512.rfc5322', '5.7.512'],
  ['450 4.7.26 Service unavailable, message sent over IPv6 [2001:db8::1] must pass either SPF or DKIM validation.', 'ms.4.7.26.ipv6', 'IPv6'],
  ['550 5.7.60 SMTP; Client does not have permissions to send as this sender.', 'ms.send-as', 'does not have permissions to send as this sender'],
  ['550 5.7.64 TenantAttribution; Relay Access Denied', 'ms.5.7.64.relay', '5.7.64'],
  ['554 5.7.9 [TS03] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed.', 'yahoo.ts03.permanent', 'TS03'],
  ['421 4.7.29 Your email has been rate limited because this message wasn\'t sent over a TLS connection. - gsmtp', 'gmail.x.7.29.tls', 'TLS'],
  ['550 5.7.23 Message rejected due to: SPF fail - not authorized.', 'any.spf-fail', 'SPF fail'],
  ['550 5.7.1 Email rejected per DMARC policy for example.com', 'any.dmarc', 'DMARC'],
  ['550 5.7.1 Message rejected as spam by Content Filtering.', 'any.spam', 'rejected as spam'],
  ['553 5.7.1 <a@other.example>: Sender address rejected: not owned by user someone@example.org', 'postfix.sender-login-mismatch', 'not owned by user'],
];

describe('provider wordings map to the right reading', () => {
  it.each(SAMPLES)('%s', (wire, id, marker) => {
    const e = explainReplyText(wire);
    expect(e, wire).not.toBeNull();
    expect(e!.title).toBe(titleOf(id));
    expect(e!.provider?.marker.toLowerCase()).toContain(marker.toLowerCase());
    expect(e!.category === 'transient' || e!.category === 'permanent').toBe(true);
    expect(e!.fix).toBeTruthy();
  });
});

describe('provider table', () => {
  it('has a real-text sample for every rule (each rule is reachable in table order)', () => {
    const covered = new Set(SAMPLES.map(([, id]) => id));
    expect(PROVIDER_RULES.filter((r) => !covered.has(r.id)).map((r) => r.id)).toEqual([]);
  });
});

describe('basic and enhanced codes', () => {
  it('reads 550 5.1.1 without a provider as user unknown', () => {
    const e = explainReply(550, '5.1.1 <x@example.org> rejected');
    expect(e).toMatchObject({ code: 550, enhanced: '5.1.1', category: 'permanent', title: 'Bad destination mailbox address', provider: null });
    expect(e.fix).toMatch(/typos/);
  });

  it('infers RFC 4954 enhanced codes and says so', () => {
    const e = explainReply(535, 'Error: Authentication credentials invalid', { stage: 'auth' });
    expect(e.enhanced).toBe('5.7.8');
    expect(e.enhancedInferred).toBe(true);
    expect(e.meaning).toMatch(/not sent by the server/);
    expect(explainReply(534, 'weak').enhanced).toBe('5.7.9');
    expect(explainReply(538, 'x').enhanced).toBe('5.7.11');
    expect(explainReply(250, 'OK').enhancedInferred).toBeUndefined();
  });

  it('reads the same code by stage', () => {
    expect(explainReply(250, 'OK: queued as ABC', { stage: 'after-data' }).title).toBe('Message accepted');
    expect(explainReply(554, 'go away', { stage: 'connect' }).title).toBe('No SMTP service here');
    expect(explainReply(220, '2.0.0 Ready to start TLS', { stage: 'starttls' }).title).toBe('Ready to start TLS');
    expect(explainReply(421, 'closing', { stage: 'connect' }).title).toMatch(/greeting/);
    expect(explainReply(501, 'bad', { stage: 'ehlo' }).enhanced).toBe('5.5.4');
    // The EHLO stage also answers HELO (smtp-source, old clients): its 250 must not claim an EHLO or an extension list.
    expect(explainReply(250, 'vm Nice to meet you', { stage: 'ehlo' })).toMatchObject({ title: 'Greeting accepted', meaning: expect.stringMatching(/EHLO or HELO; after EHLO/) });
  });

  it('keeps success titles when the enhanced code is a success code', () => {
    const e = explainReply(250, '2.6.0 <abc@example.org> [InternalId=1] Queued mail for delivery', { stage: 'after-data' });
    expect(e).toMatchObject({ title: 'Message accepted', enhanced: '2.6.0', category: 'success', fix: null });
    expect(e.meaning).toMatch(/2\.6\.0: success, about message content or media status/);
    expect(explainReply(235, '2.7.0 Authentication successful').title).toBe('Authentication succeeded');
  });

  it('gives 2xx/3xx no fix and 4xx/5xx always one', () => {
    expect(explainReply(250, 'OK').fix).toBeNull();
    expect(explainReply(354, 'End data with <CR><LF>.<CR><LF>').category).toBe('intermediate');
    expect(explainReply(354, 'go').fix).toBeNull();
    for (const code of [421, 450, 451, 452, 454, 455, 500, 501, 502, 503, 504, 521, 530, 534, 535, 538, 550, 551, 552, 553, 554, 555, 556]) {
      const e = explainReply(code, 'x');
      expect(e.fix, String(code)).toBeTruthy();
      expect(e.category, String(code)).toBe(code < 500 ? 'transient' : 'permanent');
    }
  });

  it('degrades by class for unknown basic and enhanced codes', () => {
    const a = explainReply(599, 'something odd');
    expect(a).toMatchObject({ code: 599, category: 'permanent', title: 'Permanent failure' });
    expect(a.meaning).toMatch(/not a standard reply code/);
    const b = explainReply(451, '4.7.999 custom throttle');
    expect(b.enhanced).toBe('4.7.999');
    expect(b.category).toBe('transient');
    expect(b.meaning).toMatch(/Security or policy status/);
    expect(b.meaning).toMatch(/not in the registry/);
    const c = explainReply(Number.NaN, 'no code at all');
    expect(c.code).toBeNull();
    expect(c.title).toBe('Unrecognised reply');
    expect(explainReplyText('hello')).toBeNull();
  });

  it('notes an enhanced class that differs from the reply code, and keeps the reply code\'s category', () => {
    const e = explainReplyText('421 5.7.32 not aligned, and not from Google at all');
    expect(e!.category).toBe('transient');
    expect(e!.meaning).toMatch(/differs from the reply code/);
  });

  it('does not match provider wordings on success replies', () => {
    expect(explainReplyText('250 2.0.0 OK spamhaus clean - gsmtp')!.provider).toBeNull();
  });

  it('reads a reply passed with its code both as argument and in the text', () => {
    const e = explainReply(550, '550 5.7.1 <x@example.org>: Relay access denied');
    expect(e.title).toBe('Relay access denied');
    expect(e.enhanced).toBe('5.7.1');
  });

  it('infers the enhanced code from a known wording when the reply has none', () => {
    const e = explainReply(550, 'Recipient address rejected: Access denied');
    expect(e.enhanced).toBe('5.4.1');
    expect(e.enhancedInferred).toBe(true);
  });
});
