/**
 * Inputs of the SMTP explainer (shared/smtp/explain-*.ts). The output shape,
 * ReplyExplanation, lives in shared/model/smtp-reply.ts.
 */

/**
 * Which step of the conversation a reply answers. The same code reads
 * differently by step: 554 at the greeting is "no SMTP service here", after
 * DATA it is a refused message; 220 after STARTTLS means "start the TLS
 * handshake now".
 */
export type ReplyStage =
  /** The greeting (banner) after the TCP connection. */
  | 'connect'
  /** Reply to EHLO / HELO. */
  | 'ehlo'
  /** Reply to STARTTLS. */
  | 'starttls'
  /** Replies during AUTH (334 challenges, 235, 535…). */
  | 'auth'
  /** Reply to MAIL FROM. */
  | 'mail'
  /** Reply to RCPT TO. */
  | 'rcpt'
  /** Reply to the DATA command itself (354 expected). */
  | 'data'
  /** Reply after the message body and the final dot: the verdict on the message. */
  | 'after-data'
  /** Reply to QUIT (or RSET at the end of a probe). */
  | 'quit';

/** What the explainer knows about where a reply came from. */
export interface ReplyContext {
  /** The step the reply answers; unknown when absent. */
  stage?: ReplyStage;
}

/**
 * A connection-level failure as Node's net/tls modules or nodemailer report
 * it. Read by code, never by message: Electron's BoringSSL words TLS errors
 * differently from Node's OpenSSL.
 */
export interface ConnectionErrorInput {
  /** Error code: "ECONNREFUSED", "ERR_SSL_WRONG_VERSION_NUMBER", "CERT_HAS_EXPIRED", or nodemailer's "ESOCKET", "ETIMEDOUT", "EAUTH"… */
  code?: string;
  /** The error message. Only nodemailer's own fixed wordings are read ("Greeting never received"); TLS texts are not. */
  message?: string;
  /** The underlying socket/TLS code nodemailer keeps when it wraps an error as ESOCKET/ECONNECTION. */
  originalCode?: string;
  /**
   * The command that was running: nodemailer's "CONN", "AUTH PLAIN", "MAIL FROM"…,
   * or Mailscope's smtp-client steps "CONNECT", "GREETING", "EHLO", "STARTTLS", "TLS".
   */
  command?: string;
  /** The server's reply text when the failure is a refused command (nodemailer's EAUTH/EENVELOPE/EMESSAGE carry it). */
  response?: string;
  /** The server's reply code with `response`. */
  responseCode?: number;
}

/** Where the client was trying to connect. */
export interface ConnectionContext {
  /** Host name or address asked for. */
  host?: string;
  /** TCP port (25 relay, 465 implicit TLS, 587/2525 submission with STARTTLS). */
  port?: number;
  /**
   * How the client secured the connection: "none", "starttls", "starttls-required"
   * (Mailscope's send settings), "tls"/"implicit" for TLS from the first byte.
   */
  security?: string;
}
