/**
 * AUTH policy for the capture server. 'optional': any credentials are
 * accepted (apps under test often insist on logging in) and the user name is
 * recorded; 'required': only the configured users, checked in constant time
 * (PLAIN, LOGIN) or by the CRAM-MD5 digest; anything else gets 535 from
 * smtp-server. Passwords are compared and forgotten: never logged or stored.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { SMTPServerAuthentication } from 'smtp-server';
import type { CaptureSettings } from '../../../shared/model/settings';

/** The mechanisms offered in EHLO. */
export const AUTH_METHODS = ['PLAIN', 'LOGIN', 'CRAM-MD5'];

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/**
 * The user name to record when the credentials are accepted, or null when
 * they are refused.
 */
export function checkCredentials(auth: SMTPServerAuthentication, settings: Pick<CaptureSettings, 'auth' | 'users'>): string | null {
  const username = auth.username ?? '';
  if (settings.auth === 'optional') return username;
  const user = settings.users.find((u) => u.username === username);
  if (!user) return null;
  if (auth.method === 'CRAM-MD5') return auth.validatePassword(user.password) ? username : null;
  if (auth.method === 'PLAIN' || auth.method === 'LOGIN') return sameSecret(auth.password ?? '', user.password) ? username : null;
  return null;
}
