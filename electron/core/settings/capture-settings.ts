/**
 * Capture settings: checking what a caller asks for (every problem named in
 * plain words), layering defaults ← stored ← per-run overrides, and keeping
 * passwords out of everything the API returns.
 */
import { isIP } from 'node:net';
import { DEFAULT_CAPTURE_SETTINGS } from '../../../shared/model/settings';
import type { CaptureSettings } from '../../../shared/model/settings';
import { badRequest } from '../errors';

/** What getSettings shows instead of a password. Sent back unchanged, it means "keep the stored one". */
export const PASSWORD_MASK = '********';

const KEYS = Object.keys(DEFAULT_CAPTURE_SETTINGS) as (keyof CaptureSettings)[];
const MAX_MESSAGE_BYTES = 1024 * 1024 * 1024;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

function isPort(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 65535;
}

function intIn(value: unknown, min: number, max: number): value is number {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

/**
 * Check a partial update. Returns the problems (empty when fine); users keep
 * their password as sent (the mask included — see applyPatch).
 */
export function settingsProblems(patch: unknown): string[] {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return ['Settings must be an object.'];
  const p = patch as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(p)) {
    if (!KEYS.includes(key as keyof CaptureSettings)) problems.push(`Unknown setting "${key}".`);
  }
  if ('host' in p) {
    const host = p.host;
    if (typeof host !== 'string' || !(isIP(host) !== 0 || HOSTNAME.test(host))) {
      problems.push('Listen address must be an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1) or a host name.');
    }
  }
  if ('port' in p && !isPort(p.port)) problems.push('SMTP port must be a whole number from 0 to 65535 (0 picks a free port).');
  if ('tlsPort' in p && p.tlsPort !== null && !isPort(p.tlsPort)) {
    problems.push('Implicit-TLS port must be a whole number from 0 to 65535, or empty to turn it off.');
  }
  if ('maxMessageBytes' in p && !intIn(p.maxMessageBytes, 1024, MAX_MESSAGE_BYTES)) {
    problems.push('Maximum message size must be a whole number of bytes from 1024 (1 KiB) to 1073741824 (1 GiB).');
  }
  if ('auth' in p && p.auth !== 'optional' && p.auth !== 'required') problems.push('Authentication must be "optional" or "required".');
  if ('users' in p) {
    if (!Array.isArray(p.users)) {
      problems.push('Users must be a list of { username, password }.');
    } else {
      const seen = new Set<string>();
      p.users.forEach((u: unknown, i) => {
        const user = u as { username?: unknown; password?: unknown } | null;
        if (typeof user?.username !== 'string' || user.username.trim() === '' || /[\r\n\0]/.test(user.username)) {
          problems.push(`User ${i + 1}: the user name must be non-empty text on one line.`);
        } else if (seen.has(user.username)) {
          problems.push(`User ${i + 1}: "${user.username}" is listed twice.`);
        } else {
          seen.add(user.username);
        }
        if (typeof user?.password !== 'string' || user.password === '') problems.push(`User ${i + 1}: a password is required.`);
      });
    }
  }
  for (const key of ['reverseDns', 'autoStart', 'fsyncEachCommit'] as const) {
    if (key in p && typeof p[key] !== 'boolean') problems.push(`"${key}" must be true or false.`);
  }
  if ('maxMessages' in p && !intIn(p.maxMessages, 1, 10_000_000)) problems.push('Maximum stored messages must be a whole number from 1 to 10000000.');
  return problems;
}

/** Stored value (possibly from an older version, possibly hand-edited) → complete settings. */
export function fromStored(stored: unknown): CaptureSettings {
  const out: CaptureSettings = { ...DEFAULT_CAPTURE_SETTINGS, users: [] };
  if (typeof stored !== 'object' || stored === null) return out;
  for (const key of KEYS) {
    const value = (stored as Record<string, unknown>)[key];
    if (value !== undefined && settingsProblems({ [key]: value }).length === 0) (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
}

/**
 * Apply a checked patch. A user whose password is the mask keeps the stored
 * password of the same user name; auth 'required' needs at least one user.
 * Throws a bad_request CoreError listing every problem.
 */
export function applyPatch(current: CaptureSettings, patch: Partial<CaptureSettings>): CaptureSettings {
  const problems = settingsProblems(patch);
  if (problems.length > 0) throw badRequest(problems.join(' '));
  const next: CaptureSettings = { ...current, ...patch };
  if (patch.users) {
    next.users = patch.users.map((u) => {
      if (u.password !== PASSWORD_MASK) return { username: u.username, password: u.password };
      const old = current.users.find((c) => c.username === u.username);
      if (!old) problems.push(`User "${u.username}": enter a password (there is no stored one to keep).`);
      return { username: u.username, password: old?.password ?? '' };
    });
  }
  if (problems.length === 0) {
    if (next.auth === 'required' && next.users.length === 0) {
      problems.push('Authentication "required" needs at least one user; add one or set authentication to "optional".');
    }
    if (next.tlsPort !== null && next.tlsPort !== 0 && next.tlsPort === next.port) {
      problems.push('The implicit-TLS port must differ from the SMTP port.');
    }
  }
  if (problems.length > 0) throw badRequest(problems.join(' '));
  return next;
}

/** Settings as the API shows them: passwords replaced by the mask. */
export function maskSettings(settings: CaptureSettings): CaptureSettings {
  return { ...settings, users: settings.users.map((u) => ({ username: u.username, password: PASSWORD_MASK })) };
}
