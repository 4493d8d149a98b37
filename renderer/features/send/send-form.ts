/**
 * The Send screen's form as plain data, its validation and its translation
 * into the contract's SendRequest. Pure (no React, no DOM) so the rules are
 * unit tested: what the user typed is checked here, with messages written for
 * the field they belong to, before anything reaches the core.
 *
 * Numbers stay strings while typed (an empty port field is a state, not 0).
 * The password/token and the DKIM key live only in this form in memory:
 * nothing here persists them.
 */
import type { ComposeAttachment, SendAuthMethod, SendDkim, SendProfile, SendRequest, SendSecurity, SendSource, SendTarget } from '../../../shared/model/send';

/** Where the message comes from. */
export type SourceKind = 'compose' | 'stored' | 'eml';

/** A header edit of a replayed copy. */
export interface HeaderEdit {
  op: 'set' | 'add' | 'remove';
  name: string;
  value: string;
}

export interface SendForm {
  /** The profile the target was loaded from (null: typed by hand). */
  profileId: number | null;
  mode: SendTarget['mode'];
  host: string;
  port: string;
  security: SendSecurity;
  tlsServername: string;
  minTlsVersion: SendTarget['minTlsVersion'];
  allowInvalidCertificate: boolean;
  authMethod: SendAuthMethod;
  user: string;
  /** Password or XOAUTH2 token for this send; cleared after sending. */
  secret: string;
  helo: string;
  /** Timeouts in seconds, as typed. */
  connectTimeout: string;
  greetingTimeout: string;
  socketTimeout: string;

  sourceKind: SourceKind;
  from: string;
  /** Comma/semicolon/newline-separated addresses, as typed. */
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  text: string;
  html: string;
  attachments: ComposeAttachment[];
  headers: { name: string; value: string }[];

  /** The stored message to replay. */
  storedId: number | null;
  /** How it is described ("Welcome to Acme" · #12). */
  storedLabel: string;
  replayMode: 'raw' | 'edited';
  headerEdits: HeaderEdit[];

  /** An uploaded .eml. */
  eml: { name: string; rawBase64: string; size: number } | null;

  /** Override the envelope (MAIL FROM / RCPT TO) instead of deriving it. */
  overrideEnvelope: boolean;
  envelopeFrom: string;
  envelopeTo: string;

  dkimEnabled: boolean;
  dkimDomain: string;
  dkimSelector: string;
  /** PEM; never stored, never sent anywhere but with this request. */
  dkimKey: string;
}

/** Field name → what is wrong with it. */
export type FormErrors = Partial<Record<keyof SendForm | 'recipients' | `header-${number}` | `edit-${number}`, string>>;

export const DEFAULT_TIMEOUTS = { connectMs: 10_000, greetingMs: 15_000, socketMs: 60_000 };

export function emptySendForm(): SendForm {
  return {
    profileId: null,
    mode: 'server',
    host: '127.0.0.1',
    port: '25',
    security: 'starttls',
    tlsServername: '',
    minTlsVersion: 'TLSv1.2',
    allowInvalidCertificate: false,
    authMethod: 'none',
    user: '',
    secret: '',
    helo: '',
    connectTimeout: String(DEFAULT_TIMEOUTS.connectMs / 1000),
    greetingTimeout: String(DEFAULT_TIMEOUTS.greetingMs / 1000),
    socketTimeout: String(DEFAULT_TIMEOUTS.socketMs / 1000),
    sourceKind: 'compose',
    from: '',
    to: '',
    cc: '',
    bcc: '',
    subject: '',
    text: '',
    html: '',
    attachments: [],
    headers: [],
    storedId: null,
    storedLabel: '',
    replayMode: 'raw',
    headerEdits: [],
    eml: null,
    overrideEnvelope: false,
    envelopeFrom: '',
    envelopeTo: '',
    dkimEnabled: false,
    dkimDomain: '',
    dkimSelector: '',
    dkimKey: '',
  };
}

/** "a@x, b@y; c@z\n" → ["a@x", "b@y", "c@z"]; a display-name form "Ann <a@x>" keeps the address only. */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[,;\n]+/)
    .map((part) => {
      const angle = /<([^<>]*)>\s*$/.exec(part);
      return (angle ? angle[1] ?? '' : part).trim();
    })
    .filter((a) => a !== '');
}

/** Good enough to catch typos (no spaces, one @, something on both sides); the server has the last word. */
export function looksLikeAddress(address: string): boolean {
  return /^[^\s@<>]+@[^\s@<>]+$/.test(address);
}

/** The domain of an address, lowercased ("" when none). */
export function addressDomain(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

const HEADER_NAME = /^[!-9;-~]+$/;

function seconds(value: string): number | null {
  const n = Number(value.trim());
  return value.trim() !== '' && Number.isFinite(n) && n > 0 && n <= 3600 ? n : null;
}

/** The target the form describes (no validation; see validateSendForm). */
export function targetFromForm(form: SendForm): SendTarget {
  return {
    mode: form.mode,
    host: form.host.trim(),
    port: form.mode === 'mx' ? 25 : Number(form.port.trim()),
    security: form.security,
    tlsServername: form.tlsServername.trim(),
    minTlsVersion: form.minTlsVersion,
    allowInvalidCertificate: form.allowInvalidCertificate,
    authMethod: form.authMethod,
    user: form.authMethod === 'none' ? '' : form.user.trim(),
    helo: form.helo.trim(),
    timeouts: {
      connectMs: Math.round((seconds(form.connectTimeout) ?? DEFAULT_TIMEOUTS.connectMs / 1000) * 1000),
      greetingMs: Math.round((seconds(form.greetingTimeout) ?? DEFAULT_TIMEOUTS.greetingMs / 1000) * 1000),
      socketMs: Math.round((seconds(form.socketTimeout) ?? DEFAULT_TIMEOUTS.socketMs / 1000) * 1000),
    },
  };
}

/** Load a profile's target into the form (the secret stays empty: the stored one is used). */
export function applyProfile(form: SendForm, profile: SendProfile): SendForm {
  const t = profile.target;
  return {
    ...form,
    profileId: profile.id,
    mode: t.mode,
    host: t.host,
    port: String(t.port),
    security: t.security,
    tlsServername: t.tlsServername,
    minTlsVersion: t.minTlsVersion,
    allowInvalidCertificate: t.allowInvalidCertificate,
    authMethod: t.authMethod,
    user: t.user,
    secret: '',
    helo: t.helo,
    connectTimeout: String(t.timeouts.connectMs / 1000),
    greetingTimeout: String(t.timeouts.greetingMs / 1000),
    socketTimeout: String(t.timeouts.socketMs / 1000),
  };
}

function sameTarget(a: SendTarget, b: SendTarget): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Every recipient the message would go to without an override (compose only). */
function composedRecipients(form: SendForm): string[] {
  return [...splitAddresses(form.to), ...splitAddresses(form.cc), ...splitAddresses(form.bcc)];
}

export interface ValidationResult {
  /** Blocking problems, per field. */
  errors: FormErrors;
  /** Not blocking, but the user should know (shown beside the Send button). */
  warnings: string[];
}

/** Checks the form against what a send needs. `profiles` tells whether a stored secret can stand in. */
export function validateSendForm(form: SendForm, profiles: readonly SendProfile[] = []): ValidationResult {
  const errors: FormErrors = {};
  const warnings: string[] = [];
  const profile = profiles.find((p) => p.id === form.profileId) ?? null;

  if (form.mode === 'server') {
    if (form.host.trim() === '') errors.host = 'Enter the server’s host name or IP address.';
    else if (/\s/.test(form.host.trim())) errors.host = 'A host name has no spaces.';
    const port = Number(form.port.trim());
    if (!/^\d+$/.test(form.port.trim()) || port < 1 || port > 65535) errors.port = 'Enter a port from 1 to 65535 (25, 465, 587, 2525…).';
    else if (port === 465 && form.security !== 'tls') warnings.push('Port 465 usually expects implicit TLS; with STARTTLS or none the server will not answer (the TLS "wrong version number" error).');
    else if ((port === 587 || port === 25) && form.security === 'tls') warnings.push(`Port ${port} usually speaks plain SMTP first and upgrades with STARTTLS; implicit TLS there fails with "wrong version number".`);
  }
  for (const [field, label] of [['connectTimeout', 'Connect'], ['greetingTimeout', 'Greeting'], ['socketTimeout', 'Idle']] as const) {
    if (seconds(form[field]) === null) errors[field] = `${label} timeout: a number of seconds above 0 (at most 3600).`;
  }
  if (form.helo.trim() !== '' && /\s/.test(form.helo.trim())) errors.helo = 'The HELO name is one word (a host name, or [address]).';

  if (form.authMethod !== 'none') {
    if (form.user.trim() === '') errors.user = form.authMethod === 'XOAUTH2' ? 'XOAUTH2 needs the account’s user (the mailbox address).' : 'Enter the user name to log in with.';
    if (form.secret === '') {
      const canUseStored = profile !== null && profile.hasSecret && sameTarget(profile.target, targetFromForm(form));
      if (!canUseStored) {
        errors.secret =
          profile?.hasSecret === true
            ? 'The saved password applies to the profile’s own settings only: type it again for these changed settings, or save the profile.'
            : form.authMethod === 'XOAUTH2'
              ? 'Paste the OAuth 2.0 access token.'
              : 'Enter the password.';
      }
    }
    if (form.security === 'none') warnings.push('AUTH without TLS sends the credentials in the clear (base64 is not encryption). Most servers refuse it anyway (530 5.7.0).');
  }
  if (form.allowInvalidCertificate && form.security !== 'none') warnings.push('Self-signed and invalid certificates are accepted: anyone in the path could read this conversation. Use it for test servers only.');

  if (form.sourceKind === 'compose') {
    const from = form.from.trim();
    if (from === '') errors.from = 'Enter the From address.';
    else if (!looksLikeAddress(splitAddresses(from)[0] ?? '')) errors.from = `“${from}” does not look like an address (name@domain).`;
    for (const field of ['to', 'cc', 'bcc'] as const) {
      const bad = splitAddresses(form[field]).filter((a) => !looksLikeAddress(a));
      if (bad.length > 0) errors[field] = `Not an address: ${bad.join(', ')}`;
    }
    if (composedRecipients(form).length === 0 && !form.overrideEnvelope) errors.recipients = 'Add at least one recipient (To, Cc or Bcc).';
    form.headers.forEach((h, i) => {
      if (h.name.trim() === '' && h.value.trim() === '') return;
      if (!HEADER_NAME.test(h.name.trim())) errors[`header-${i}`] = 'A header name is printable ASCII without spaces or colons.';
      else if (/[\r\n]/.test(h.value)) errors[`header-${i}`] = 'A header value is one line.';
    });
  } else if (form.sourceKind === 'stored') {
    if (form.storedId === null) errors.storedId = 'Pick a message from the inbox (its “Send / Replay…” button).';
    if (form.replayMode === 'edited') {
      form.headerEdits.forEach((h, i) => {
        if (h.name.trim() === '' && h.value.trim() === '') return;
        if (!HEADER_NAME.test(h.name.trim())) errors[`edit-${i}`] = 'A header name is printable ASCII without spaces or colons.';
        else if (/[\r\n]/.test(h.value)) errors[`edit-${i}`] = 'A header value is one line.';
      });
    }
  } else if (form.eml === null) {
    errors.eml = 'Choose or drop an .eml file.';
  }

  if (form.overrideEnvelope) {
    const from = form.envelopeFrom.trim();
    if (from !== '' && from !== '<>' && !looksLikeAddress(from)) errors.envelopeFrom = 'MAIL FROM: an address, or empty for the null sender <>.';
    const to = splitAddresses(form.envelopeTo);
    if (to.length === 0) errors.envelopeTo = 'RCPT TO: at least one address.';
    else if (to.some((a) => !looksLikeAddress(a))) errors.envelopeTo = `Not an address: ${to.filter((a) => !looksLikeAddress(a)).join(', ')}`;
  }
  if (form.mode === 'mx') {
    const rcpts = form.overrideEnvelope ? splitAddresses(form.envelopeTo) : form.sourceKind === 'compose' ? composedRecipients(form) : [];
    const domains = new Set(rcpts.map(addressDomain).filter(Boolean));
    if (domains.size > 1) warnings.push(`Recipients are at ${domains.size} domains; each domain’s MX gets its own connection.`);
  }

  if (form.dkimEnabled) {
    if (!/^[a-z0-9.-]+\.[a-z0-9-]+$/i.test(form.dkimDomain.trim())) errors.dkimDomain = 'The signing domain (d=), e.g. example.com.';
    if (!/^[a-z0-9._-]+$/i.test(form.dkimSelector.trim())) errors.dkimSelector = 'The selector (s=), e.g. s2024.';
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+-----END [A-Z ]*PRIVATE KEY-----/.test(form.dkimKey)) errors.dkimKey = 'Paste the private key in PEM form (-----BEGIN PRIVATE KEY----- …).';
  }
  return { errors, warnings };
}

function sourceFromForm(form: SendForm): SendSource {
  if (form.sourceKind === 'stored') {
    return {
      kind: 'stored',
      id: form.storedId ?? 0,
      mode: form.replayMode,
      headerEdits: form.replayMode === 'edited' ? form.headerEdits.filter((h) => h.name.trim() !== '').map((h) => ({ op: h.op, name: h.name.trim(), value: h.value })) : [],
    };
  }
  if (form.sourceKind === 'eml') return { kind: 'eml', name: form.eml?.name ?? 'message.eml', rawBase64: form.eml?.rawBase64 ?? '' };
  return {
    kind: 'compose',
    from: form.from.trim(),
    to: splitAddresses(form.to),
    cc: splitAddresses(form.cc),
    bcc: splitAddresses(form.bcc),
    subject: form.subject,
    text: form.text,
    html: form.html,
    attachments: form.attachments,
    headers: form.headers.filter((h) => h.name.trim() !== '').map((h) => ({ name: h.name.trim(), value: h.value })),
  };
}

/**
 * The request to send, or the errors that stop it. With a profile whose
 * saved settings are unchanged and no typed secret, the request names the
 * profile so the core uses the secret it keeps.
 */
export function buildSendRequest(form: SendForm, profiles: readonly SendProfile[] = []): { request: SendRequest; warnings: string[] } | { errors: FormErrors; warnings: string[] } {
  const { errors, warnings } = validateSendForm(form, profiles);
  if (Object.keys(errors).length > 0) return { errors, warnings };
  const target = targetFromForm(form);
  const profile = profiles.find((p) => p.id === form.profileId) ?? null;
  const useProfile = profile !== null && form.secret === '' && sameTarget(profile.target, target);
  const dkim: SendDkim | null = form.dkimEnabled ? { domain: form.dkimDomain.trim(), selector: form.dkimSelector.trim(), privateKeyPem: form.dkimKey } : null;
  const envelopeFrom = form.envelopeFrom.trim() === '<>' ? '' : form.envelopeFrom.trim();
  return {
    request: {
      source: sourceFromForm(form),
      envelope: form.overrideEnvelope ? { from: envelopeFrom, to: splitAddresses(form.envelopeTo) } : null,
      target: useProfile ? { profileId: profile.id } : target,
      secret: form.authMethod === 'none' || form.secret === '' ? null : form.secret,
      dkim,
    },
    warnings,
  };
}

/** "smtp.example.org:587 (STARTTLS)" for the form's target, as the history labels it. */
export function describeTarget(target: SendTarget): string {
  const security: Record<SendSecurity, string> = { none: 'plain', starttls: 'STARTTLS if offered', 'starttls-required': 'STARTTLS required', tls: 'implicit TLS' };
  return target.mode === 'mx' ? `recipient's MX (${security[target.security]})` : `${target.host}:${target.port} (${security[target.security]})`;
}
