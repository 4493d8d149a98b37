/**
 * What a finished TLS handshake tells about a mail server: protocol, cipher,
 * key exchange, the certificate chain as sent (subjects, issuers, SANs,
 * validity), days to expiry, whether the certificate names the host, and
 * Node's own verdict (`authorized` / `authorizationError`, by code).
 *
 * Probes and sends handshake with rejectUnauthorized:false so a bad
 * certificate is described instead of ending the conversation; these facts
 * are what they then judge. Shared by the SMTP probe and the send engine.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { checkServerIdentity, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';

/** One certificate of the chain. */
export interface CertificateFacts {
  /** Subject as "CN=mx.example.org, O=Example" (CN and O only: what people recognise). */
  subject: string;
  /** Issuer, same form. */
  issuer: string;
  /** DNS names and IP addresses of the Subject Alternative Name extension. */
  subjectAltNames: string[];
  /** Valid from / to, ISO-8601 UTC. */
  validFrom: string;
  validTo: string;
  /** Serial number (hex). */
  serialNumber: string;
  /** SHA-256 fingerprint (colon-separated hex). */
  fingerprint256: string;
  /** "RSA 2048", "EC P-256", or "" when unknown. */
  key: string;
  /** True when subject and issuer are the same certificate (a root, or a self-signed leaf). */
  selfSigned: boolean;
}

/** The facts of one handshake. */
export interface TlsFacts {
  /** "TLSv1.3". */
  protocol: string;
  /** Cipher suite, IANA name when Node knows it ("TLS_AES_256_GCM_SHA384"). */
  cipher: string;
  /** Ephemeral key exchange, e.g. "X25519", "ECDH P-256 256 bits"; null when none (resumed or RSA key exchange). */
  keyExchange: string | null;
  /** Certificates as the server sent them, leaf first (the root only when the server sent it). */
  chain: CertificateFacts[];
  /** The name checked against the certificate (SNI); null when connecting to an IP literal without a name. */
  servername: string | null;
  /** Whether the leaf certificate covers `servername`; null when there was no name or no certificate. */
  nameMatches: boolean | null;
  /** Node's verdict on the chain and name (false with rejectUnauthorized:false and a bad certificate). */
  authorized: boolean;
  /** Node's verification error code (DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID…); null when authorized. */
  authorizationError: string | null;
  /** Whole days until the leaf expires (negative when expired); null without a certificate. */
  expiresInDays: number | null;
  /** The leaf's validity window does not contain now. */
  expired: boolean;
  notYetValid: boolean;
}

function pick(fields: Record<string, string | string[] | undefined> | undefined, key: string): string | undefined {
  const v = fields?.[key];
  return Array.isArray(v) ? v[0] : v;
}

function dn(fields: Record<string, string | string[] | undefined> | undefined): string {
  const cn = pick(fields, 'CN');
  const o = pick(fields, 'O');
  const parts = [cn ? `CN=${cn}` : '', o ? `O=${o}` : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : '(empty subject)';
}

function keyText(cert: DetailedPeerCertificate): string {
  try {
    const key = new X509Certificate(cert.raw).publicKey;
    const d = key.asymmetricKeyDetails;
    if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') return `RSA ${d?.modulusLength ?? '?'}`;
    if (key.asymmetricKeyType === 'ec') return `EC ${d?.namedCurve ?? ''}`.trim();
    return (key.asymmetricKeyType ?? '').toUpperCase();
  } catch {
    return cert.bits ? `${cert.bits} bits` : '';
  }
}

function certFacts(cert: DetailedPeerCertificate): CertificateFacts {
  const sans = (cert.subjectaltname ?? '')
    .split(/,\s*/)
    .map((s) => s.replace(/^(DNS|IP Address):/, '').trim())
    .filter(Boolean);
  const subject = dn(cert.subject as unknown as Record<string, string>);
  const issuer = dn(cert.issuer as unknown as Record<string, string>);
  return {
    subject,
    issuer,
    subjectAltNames: sans,
    validFrom: new Date(cert.valid_from).toISOString(),
    validTo: new Date(cert.valid_to).toISOString(),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
    key: keyText(cert),
    // Same subject and issuer and the issuer link points at itself: self-signed.
    selfSigned: cert.issuerCertificate === cert || (subject === issuer && (!cert.issuerCertificate || cert.issuerCertificate.fingerprint256 === cert.fingerprint256)),
  };
}

/** The chain as sent, leaf first, bounded (a malicious peer cannot make this loop). */
function walkChain(leaf: DetailedPeerCertificate): DetailedPeerCertificate[] {
  const out: DetailedPeerCertificate[] = [];
  const seen = new Set<string>();
  let cur: DetailedPeerCertificate | undefined = leaf;
  while (cur && cur.raw && !seen.has(cur.fingerprint256) && out.length < 10) {
    seen.add(cur.fingerprint256);
    out.push(cur);
    cur = cur.issuerCertificate;
  }
  return out;
}

/**
 * Reads the facts of a connected TLS socket. `servername` is the host name the
 * client meant (an MX name, not the loopback address a test routes it to).
 */
export function tlsFacts(socket: TLSSocket, servername: string | null, now = Date.now()): TlsFacts {
  const cipher = socket.getCipher();
  const eph = socket.getEphemeralKeyInfo();
  let keyExchange: string | null = null;
  if (eph && typeof eph === 'object' && 'type' in eph && eph.type) {
    keyExchange = eph.name ? `${eph.name}` : `${eph.type}${eph.size ? ` ${eph.size} bits` : ''}`;
  }
  const peer = socket.getPeerCertificate(true) as DetailedPeerCertificate | Record<string, never>;
  const leaf = peer && 'raw' in peer && peer.raw ? (peer as DetailedPeerCertificate) : null;
  const chain = leaf ? walkChain(leaf).map(certFacts) : [];
  const name = servername && servername !== '' ? servername : null;
  let nameMatches: boolean | null = null;
  if (leaf && name) nameMatches = checkServerIdentity(name, leaf) === undefined;
  let expiresInDays: number | null = null;
  let expired = false;
  let notYetValid = false;
  if (leaf) {
    const to = new Date(leaf.valid_to).getTime();
    const from = new Date(leaf.valid_from).getTime();
    // Whole days either way: 2.4 days left → 2; expired 2.4 days ago → -2.
    expiresInDays = to >= now ? Math.floor((to - now) / 86_400_000) : -Math.floor((now - to) / 86_400_000);
    expired = to < now;
    notYetValid = from > now;
  }
  const authError = socket.authorizationError as unknown;
  const authorizationError = socket.authorized ? null : authError instanceof Error ? String((authError as NodeJS.ErrnoException).code ?? authError.message) : authError ? String(authError) : nameMatches === false ? 'ERR_TLS_CERT_ALTNAME_INVALID' : 'UNABLE_TO_VERIFY';
  return {
    protocol: socket.getProtocol() ?? 'unknown',
    cipher: cipher?.standardName || cipher?.name || 'unknown',
    keyExchange,
    chain,
    servername: name,
    nameMatches,
    authorized: socket.authorized,
    authorizationError,
    expiresInDays,
    expired,
    notYetValid,
  };
}

/** The SNI to send for a host: its name, never an IP literal (RFC 6066 §3). */
export function sniFor(host: string): string | undefined {
  return isIP(host) ? undefined : host.replace(/\.$/, '');
}

/** One transcript line: "TLSv1.3 TLS_AES_256_GCM_SHA384 (X25519); certificate CN=mx… [SANs]; issued by …; valid until 2027-01-01 (400 days); name mx… matches ✓; verified ✓". */
export function describeTls(f: TlsFacts): string {
  const parts = [`${f.protocol} ${f.cipher}${f.keyExchange ? ` (${f.keyExchange})` : ''}`];
  const leaf = f.chain[0];
  if (!leaf) {
    parts.push('no certificate');
  } else {
    parts.push(`certificate ${leaf.subject}${leaf.subjectAltNames.length ? ` [${leaf.subjectAltNames.slice(0, 6).join(', ')}${leaf.subjectAltNames.length > 6 ? ', …' : ''}]` : ''}${leaf.key ? ` ${leaf.key}` : ''}`);
    parts.push(leaf.selfSigned ? 'self-signed' : `issued by ${leaf.issuer}`);
    const days = f.expiresInDays ?? 0;
    parts.push(f.expired ? `EXPIRED on ${leaf.validTo.slice(0, 10)} (${-days} days ago)` : f.notYetValid ? `not valid before ${leaf.validFrom.slice(0, 10)}` : `valid until ${leaf.validTo.slice(0, 10)} (${days} days)`);
    if (f.nameMatches !== null) parts.push(f.nameMatches ? `name ${f.servername} matches ✓` : `name ${f.servername} does NOT match ✗`);
  }
  parts.push(f.authorized ? 'verified ✓' : `NOT verified (${f.authorizationError}) ✗`);
  return parts.join('; ');
}
