/**
 * Turns what an SMTP probe of one host saw into ProbeChecks: connection and
 * banner, capabilities, TLS, certificate, recipient test. Pure functions of
 * the session's facts, so each verdict is unit-testable without sockets.
 *
 * Severity follows how mail really flows: port 25 between MTAs uses TLS
 * opportunistically (a self-signed or mismatched certificate still encrypts,
 * and only MTA-STS/DANE senders refuse it), so certificate problems there are
 * warnings, except expiry; on submission ports (465, 587, 2525) clients verify
 * certificates and a bad one stops them, so it is a failure.
 */
import type { ProbeFact, ProbeStatus } from '../../../../shared/model/probe';
import type { TranscriptEntry } from '../../../../shared/model/session';
import type { ReplyExplanation } from '../../../../shared/model/smtp-reply';
import { explainConnectionError } from '../../../../shared/smtp/explain-connection';
import type { CheckResult } from '../check-types';
import type { EhloCapabilities } from '../../smtp-client/ehlo';
import { describeExtension } from '../../smtp-client/ehlo';
import type { SmtpClientError, SmtpReply } from '../../smtp-client/smtp-client';
import type { TlsFacts } from '../../smtp-client/tls-facts';

/** The host a set of checks is about. */
export interface ProbeTarget {
  /** Host name (or IP literal) as meant. */
  host: string;
  port: number;
  /** TLS from the first byte (465). */
  implicit: boolean;
  /** Priority when it came from MX; null for a host the user named. */
  priority: number | null;
}

/** The shared parts of every check of one host. */
export interface HostEvidence {
  target: ProbeTarget;
  dns: CheckResult['evidence']['dns'];
  transcript: TranscriptEntry[];
  timings: Record<string, number>;
}

/** Days left under which a valid certificate is flagged. */
export const EXPIRY_WARN_DAYS = 14;

const isSubmission = (port: number): boolean => port !== 25;
const subjectOf = (t: ProbeTarget): string => `${t.host}:${t.port}`;
const ms = (v: number | undefined): string => (v === undefined ? '—' : `${v} ms`);

function check(ev: HostEvidence, part: string, status: ProbeStatus, title: string, explanation: string, fix: string | null, facts: ProbeFact[] = []): CheckResult {
  return {
    id: `smtp.${subjectOf(ev.target)}.${part}`,
    group: 'smtp',
    subject: subjectOf(ev.target),
    status,
    title,
    explanation,
    fix,
    evidence: { dns: [...ev.dns], transcript: [...ev.transcript], facts },
  };
}

/** "TCP 1.2 ms · TLS 6 ms · banner 3 ms · EHLO 0.8 ms · STARTTLS 0.5 ms · EHLO #2 0.7 ms", in the order the steps ran. */
export function timingsText(timings: Record<string, number>): string {
  const label = (k: string): string => (k === 'tcp' ? 'TCP' : k === 'tls' ? 'TLS handshake' : k === 'greeting' ? 'banner' : k);
  return Object.entries(timings).map(([k, v]) => `${label(k)} ${v} ms`).join(' · ') || '—';
}

function explained(e: ReplyExplanation): string {
  const provider = e.provider ? ` ${e.provider.provider}: ${e.provider.meaning}` : '';
  return `${e.title}. ${e.meaning}${provider}`;
}

function fixOf(e: ReplyExplanation): string | null {
  return e.provider?.fix ?? e.fix;
}

/** Could not connect, no greeting, or TLS failed before the greeting (implicit TLS). */
export function connectFailedCheck(ev: HostEvidence, error: SmtpClientError, address: string | null): CheckResult {
  const e = error.explanation;
  const where = `${subjectOf(ev.target)}${address && address !== ev.target.host ? ` (${address})` : ''}`;
  // A connect timeout on 25 is usually the local network blocking outbound SMTP: not the domain's fault, so "could not check".
  const localBlock = error.command === 'CONNECT' && error.code === 'ETIMEDOUT' && ev.target.port === 25;
  const status: ProbeStatus = localBlock || error.code === 'ABORT_ERR' ? 'error' : 'fail';
  const step = error.command === 'CONNECT' ? 'Could not connect to' : error.command === 'TLS' ? 'TLS handshake failed with' : error.command === 'GREETING' ? 'No greeting from' : 'Connection failed to';
  return check(ev, 'connect', status, `${step} ${where}: ${e.title}`, `${explained(e)}${localBlock ? ' This check could not tell whether the server is up: test from a network that allows outbound port 25.' : ''}`, e.fix, [
    { label: 'Address', value: address ?? 'none' },
    { label: 'Error', value: `${error.code} at ${error.command}` },
    { label: 'TCP connect', value: ms(ev.timings.tcp) },
  ]);
}

/** The greeting arrived: 220 is fine; 421/554 mean the server will not talk now. */
export function bannerCheck(ev: HostEvidence, banner: SmtpReply, address: string | null): CheckResult {
  const facts: ProbeFact[] = [
    { label: 'Address', value: address ?? ev.target.host },
    { label: 'TCP connect', value: ms(ev.timings.tcp) },
    ...(ev.target.implicit ? [{ label: 'TLS handshake', value: ms(ev.timings.tls) }] : []),
    { label: 'Banner after', value: ms(ev.timings.greeting) },
    { label: 'Banner', value: banner.raw.join(' / ') },
  ];
  if (banner.code === 220) {
    return check(ev, 'connect', 'pass', `${subjectOf(ev.target)} answers: ${banner.lines[0] ?? ''}`.trim(), `Connected in ${ms(ev.timings.tcp)}; the greeting came ${ms(ev.timings.greeting)} later.`, null, facts);
  }
  const e = banner.explanation;
  const status: ProbeStatus = banner.code >= 500 ? 'fail' : 'warn';
  return check(ev, 'connect', status, `${subjectOf(ev.target)} refused the session at the greeting (${banner.code})`, explained(e), fixOf(e), facts);
}

/** EHLO capabilities, before and after TLS. */
export function capabilitiesCheck(ev: HostEvidence, before: EhloCapabilities | null, after: EhloCapabilities | null, opts: { heloFallback: boolean; ehloReply: SmtpReply | null; tlsUp: boolean }): CheckResult {
  const final = after ?? before;
  if (!final) {
    const e = opts.ehloReply?.explanation;
    return check(ev, 'capabilities', 'fail', `EHLO and HELO were refused by ${subjectOf(ev.target)}`, e ? explained(e) : 'The server refused the client\'s greeting.', e ? fixOf(e) : null);
  }
  const list = (c: EhloCapabilities): string => [...c.extensions.entries()].map(([k, p]) => describeExtension(k, p)).join(', ') || 'no extensions';
  const facts: ProbeFact[] = [{ label: 'Server name', value: final.serverName }, { label: 'Timings', value: timingsText(ev.timings) }];
  for (const [k, p] of final.extensions) facts.push({ label: k, value: describeExtension(k, p) });
  if (before && after) {
    facts.push({ label: 'Before TLS', value: list(before) });
    facts.push({ label: 'After TLS', value: list(after) });
  }
  const notes: string[] = [];
  let status: ProbeStatus = 'pass';
  let fix: string | null = null;
  if (opts.heloFallback) {
    status = 'warn';
    notes.push('The server refused EHLO and only HELO worked: no ESMTP extensions (no STARTTLS, no SIZE, no 8BITMIME).');
    fix = 'Enable ESMTP (EHLO) on the server.';
  }
  const plainAuth = !ev.target.implicit && before && before.auth.length > 0;
  if (plainAuth) {
    status = 'warn';
    notes.push(`AUTH (${before.auth.join(' ')}) is offered before TLS: a client could send its password unencrypted.`);
    fix = 'Offer AUTH only after STARTTLS (Postfix: smtpd_tls_auth_only = yes; Exim: auth_advertise_hosts = ${if eq{$tls_in_cipher}{}{}{*}}).';
  } else if (after && after.auth.length > 0) {
    notes.push(`AUTH (${after.auth.join(' ')}) is offered only after STARTTLS, so passwords never travel in the clear.`);
  }
  if (final.size !== null && final.size > 0) notes.push(`Messages up to ${(final.size / 1_048_576).toFixed(1)} MB are accepted (SIZE).`);
  if (!final.extensions.has('SMTPUTF8')) notes.push('No SMTPUTF8: internationalised addresses (non-ASCII local parts) cannot be delivered here.');
  const tlsWord = opts.tlsUp ? (ev.target.implicit ? ' over implicit TLS' : ' after STARTTLS') : '';
  return check(ev, 'capabilities', status, `${subjectOf(ev.target)} offers ${final.extensions.size} extensions${tlsWord}`, `Offers ${list(final)}. ${notes.join(' ')}`.trim(), fix, facts);
}

/** STARTTLS was not offered on a plain-text connection. */
export function noStarttlsCheck(ev: HostEvidence): CheckResult {
  const submission = isSubmission(ev.target.port);
  return check(
    ev, 'tls', submission ? 'fail' : 'warn', `${subjectOf(ev.target)} does not offer STARTTLS`,
    submission
      ? 'A submission port without TLS means passwords and mail travel unencrypted; mail clients refuse it or leak credentials.'
      : 'Mail to this host travels unencrypted. Gmail\'s and Yahoo\'s sender rules expect TLS, and MTA-STS cannot be used without it.',
    'Install a certificate for the host name and enable STARTTLS (Postfix: smtpd_tls_security_level = may, with smtpd_tls_chain_files).',
  );
}

/** The server answered STARTTLS with something other than 220. */
export function starttlsRefusedCheck(ev: HostEvidence, reply: SmtpReply): CheckResult {
  const e = reply.explanation;
  return check(ev, 'tls', 'fail', `${subjectOf(ev.target)} offers STARTTLS but refused it (${reply.code})`, explained(e), fixOf(e) ?? 'Fix the server\'s TLS configuration (certificate and key files).');
}

/** The TLS handshake failed (after STARTTLS, or at the start for implicit TLS). */
export function tlsFailedCheck(ev: HostEvidence, error: SmtpClientError): CheckResult {
  const e = error.explanation;
  return check(ev, 'tls', 'fail', `TLS handshake with ${subjectOf(ev.target)} failed: ${e.title}`, explained(e), e.fix, [{ label: 'Error', value: `${error.code} at ${error.command}` }]);
}

/** A finished handshake: protocol, cipher, timing. */
export function tlsCheck(ev: HostEvidence, f: TlsFacts): CheckResult {
  const old = f.protocol === 'TLSv1' || f.protocol === 'TLSv1.1' || f.protocol.startsWith('SSL');
  const how = ev.target.implicit ? 'implicit TLS' : 'STARTTLS';
  const facts: ProbeFact[] = [
    { label: 'Mode', value: how },
    { label: 'Protocol', value: f.protocol },
    { label: 'Cipher', value: f.cipher },
    { label: 'Key exchange', value: f.keyExchange ?? '—' },
    { label: 'Handshake', value: ms(ev.timings.tls) },
  ];
  if (old) {
    return check(ev, 'tls', 'warn', `${subjectOf(ev.target)} negotiated ${f.protocol}`, `${how} works, but ${f.protocol} is deprecated (RFC 8996) and refused by current clients.`, 'Enable TLS 1.2 and 1.3 on the server and disable TLS 1.0/1.1.', facts);
  }
  return check(ev, 'tls', 'pass', `${how}: ${f.protocol} ${f.cipher}`, `The ${how} handshake took ${ms(ev.timings.tls)} and negotiated ${f.protocol} with ${f.cipher}${f.keyExchange ? ` (${f.keyExchange})` : ''}.`, null, facts);
}

/** The certificate: chain, names, validity, Node's verdict. */
export function certificateCheck(ev: HostEvidence, f: TlsFacts): CheckResult {
  const leaf = f.chain[0];
  const where = subjectOf(ev.target);
  if (!leaf) return check(ev, 'certificate', 'fail', `${where} sent no certificate`, 'The TLS handshake completed without a server certificate (an anonymous cipher).', 'Configure a certificate for the host name.');
  const facts: ProbeFact[] = [
    { label: 'Subject', value: leaf.subject },
    { label: 'Names (SAN)', value: leaf.subjectAltNames.join(', ') || '(none)' },
    { label: 'Issuer', value: leaf.issuer },
    { label: 'Valid from', value: leaf.validFrom },
    { label: 'Valid until', value: leaf.validTo },
    { label: 'Days left', value: String(f.expiresInDays) },
    { label: 'Key', value: leaf.key || '—' },
    { label: 'Name check', value: f.nameMatches === null ? 'no name to check (IP literal)' : f.nameMatches ? `${f.servername} matches` : `${f.servername} does not match` },
    { label: 'Verification', value: f.authorized ? 'trusted chain' : `not trusted: ${f.authorizationError}` },
    ...f.chain.map((c, i) => ({ label: `Chain ${i}`, value: `${c.subject} ← issued by ${c.issuer}${c.selfSigned ? ' (self-signed)' : ''}` })),
  ];
  const strict = isSubmission(ev.target.port);
  const problems: { status: ProbeStatus; title: string; text: string; fix: string }[] = [];
  const codeText = (code: string): ReplyExplanation => explainConnectionError({ code }, { host: ev.target.host, port: ev.target.port });
  if (f.expired) {
    const e = codeText('CERT_HAS_EXPIRED');
    problems.push({ status: 'fail', title: `certificate expired ${-(f.expiresInDays ?? 0)} days ago`, text: e.meaning, fix: e.fix ?? '' });
  } else if (f.notYetValid) {
    const e = codeText('CERT_NOT_YET_VALID');
    problems.push({ status: 'fail', title: 'certificate not yet valid', text: e.meaning, fix: e.fix ?? '' });
  }
  if (f.nameMatches === false) {
    const e = codeText('ERR_TLS_CERT_ALTNAME_INVALID');
    problems.push({ status: strict ? 'fail' : 'warn', title: `certificate does not name ${f.servername}`, text: `${e.meaning} It names ${leaf.subjectAltNames.join(', ') || leaf.subject}.`, fix: e.fix ?? '' });
  }
  const chainError = f.authorizationError && f.authorizationError !== 'ERR_TLS_CERT_ALTNAME_INVALID' && f.authorizationError !== 'CERT_HAS_EXPIRED' && f.authorizationError !== 'CERT_NOT_YET_VALID' ? f.authorizationError : null;
  if (!f.authorized && chainError) {
    const e = codeText(chainError);
    problems.push({ status: strict ? 'fail' : 'warn', title: e.title.toLowerCase(), text: e.meaning, fix: e.fix ?? '' });
  }
  if (!f.expired && !f.notYetValid && f.expiresInDays !== null && f.expiresInDays < EXPIRY_WARN_DAYS) {
    problems.push({ status: 'warn', title: `certificate expires in ${f.expiresInDays} days`, text: `It is valid until ${leaf.validTo.slice(0, 10)}; renewal should have happened by now (most automated renewals run 30 days ahead).`, fix: 'Renew the certificate and check that automatic renewal (and the server reload after it) works.' });
  }
  if (problems.length === 0) {
    return check(ev, 'certificate', 'pass', `Certificate valid for ${f.servername ?? leaf.subject}, ${f.expiresInDays} days left`, `${leaf.subject}, issued by ${leaf.issuer}, valid until ${leaf.validTo.slice(0, 10)}; the chain verifies and the name matches.`, null, facts);
  }
  const status: ProbeStatus = problems.some((p) => p.status === 'fail') ? 'fail' : 'warn';
  const context = strict
    ? 'Mail clients verify the certificate on this port and will refuse to connect.'
    : 'Senders using TLS opportunistically still deliver, but senders enforcing MTA-STS or DANE will refuse this host.';
  return check(ev, 'certificate', status, `${where}: ${problems.map((p) => p.title).join('; ')}`, `${problems.map((p) => p.text).join(' ')} ${context}`, [...new Set(problems.map((p) => p.fix))].join(' '), facts);
}

/** The recipient test: MAIL FROM then RCPT TO (never DATA). */
export function rcptCheck(ev: HostEvidence, rcpt: string, mail: SmtpReply, reply: SmtpReply | null): CheckResult {
  const base = [{ label: 'Recipient', value: rcpt }, { label: 'MAIL FROM reply', value: mail.raw.join(' / ') }];
  if (!reply) {
    const e = mail.explanation;
    return check(ev, 'rcpt', mail.code >= 500 ? 'fail' : 'warn', `The sender was refused before the recipient could be tested (${mail.code})`, explained(e), fixOf(e), base);
  }
  const e = reply.explanation;
  const facts = [...base, { label: 'RCPT TO reply', value: reply.raw.join(' / ') }];
  if (reply.code === 250 || reply.code === 251) {
    return check(ev, 'rcpt', 'pass', `${rcpt} accepted (${reply.code})`, 'The server accepts mail for this address. Some servers accept every address at RCPT and bounce unknown ones later, so this is strong but not final proof the mailbox exists.', null, facts);
  }
  if (reply.code === 252) return check(ev, 'rcpt', 'info', `${rcpt}: cannot verify, will try (252)`, explained(e), null, facts);
  const status: ProbeStatus = reply.code >= 500 ? 'fail' : 'warn';
  return check(ev, 'rcpt', status, `${rcpt} refused: ${e.title} (${reply.code}${e.enhanced ? ` ${e.enhanced}` : ''})`, explained(e), fixOf(e), facts);
}

/** The recipient test could not run (the session failed earlier). */
export function rcptNotRunCheck(ev: HostEvidence, rcpt: string, why: string): CheckResult {
  return check(ev, 'rcpt', 'error', `Could not test ${rcpt}`, why, null, [{ label: 'Recipient', value: rcpt }]);
}

/** The server stopped answering or closed after the greeting (a session-level failure). */
export function sessionFailedCheck(ev: HostEvidence, part: string, error: SmtpClientError): CheckResult {
  const e = error.explanation;
  return check(ev, part, 'fail', `${subjectOf(ev.target)} failed at ${error.command}: ${e.title}`, explained(e), e.fix, [{ label: 'Error', value: `${error.code} at ${error.command}` }]);
}
