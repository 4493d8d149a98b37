/**
 * What a finished TLS handshake tells a send — protocol, cipher, the peer
 * certificate, whether it verifies and names the host — as one transcript
 * line (electron/core/smtp-client/tls-facts.ts, shared with the SMTP probe),
 * plus the verdict the send acts on.
 *
 * Sends always handshake with verification reported rather than enforced
 * (rejectUnauthorized: false) so the certificate can be described even when
 * it is bad; the policy (refuse unless allowInvalidCertificate) is applied by
 * the caller before a single SMTP command travels over the connection. The
 * verdict is Node's own `authorized` / `authorizationError` (chain and name
 * check, by error code — never by message text).
 */
import { isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { describeTls, tlsFacts } from '../smtp-client/tls-facts';

export interface TlsVerdict {
  /** One transcript line: "TLSv1.3 TLS_AES_256_GCM_SHA384 (X25519); certificate CN=…; issued by …; valid until …; name … matches ✓; verified ✓". */
  text: string;
  /** Protocol, e.g. TLSv1.3. */
  protocol: string;
  /** Cipher suite (IANA name when Node knows it). */
  cipher: string;
  /** Chain and name verified. */
  trusted: boolean;
  /** Node's verification error code when not trusted (DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID, CERT_HAS_EXPIRED…). */
  errorCode: string | null;
}

/** Describe the handshake of `socket` as seen by a client that asked for `servername` ("" for none). */
export function checkTls(socket: TLSSocket, servername: string): TlsVerdict {
  const facts = tlsFacts(socket, servername || null);
  return { text: describeTls(facts), protocol: facts.protocol, cipher: facts.cipher, trusted: facts.authorized, errorCode: facts.authorized ? null : (facts.authorizationError ?? 'UNABLE_TO_VERIFY') };
}

/** The name to present (SNI) and check: the explicit TLS server name, else the host unless it is an IP. */
export function effectiveServername(host: string, tlsServername: string): string {
  if (tlsServername) return tlsServername;
  return isIP(host) ? '' : host;
}
