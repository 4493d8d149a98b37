/**
 * A send target as it arrives from outside (JSON over HTTP, a stored
 * profile, the CLI): every field checked, missing ones defaulted, wrong ones
 * refused with a message that names the field.
 */
import type { SendAuthMethod, SendSecurity, SendTarget } from '../../../shared/model/send';
import { badRequest } from '../errors';

export const DEFAULT_TIMEOUTS: SendTarget['timeouts'] = { connectMs: 15_000, greetingMs: 30_000, socketMs: 60_000 };

export const DEFAULT_TARGET: SendTarget = {
  mode: 'server',
  host: '127.0.0.1',
  port: 587,
  security: 'starttls',
  tlsServername: '',
  minTlsVersion: 'TLSv1.2',
  allowInvalidCertificate: false,
  authMethod: 'none',
  user: '',
  helo: '',
  timeouts: DEFAULT_TIMEOUTS,
};

const SECURITIES: readonly SendSecurity[] = ['none', 'starttls', 'starttls-required', 'tls'];
const AUTH_METHODS: readonly SendAuthMethod[] = ['none', 'PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'];
const TLS_VERSIONS: readonly SendTarget['minTlsVersion'][] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

function pick<T extends string>(value: unknown, allowed: readonly T[], name: string, fallback: T): T {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw badRequest(`"${name}" must be one of ${allowed.join(', ')}.`);
  return value as T;
}

function str(value: unknown, name: string, fallback: string, max = 255): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || value.length > max || /[\r\n\0]/.test(value)) throw badRequest(`"${name}" must be one line of text (at most ${max} characters).`);
  return value.trim();
}

function int(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) throw badRequest(`"${name}" must be a whole number from ${min} to ${max}.`);
  return value as number;
}

export function checkTarget(value: unknown): SendTarget {
  if (typeof value !== 'object' || value === null) throw badRequest('"target" must be an object.');
  const v = value as Partial<Record<keyof SendTarget, unknown>>;
  const mode = pick(v.mode, ['server', 'mx'] as const, 'target.mode', 'server');
  const host = str(v.host, 'target.host', mode === 'mx' ? '' : DEFAULT_TARGET.host);
  if (mode === 'server' && (!host || /\s/.test(host))) throw badRequest('"target.host" must be a host name or IP address.');
  const security = pick(v.security, SECURITIES, 'target.security', DEFAULT_TARGET.security);
  const authMethod = pick(v.authMethod, AUTH_METHODS, 'target.authMethod', 'none');
  const user = str(v.user, 'target.user', '');
  if (authMethod !== 'none' && !user) throw badRequest(`AUTH ${authMethod} needs a user name ("target.user").`);
  const t = (typeof v.timeouts === 'object' && v.timeouts !== null ? v.timeouts : {}) as Record<string, unknown>;
  return {
    mode,
    host,
    port: int(v.port, 'target.port', security === 'tls' ? 465 : DEFAULT_TARGET.port, 1, 65535),
    security,
    tlsServername: str(v.tlsServername, 'target.tlsServername', ''),
    minTlsVersion: pick(v.minTlsVersion, TLS_VERSIONS, 'target.minTlsVersion', DEFAULT_TARGET.minTlsVersion),
    allowInvalidCertificate: v.allowInvalidCertificate === true,
    authMethod,
    user,
    helo: str(v.helo, 'target.helo', ''),
    timeouts: {
      connectMs: int(t.connectMs, 'target.timeouts.connectMs', DEFAULT_TIMEOUTS.connectMs, 100, 600_000),
      greetingMs: int(t.greetingMs, 'target.timeouts.greetingMs', DEFAULT_TIMEOUTS.greetingMs, 100, 600_000),
      socketMs: int(t.socketMs, 'target.timeouts.socketMs', DEFAULT_TIMEOUTS.socketMs, 100, 3_600_000),
    },
  };
}

/** An envelope address: no brackets, no line breaks; "" allowed for MAIL FROM only. */
export function checkEnvelope(value: unknown): { from: string; to: string[] } {
  if (typeof value !== 'object' || value === null) throw badRequest('"envelope" must be { from, to: [...] } or null.');
  const v = value as { from?: unknown; to?: unknown };
  const from = str(v.from, 'envelope.from', '', 998);
  if (!Array.isArray(v.to) || v.to.length === 0) throw badRequest('"envelope.to" must list at least one recipient.');
  const to = v.to.map((address, i) => str(address, `envelope.to[${i}]`, '', 998)).filter(Boolean);
  if (to.length === 0) throw badRequest('"envelope.to" must list at least one recipient.');
  for (const address of [from, ...to]) if (/[<>\s]/.test(address)) throw badRequest(`"${address}" is not a bare address (no <>, no spaces).`);
  return { from, to };
}
