/**
 * A probe request as it arrives (JSON over HTTP, the CLI's flags) checked and
 * normalised once, before anything runs: the domain in lower case without a
 * trailing dot and with IDN labels as A-labels (xn--…), the IP validated,
 * selectors valid DNS names, "host:port" split, resolver servers valid
 * "ip[:port]". Every problem is a bad_request whose message names the field
 * and says what would be accepted — never a crash half-way through a run.
 */
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import type { ProbeRequest } from '../../../shared/model/probe';
import { badRequest } from '../errors';

/** Most selectors a request may add to the common list (each costs a TXT query). */
const MAX_SELECTORS = 20;
/** Most resolver servers (node:dns tries them in order). */
/** Most resolver servers one probe (or `mailscope send --dns`) asks. */
export const MAX_SERVERS = 5;

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** The domain as the checks see it; throws bad_request with what is wrong. */
export function normaliseDomain(input: unknown, field = 'domain'): string {
  if (typeof input !== 'string' || input.trim() === '') throw badRequest(`"${field}" is required: the domain to check, e.g. example.org.`);
  let text = input.trim();
  if (text.includes('@')) throw badRequest(`"${field}" must be a domain (example.org), not an address ("${clip(text)}"): use the part after the @.`);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw badRequest(`"${field}" must be a domain (example.org), not a URL ("${clip(text)}").`);
  if (/\s/.test(text)) throw badRequest(`"${field}" must not contain spaces ("${clip(text)}").`);
  if (text.endsWith('.')) text = text.slice(0, -1);
  if (isIP(text)) throw badRequest(`"${field}" must be a domain name, not an IP address (${text}); put a sending IP in "ip".`);
  // domainToASCII lower-cases, maps IDN labels to xn--, and returns '' for what cannot be a host name.
  const ascii = domainToASCII(text);
  if (!ascii) throw badRequest(`"${field}" is not a valid domain name ("${clip(text)}").`);
  checkHostName(ascii, field);
  if (!ascii.includes('.')) throw badRequest(`"${field}" needs at least two labels (example.org), not "${ascii}".`);
  return ascii;
}

/** Labels of letters, digits, hyphens (and underscores, for _domainkey-style names); at most 253 characters. */
function checkHostName(name: string, field: string): void {
  if (name.length > 253) throw badRequest(`"${field}" is longer than the 253 characters a domain name may have.`);
  for (const label of name.split('.')) {
    if (!LABEL.test(label)) {
      throw badRequest(
        label === ''
          ? `"${field}" has an empty label ("${clip(name)}": two dots in a row?).`
          : `"${field}" has an invalid label "${clip(label)}": letters, digits and hyphens only, at most 63, not starting or ending with a hyphen.`,
      );
    }
  }
}

/** A sending IP (v4 or v6) in canonical text; null when absent or empty. */
export function normaliseIp(input: unknown): string | null {
  if (input === undefined || input === null || input === '') return null;
  if (typeof input !== 'string') throw badRequest('"ip" must be text: an IPv4 or IPv6 address.');
  const text = input.trim().replace(/^\[(.*)\]$/, '$1');
  if (text === '') return null;
  const version = isIP(text);
  if (version === 0) throw badRequest(`"ip" is not an IPv4 or IPv6 address ("${clip(text)}").`);
  // Lower-case hex for v6 so history comparisons do not see a change where there is none.
  return version === 6 ? text.toLowerCase() : text;
}

/** DKIM selectors: lower case, each a valid (possibly dotted) DNS name, duplicates dropped. */
export function normaliseSelectors(input: unknown): string[] {
  if (input === undefined || input === null) return [];
  const list = typeof input === 'string' ? input.split(/[\s,]+/) : input;
  if (!Array.isArray(list)) throw badRequest('"selectors" must be a list of DKIM selectors, e.g. ["google", "s1"].');
  const out: string[] = [];
  for (const item of list) {
    if (typeof item !== 'string') throw badRequest('"selectors" must hold text only.');
    let s = item.trim().toLowerCase();
    if (s === '') continue;
    // People paste the whole name: "s1._domainkey.example.org" → "s1".
    const at = s.indexOf('._domainkey');
    if (at > 0) s = s.slice(0, at);
    if (s.length > 63 * 2 || !s.split('.').every((l) => LABEL.test(l))) {
      throw badRequest(`"${clip(item)}" is not a valid DKIM selector: letters, digits, hyphens and underscores (dots between labels), as in s=… of a DKIM-Signature.`);
    }
    if (!out.includes(s)) out.push(s);
  }
  if (out.length > MAX_SELECTORS) throw badRequest(`At most ${MAX_SELECTORS} selectors per probe (got ${out.length}).`);
  return out;
}

/** "host", "host:port", "1.2.3.4:25", "[2001:db8::1]:25", "2001:db8::1" → host and port (null when not given). */
export function parseHostPort(text: string, field: string): { host: string; port: number | null } {
  const t = text.trim();
  let host: string;
  let portText: string | null = null;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (bracket) {
    host = bracket[1] as string;
    portText = bracket[2] ?? null;
    if (isIP(host) !== 6) throw badRequest(`"${field}": [${clip(host)}] is not an IPv6 address.`);
  } else if (isIP(t) === 6) {
    host = t;
  } else {
    const colon = t.lastIndexOf(':');
    if (colon >= 0) {
      host = t.slice(0, colon);
      portText = t.slice(colon + 1);
    } else host = t;
  }
  let port: number | null = null;
  if (portText !== null) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) throw badRequest(`"${field}": the port must be a number from 1 to 65535 ("${clip(t)}").`);
    port = Number(portText);
  }
  if (host === '') throw badRequest(`"${field}" needs a host name or IP address before the port ("${clip(t)}").`);
  if (!isIP(host)) {
    const ascii = domainToASCII(host.replace(/\.$/, ''));
    if (!ascii) throw badRequest(`"${field}": "${clip(host)}" is not a valid host name or IP address.`);
    checkHostName(ascii, field);
    host = ascii;
  } else if (isIP(host) === 6) host = host.toLowerCase();
  return { host, port };
}

/** A resolver server: an IP with an optional port, written back as node:dns setServers takes it. */
export function normaliseServer(text: unknown): string {
  if (typeof text !== 'string' || text.trim() === '') throw badRequest('"dns.servers" entries must be "ip" or "ip:port", e.g. "1.1.1.1" or "127.0.0.1:5353".');
  const { host, port } = parseHostPort(text, 'dns.servers');
  if (!isIP(host)) throw badRequest(`"dns.servers": "${clip(host)}" is not an IP address (a resolver is named by its address, e.g. 9.9.9.9).`);
  if (port === null) return host;
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

function bool(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw badRequest(`"${field}" must be true or false.`);
  return value;
}

function optionalInt(value: unknown, field: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) throw badRequest(`"${field}" must be a whole number from ${min} to ${max}.`);
  return value as number;
}

const RCPT = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

/** The whole request; throws bad_request naming the first problem. */
export function normaliseProbeRequest(input: unknown): ProbeRequest {
  if (typeof input !== 'object' || input === null) throw badRequest('Send the probe request as { domain, ip, selectors, smtp, dns }.');
  const r = input as Record<string, unknown>;
  const domain = normaliseDomain(r.domain);
  const ip = normaliseIp(r.ip);
  const selectors = normaliseSelectors(r.selectors);

  const smtpIn = (r.smtp ?? {}) as Record<string, unknown>;
  if (typeof smtpIn !== 'object') throw badRequest('"smtp" must be an object: { enabled, host, port, rcptTest }.');
  let host: string | null = null;
  let port: number | null = optionalInt(smtpIn.port, 'smtp.port', 1, 65535) ?? null;
  if (smtpIn.host !== undefined && smtpIn.host !== null && smtpIn.host !== '') {
    if (typeof smtpIn.host !== 'string') throw badRequest('"smtp.host" must be a host name or IP address, optionally with :port.');
    const parsed = parseHostPort(smtpIn.host, 'smtp.host');
    host = parsed.host;
    if (parsed.port !== null) {
      if (port !== null && port !== parsed.port) throw badRequest(`"smtp.host" names port ${parsed.port} but "smtp.port" says ${port}.`);
      port = parsed.port;
    }
    port ??= 25;
  } else if (port !== null) throw badRequest('"smtp.port" needs "smtp.host" (the MX are always probed on port 25).');
  let rcptTest: string | null = null;
  if (smtpIn.rcptTest !== undefined && smtpIn.rcptTest !== null && smtpIn.rcptTest !== '') {
    if (typeof smtpIn.rcptTest !== 'string' || !RCPT.test(smtpIn.rcptTest.trim())) throw badRequest('"smtp.rcptTest" must be one address, e.g. postmaster@example.org.');
    rcptTest = smtpIn.rcptTest.trim();
  }
  // The recipient test's envelope sender; absent or empty = the null sender MAIL FROM:<>.
  let mailFrom: string | null = null;
  if (smtpIn.mailFrom !== undefined && smtpIn.mailFrom !== null && smtpIn.mailFrom !== '') {
    if (typeof smtpIn.mailFrom !== 'string' || !RCPT.test(smtpIn.mailFrom.trim())) throw badRequest('"smtp.mailFrom" must be one address (or empty for the null sender <>).');
    mailFrom = smtpIn.mailFrom.trim();
  }
  const smtpTimeout = optionalInt(smtpIn.timeoutMs, 'smtp.timeoutMs', 100, 120_000);

  const dnsIn = (r.dns ?? {}) as Record<string, unknown>;
  if (typeof dnsIn !== 'object') throw badRequest('"dns" must be an object: { servers, timeoutMs, tries }.');
  const serversIn = dnsIn.servers ?? [];
  if (!Array.isArray(serversIn)) throw badRequest('"dns.servers" must be a list of "ip" or "ip:port" (empty for the system resolver).');
  if (serversIn.length > MAX_SERVERS) throw badRequest(`At most ${MAX_SERVERS} resolver servers (got ${serversIn.length}).`);
  const servers = [...new Set(serversIn.filter((s) => !(typeof s === 'string' && s.trim() === '')).map(normaliseServer))];
  const dnsTimeout = optionalInt(dnsIn.timeoutMs, 'dns.timeoutMs', 100, 60_000);
  const tries = optionalInt(dnsIn.tries, 'dns.tries', 1, 5);

  return {
    domain,
    ip,
    selectors,
    smtp: { enabled: bool(smtpIn.enabled, 'smtp.enabled', true), host, port, rcptTest, ...(mailFrom ? { mailFrom } : {}), ...(smtpTimeout !== undefined ? { timeoutMs: smtpTimeout } : {}) },
    dns: { servers, ...(dnsTimeout !== undefined ? { timeoutMs: dnsTimeout } : {}), ...(tries !== undefined ? { tries } : {}) },
  };
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
