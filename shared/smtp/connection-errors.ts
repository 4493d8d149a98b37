/**
 * Connection-level failures by error code: Node's socket and DNS errors,
 * OpenSSL/BoringSSL TLS alerts as Node names them, certificate verification
 * codes (also the `authorizationError` of a TLS socket), and nodemailer's own
 * codes (lib/errors: ECONNECTION, ESOCKET, ETLS…). Read by code, never by the
 * message: Electron's BoringSSL words the same failure differently.
 */

/** One connection-level failure. */
export interface ConnectionErrorEntry {
  /** Short title. */
  title: string;
  /** What happened, plain words. */
  meaning: string;
  /** What usually fixes it. */
  fix: string;
  /** Where the code is defined or observed. */
  references: string[];
}

const NODE_NET = 'Node.js net / dns error codes (nodejs.org/api/errors.html#common-system-errors)';
const NODE_TLS = 'Node.js tls (OpenSSL verify codes; nodejs.org/api/tls.html)';
const NODEMAILER = 'nodemailer lib/errors (field notes §3.4)';
const R8314 = 'RFC 8314 §3 (implicit TLS on 465)';
const R3207 = 'RFC 3207 (STARTTLS)';

const C = (title: string, meaning: string, fix: string, ...references: string[]): ConnectionErrorEntry => ({ title, meaning, fix, references });

const CERT_FIX = 'Install a certificate from a public CA for the exact host name, with the full chain (leaf + intermediates). A client that must get through now can accept it explicitly (Mailscope: "accept self-signed"), knowing the connection can then be intercepted.';

const TABLE: Record<string, ConnectionErrorEntry> = {
  // Sockets
  ECONNREFUSED: C('Connection refused', 'The host answered, but nothing listens on that port (or a firewall actively rejects it).', 'Check the host name and port (25 relay, 587 submission with STARTTLS, 465 implicit TLS); make sure the server is running and listening on that address.', NODE_NET),
  ETIMEDOUT: C('Connection timed out', 'No answer to the connection attempt within the timeout: packets are dropped on the way. For port 25 this is very often the local network or cloud provider blocking outbound SMTP.', 'Try the same host from another network; many ISPs and clouds (AWS, GCP, Azure…) block outbound port 25 — use a relay on 587 with authentication instead. Otherwise check firewalls and the host\'s address.', NODE_NET),
  ECONNRESET: C('Connection reset by the server', 'The server (or something in between) abruptly closed the connection: a crash, a firewall or IPS dropping SMTP, a TLS mismatch, or a server cutting off a client it dislikes.', 'Retry once; if it repeats at the same step, check the security setting for the port and whether the server blocks your IP. The last reply before the reset often says why.', NODE_NET),
  ECLOSED: C('Server closed the connection', 'The server hung up without a reply (or in the middle of one): it refuses this client, crashed, or a firewall cut the connection.', 'Look at the last reply before it (often a 421 or 554 says why); retry later; check whether the server blocks your IP or expects TLS on this port.', NODE_NET),
  EPIPE: C('Connection closed while writing', 'The client wrote to a connection the server had already closed.', 'Look at the server\'s last reply (often a 421 or 554 just before); retry.', NODE_NET),
  EHOSTUNREACH: C('Host unreachable', 'No route to the host: it is down or the network cannot reach it.', 'Check the address and routing (VPN, IPv6 without connectivity).', NODE_NET),
  ENETUNREACH: C('Network unreachable', 'The local machine has no route to that network (often IPv6 with no IPv6 connectivity).', 'Use an IPv4 address or fix local network settings.', NODE_NET),
  EADDRNOTAVAIL: C('Address not available', 'The local address or port could not be used for the connection.', 'Check local network settings and any source address configured.', NODE_NET),
  ECONNABORTED: C('Connection aborted', 'The connection was aborted locally before it finished.', 'Retry; check local firewalls or security software intercepting SMTP.', NODE_NET),
  // DNS
  ENOTFOUND: C('Host name not found', 'DNS says the host name does not exist (NXDOMAIN), or it has no address.', 'Check the spelling of the host; for MX delivery check the domain\'s MX records.', NODE_NET),
  EAI_AGAIN: C('DNS temporarily failed', 'The resolver could not answer right now (timeout or server failure).', 'Retry; check the machine\'s DNS resolver and network.', NODE_NET),
  ENODATA: C('No address for the host', 'The host name exists but has no A/AAAA record.', 'Publish an address for the host or use another host.', NODE_NET),
  ESERVFAIL: C('DNS server failure', 'The DNS server failed to answer (often broken DNSSEC or unreachable authoritative servers).', 'Check the domain\'s DNS at its authoritative servers.', NODE_NET),
  EDNS: C('DNS lookup failed', 'nodemailer could not resolve the server\'s host name.', 'Check the host name and the machine\'s DNS.', NODEMAILER),
  // TLS protocol
  ERR_SSL_WRONG_VERSION_NUMBER: C('TLS spoken to a plain-text port', 'The client started TLS immediately, but the server speaks plain SMTP first (its 220 greeting is not a TLS record). Implicit TLS was used on a STARTTLS port (587, 25, 2525).', 'Use STARTTLS on ports 25/587/2525 and implicit TLS only on 465.', R8314, R3207),
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: C('No common TLS version', 'Client and server could not agree on a TLS version (one side requires a newer or older version than the other allows).', 'Check the minimum TLS version setting; a server that only speaks TLS 1.0/1.1 is outdated and must be upgraded.', NODE_TLS),
  ERR_SSL_UNSUPPORTED_PROTOCOL: C('TLS version not supported', 'The server offered a TLS version the client refuses (usually TLS 1.0/1.1).', 'Upgrade the server\'s TLS; lowering the client minimum is a last resort.', NODE_TLS),
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: C('TLS handshake failure', 'The server aborted the handshake: no cipher or parameters in common, or it wanted something the client did not offer (e.g. a client certificate).', 'Check the server\'s cipher and protocol settings; compare with openssl s_client.', NODE_TLS),
  ERR_SSL_NO_SHARED_CIPHER: C('No shared cipher', 'Client and server have no cipher suite in common.', 'Enable modern cipher suites on the server.', NODE_TLS),
  ERR_SSL_DH_KEY_TOO_SMALL: C('Server DH key too small', 'The server uses a weak Diffie-Hellman key the client refuses.', 'The server must use 2048-bit DH parameters or ECDHE.', NODE_TLS),
  ERR_SSL_UNSAFE_LEGACY_RENEGOTIATION_DISABLED: C('Legacy TLS renegotiation', 'The server only supports insecure legacy renegotiation.', 'Upgrade the server\'s TLS library.', NODE_TLS),
  ERR_TLS_HANDSHAKE_TIMEOUT: C('TLS handshake timed out', 'The TLS handshake did not finish in time.', 'Retry; check for middleboxes interfering with TLS on this port.', NODE_TLS),
  // Certificates (also TLSSocket.authorizationError)
  CERT_HAS_EXPIRED: C('Certificate expired', 'The server\'s certificate is past its "valid until" date.', 'The server\'s administrator must renew the certificate (automated renewal has likely stopped).', NODE_TLS),
  CERT_NOT_YET_VALID: C('Certificate not yet valid', 'The certificate\'s "valid from" date is in the future (or a clock is wrong).', 'Check both machines\' clocks; otherwise reissue the certificate.', NODE_TLS),
  DEPTH_ZERO_SELF_SIGNED_CERT: C('Self-signed certificate', 'The server presented a certificate it signed itself; no trusted CA vouches for it.', CERT_FIX, NODE_TLS),
  SELF_SIGNED_CERT_IN_CHAIN: C('Untrusted root in the chain', 'The chain ends in a self-signed root the client does not trust (a private CA or an intercepting proxy).', 'Use a public CA, or add the private CA to the client\'s trust store. If you did not expect it, something may be intercepting TLS.', NODE_TLS),
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: C('Incomplete certificate chain', 'The client could not link the server\'s certificate to a trusted CA: usually the server does not send its intermediate certificate(s).', 'Configure the server to send the full chain (leaf + intermediates).', NODE_TLS),
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: C('Issuer not trusted locally', 'The certificate\'s issuer is not in the client\'s trust store (private CA or missing intermediate).', 'Send the full chain from the server, or trust the private CA on the client.', NODE_TLS),
  UNABLE_TO_GET_ISSUER_CERT: C('Issuer certificate missing', 'An issuer certificate in the chain could not be found.', 'Configure the server to send the full chain.', NODE_TLS),
  CERT_REVOKED: C('Certificate revoked', 'The CA revoked this certificate.', 'The server must get a new certificate.', NODE_TLS),
  CERT_SIGNATURE_FAILURE: C('Certificate signature invalid', 'A signature in the certificate chain does not verify.', 'Reissue the certificate; check for interception.', NODE_TLS),
  CERT_UNTRUSTED: C('Certificate not trusted', 'The certificate is not trusted for this purpose.', CERT_FIX, NODE_TLS),
  ERR_TLS_CERT_ALTNAME_INVALID: C('Certificate name mismatch', 'The certificate is valid but issued for other names: the host name connected to is not in its Subject Alternative Names.', 'Connect using a name the certificate covers (often the provider\'s own host name, not your domain alias), or reissue the certificate with this name.', NODE_TLS),
  HOSTNAME_MISMATCH: C('Certificate name mismatch', 'The certificate does not cover the host name connected to.', 'Connect using a name the certificate covers, or reissue it with this name.', NODE_TLS),
  // nodemailer
  ECONNECTION: C('Connection failed', 'nodemailer could not establish or keep the connection.', 'Check host, port and security; see the underlying error code.', NODEMAILER),
  ESOCKET: C('Socket error', 'A network or TLS error on the connection (the underlying code says which).', 'See the underlying code; most often a TLS mismatch for the port or a certificate problem.', NODEMAILER),
  ETLS: C('STARTTLS failed', 'The server refused or failed the STARTTLS upgrade (e.g. answered 454).', 'Check the server\'s TLS setup; with "STARTTLS if offered" the client may send without TLS.', NODEMAILER, R3207),
  EREQUIRETLS: C('REQUIRETLS not supported', 'The message requires REQUIRETLS (RFC 8689) but the server does not offer it.', 'Send without REQUIRETLS or through a server that supports it.', NODEMAILER, 'RFC 8689'),
  EPROTOCOL: C('Unexpected server response', 'The server answered something that is not valid SMTP at this step.', 'Check you are talking to an SMTP server on this port (not HTTP, IMAP, or a TLS port in plain text).', NODEMAILER),
  EENVELOPE: C('Envelope refused', 'The sender or every recipient was refused (or none was given).', 'Read the server reply for the refused address.', NODEMAILER),
  EMESSAGE: C('Message refused', 'The server refused the message after DATA.', 'Read the server reply: size, content or authentication.', NODEMAILER),
  EAUTH: C('Authentication failed', 'The server rejected the credentials or the AUTH exchange.', 'Check user name and password; use an app password or OAuth where required; make sure TLS is on before AUTH.', NODEMAILER),
  ENOAUTH: C('Authentication not possible', 'Credentials were missing, or the server offers no AUTH mechanism the client can use (often because AUTH is only offered after STARTTLS).', 'Provide credentials and turn on STARTTLS; check the AUTH mechanisms in the EHLO reply.', NODEMAILER),
  ESTREAM: C('Message stream failed', 'Reading the message to send failed.', 'Check the message source (file, attachments).', NODEMAILER),
  EMAXLIMIT: C('Connection message limit reached', 'The pooled connection reached its message limit.', 'Nothing to fix; a new connection is opened.', NODEMAILER),
  ABORT_ERR: C('Cancelled', 'The operation was cancelled before it finished.', 'Run it again when needed.', NODE_NET),
};

/** Entries by code. */
export const CONNECTION_ERRORS: ReadonlyMap<string, ConnectionErrorEntry> = new Map(Object.entries(TABLE));

/** Step-specific timeouts (the same ETIMEDOUT means different things by step). */
export const TIMEOUT_READINGS: Readonly<Record<'connect' | 'greeting' | 'command' | 'tls', ConnectionErrorEntry>> = {
  connect: TABLE.ETIMEDOUT!,
  greeting: C('Greeting never received', 'The TCP connection opened but the server never sent its 220 greeting. Most often the port expects implicit TLS (465) and is waiting for a TLS handshake; otherwise the server is overloaded or a middlebox holds the connection.', 'On port 465 use implicit TLS; on 25/587/2525 use plain or STARTTLS. If the security setting is right, the server is stalled: retry later.', R8314, NODEMAILER),
  command: C('Server stopped answering', 'The server accepted the connection and talked, then did not answer a command within the timeout.', 'Retry; a server stalling at the same step repeatedly (often after DATA or RCPT) is overloaded or tarpitting this client.', NODEMAILER),
  tls: TABLE.ERR_TLS_HANDSHAKE_TIMEOUT!,
};

/** Used when a code is not in the table. */
export const UNKNOWN_CONNECTION_ERROR: ConnectionErrorEntry = C('Connection failed', 'The connection failed with an error this table does not know.', 'Read the error code and message; check host, port, security setting and network.', NODE_NET);
