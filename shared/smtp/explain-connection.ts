/**
 * explainConnectionError: a failure before or outside an SMTP reply (refused,
 * timed out, DNS, TLS, certificate), read by error code with the host, port
 * and security setting to tell apart the usual mix-ups (implicit TLS on a
 * STARTTLS port and the reverse, outbound port 25 blocked).
 */
import type { ReplyExplanation } from '../model/smtp-reply';
import { CONNECTION_ERRORS, TIMEOUT_READINGS, UNKNOWN_CONNECTION_ERROR, type ConnectionErrorEntry } from './connection-errors';
import { explainReply } from './explain-reply';
import type { ConnectionContext, ConnectionErrorInput, ReplyStage } from './types';

/** nodemailer wraps socket errors in these and keeps the real code in `originalCode`. */
const WRAPPERS = new Set(['ESOCKET', 'ECONNECTION', 'ETLS']);
const IMPLICIT = new Set(['tls', 'implicit', 'ssl', 'secure']);

/** Maps nodemailer's and smtp-client's command names to the reply stage. */
function stageOf(command: string | undefined): ReplyStage | undefined {
  const c = (command ?? '').toUpperCase();
  if (c === 'CONN' || c === 'CONNECT' || c === 'GREETING') return 'connect';
  if (c.startsWith('EHLO') || c.startsWith('HELO') || c.startsWith('LHLO')) return 'ehlo';
  if (c.startsWith('STARTTLS')) return 'starttls';
  if (c.startsWith('AUTH')) return 'auth';
  if (c.startsWith('MAIL')) return 'mail';
  if (c.startsWith('RCPT')) return 'rcpt';
  if (c === 'DATA') return 'data';
  if (c === 'MESSAGE' || c === 'DATA END' || c === '.') return 'after-data';
  if (c === 'QUIT' || c === 'RSET') return 'quit';
  return undefined;
}

/** The code that names the real failure: the wrapped one when nodemailer wrapped it. */
function effectiveCode(error: ConnectionErrorInput): string {
  const code = (error.code ?? '').trim();
  const original = (error.originalCode ?? '').trim();
  if (original && (WRAPPERS.has(code) || !code)) return original;
  return code || original;
}

function lookup(code: string): ConnectionErrorEntry | null {
  if (!code) return null;
  const upper = code.toUpperCase();
  return CONNECTION_ERRORS.get(upper) ?? CONNECTION_ERRORS.get(`ERR_SSL_${upper}`) ?? CONNECTION_ERRORS.get(upper.replace(/^ERR_SSL_/, '')) ?? null;
}

function timeoutReading(error: ConnectionErrorInput): ConnectionErrorEntry {
  const c = (error.command ?? '').toUpperCase();
  // nodemailer's fixed wording for a greeting timeout (its own text, not an OpenSSL one).
  if (c === 'GREETING' || /greeting never received/i.test(error.message ?? '')) return TIMEOUT_READINGS.greeting;
  if (c === 'TLS' || c === 'STARTTLS') return TIMEOUT_READINGS.tls;
  if (c && c !== 'CONN' && c !== 'CONNECT') return TIMEOUT_READINGS.command;
  return TIMEOUT_READINGS.connect;
}

function where(context: ConnectionContext): string {
  if (!context.host && context.port === undefined) return '';
  return ` (${context.host ?? 'host'}${context.port !== undefined ? `:${context.port}` : ''})`;
}

/** Explains a connection-level failure. Never throws. */
export function explainConnectionError(error: ConnectionErrorInput, context: ConnectionContext = {}): ReplyExplanation {
  // A refused command reported as an error (EAUTH, EENVELOPE, EMESSAGE…): the server's reply says more.
  if (error.responseCode !== undefined && error.responseCode >= 200 && error.responseCode <= 599 && error.response) {
    const explained = explainReply(error.responseCode, error.response, { stage: stageOf(error.command) });
    if (error.code) explained.references = [...explained.references, 'nodemailer lib/errors (field notes §3.4)'];
    return explained;
  }
  const code = effectiveCode(error);
  const upper = code.toUpperCase();
  const isTimeout = upper === 'ETIMEDOUT' || upper === 'ETIMEOUT' || upper === 'ETIME';
  const entry = isTimeout ? timeoutReading(error) : lookup(code) ?? (error.code ? lookup(error.code) : null) ?? UNKNOWN_CONNECTION_ERROR;
  const port = context.port;
  const implicit = context.security !== undefined && IMPLICIT.has(context.security.toLowerCase());
  let meaning = entry.meaning;
  let fix = entry.fix;
  let title = entry.title;

  if (entry === TIMEOUT_READINGS.connect && port === 25) {
    meaning += ' Outbound port 25 is blocked on many home, office and cloud networks: a timeout to every MX on 25 is almost always that.';
  }
  if (entry === TIMEOUT_READINGS.greeting && port === 465 && !implicit) {
    title = 'Greeting never received: port 465 expects implicit TLS';
    meaning = 'Port 465 is submission over implicit TLS (RFC 8314): the server waits for a TLS handshake while the client waits for a plain-text greeting.';
    fix = 'Set security to implicit TLS for port 465 (or use 587 with STARTTLS).';
  }
  if (upper.endsWith('WRONG_VERSION_NUMBER')) {
    if (port === 465) {
      meaning = 'The client started TLS, but the server on 465 answered in plain text: this server runs plain SMTP/STARTTLS on 465, against convention.';
      fix = 'Use STARTTLS on this port, or ask the server\'s administrator to serve implicit TLS on 465.';
    } else if (port !== undefined) {
      meaning = `The client started TLS right away on port ${port}, but the server speaks plain SMTP there and upgrades with STARTTLS. Implicit TLS belongs on 465.`;
      fix = `Set security to STARTTLS for port ${port}, or use implicit TLS on port 465.`;
    }
  }
  if (upper === 'ECONNREFUSED' && (context.host === 'localhost' || context.host?.startsWith('127.') || context.host === '::1')) {
    meaning += ' On this machine that means no server is running on that port.';
  }

  const known = entry !== UNKNOWN_CONNECTION_ERROR;
  const codeNote = code ? ` [${code}${error.code && error.code !== code ? ` via ${error.code}` : ''}]` : '';
  return {
    code: null,
    enhanced: null,
    category: 'connection',
    title,
    meaning: `${meaning}${where(context)}${known ? '' : codeNote}`.trim(),
    provider: null,
    fix,
    references: [...entry.references],
  };
}
