/**
 * The Probe form as data, and its translation into a ProbeRequest. The core
 * validates and normalises everything (IDN, host:port, servers) and answers
 * a plain message naming the field; here only what a form must settle itself:
 * lists typed as text, and the empty domain.
 */
import type { ProbeRequest } from '../../../shared/model/probe';

export interface ProbeForm {
  /** The domain to check. */
  domain: string;
  /** Optional sending IP. */
  ip: string;
  /** DKIM selectors, separated by spaces or commas. */
  selectors: string;
  /** An SMTP server to probe instead of the MX, "host" or "host:port". */
  mxHost: string;
  /** Resolver servers, "ip" or "ip:port", separated by spaces or commas; empty = the system resolver. */
  dnsServers: string;
  /** Probe the mail servers over SMTP. */
  smtpEnabled: boolean;
  /** Recipient to test (stops after RCPT TO). */
  rcptTest: string;
}

export function emptyProbeForm(): ProbeForm {
  return { domain: '', ip: '', selectors: '', mxHost: '', dnsServers: '', smtpEnabled: true, rcptTest: '' };
}

const list = (text: string): string[] => text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);

/** The request, or the one problem the form itself can tell. */
export function buildProbeRequest(form: ProbeForm): { request: ProbeRequest } | { error: string } {
  const domain = form.domain.trim();
  if (!domain) return { error: 'Type the domain to check, e.g. example.org.' };
  return {
    request: {
      domain,
      ip: form.ip.trim() || null,
      selectors: list(form.selectors),
      smtp: { enabled: form.smtpEnabled, host: form.smtpEnabled ? form.mxHost.trim() || null : null, port: null, rcptTest: form.smtpEnabled ? form.rcptTest.trim() || null : null },
      dns: { servers: list(form.dnsServers) },
    },
  };
}

/** The form that made a request (re-run, "edit and run again"). */
export function formFromRequest(request: ProbeRequest): ProbeForm {
  const host = request.smtp.host ? `${request.smtp.host.includes(':') ? `[${request.smtp.host}]` : request.smtp.host}${request.smtp.port && request.smtp.port !== 25 ? `:${request.smtp.port}` : ''}` : '';
  return {
    domain: request.domain,
    ip: request.ip ?? '',
    selectors: request.selectors.join(' '),
    mxHost: host,
    dnsServers: request.dns.servers.join(' '),
    smtpEnabled: request.smtp.enabled,
    rcptTest: request.smtp.rcptTest ?? '',
  };
}

/** The core names request fields ("smtp.host"); the form's labels read better in the error under it. */
const FIELD_LABELS: [RegExp, string][] = [
  [/"smtp\.host"/g, 'Server'],
  [/"smtp\.port"/g, 'Server port'],
  [/"smtp\.rcptTest"/g, 'Recipient test'],
  [/"dns\.servers"/g, 'Resolver'],
  [/"selectors"/g, 'DKIM selectors'],
  [/"ip"/g, 'Sending IP'],
  [/"domain"/g, 'Domain'],
];

export function inFormWords(message: string): string {
  return FIELD_LABELS.reduce((text, [pattern, label]) => text.replace(pattern, label), message);
}
