/**
 * What a finished TLS handshake tells a send: protocol, cipher, the peer
 * certificate, whether it verifies and whether it names the host — as one
 * transcript line, plus the verdict the send acts on.
 *
 * Sends always handshake with verification reported rather than enforced
 * (rejectUnauthorized: false) so the certificate can be described even when
 * it is bad; the policy (refuse unless allowInvalidCertificate) is applied
 * here, before a single SMTP command travels over the connection. The
 * verdict is read from Node's own `authorized` / `authorizationError` (chain
 * and name check, by error code — never by message text).
 *
 * TODO(send): reuse electron/core/smtp-client/tls-facts.ts once the smtp
 * helper lands it (same facts, shared with probes).
 */
import { checkServerIdentity, type PeerCertificate, type TLSSocket } from 'node:tls';
import { isIP } from 'node:net';

export interface TlsVerdict {
  /** One transcript line: "TLSv1.3 TLS_AES_256_GCM_SHA384 (X25519); certificate CN=…, issued by …, valid until …, name matches ✓". */
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

function name(subject: Record<string, string | string[]> | undefined): string {
  if (!subject) return '?';
  const pick = (key: string): string | undefined => {
    const value = subject[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const cn = pick('CN');
  const o = pick('O');
  return cn ? `CN=${cn}${o ? `, O=${o}` : ''}` : o ? `O=${o}` : '?';
}

/** Describe the handshake of `socket` as seen by a client that asked for `servername`. */
export function checkTls(socket: TLSSocket, servername: string): TlsVerdict {
  const protocol = socket.getProtocol() ?? 'TLS';
  const cipherInfo = socket.getCipher();
  const cipher = cipherInfo?.standardName || cipherInfo?.name || '?';
  const key = socket.getEphemeralKeyInfo();
  const keyText = key && 'name' in key && key.name ? ` (${key.name})` : key && 'type' in key && key.type ? ` (${key.type})` : '';
  const cert = socket.getPeerCertificate(false) as PeerCertificate | Record<string, never>;
  const parts: string[] = [`${protocol} ${cipher}${keyText}`];
  let nameOk: boolean | null = null;
  if (cert && 'subject' in cert && cert.subject) {
    const subject = name(cert.subject as unknown as Record<string, string>);
    const issuer = name(cert.issuer as unknown as Record<string, string>);
    const selfSigned = cert.fingerprint256 !== undefined && subject === issuer;
    const sans = (cert.subjectaltname ?? '').replace(/DNS:/g, '').replace(/IP Address:/g, '');
    parts.push(`certificate ${subject}${sans ? ` [${sans}]` : ''}`);
    parts.push(selfSigned ? 'self-signed' : `issued by ${issuer}`);
    parts.push(`valid until ${new Date(cert.valid_to).toISOString().slice(0, 10)}`);
    if (servername) {
      nameOk = checkServerIdentity(servername, cert as PeerCertificate) === undefined;
      parts.push(nameOk ? `name ${servername} matches ✓` : `name ${servername} does NOT match ✗`);
    }
  } else {
    parts.push('no certificate');
  }
  const errorCode = socket.authorized ? null : String(socket.authorizationError ?? (nameOk === false ? 'ERR_TLS_CERT_ALTNAME_INVALID' : 'UNABLE_TO_VERIFY'));
  parts.push(socket.authorized ? 'verified ✓' : `NOT verified (${errorCode}) ✗`);
  return { text: parts.join('; '), protocol, cipher, trusted: socket.authorized, errorCode };
}

/** The name to present (SNI) and check: the explicit TLS server name, else the host unless it is an IP. */
export function effectiveServername(host: string, tlsServername: string): string {
  if (tlsServername) return tlsServername;
  return isIP(host) ? '' : host;
}
