/**
 * The SMTP explainer, runtime-neutral (used by sends, probes, the capture
 * transcript view and the CLI):
 *
 * - explainReply(code, text, { stage }) — a server reply;
 * - explainReplyText(raw, { stage }) — a reply as on the wire / in a transcript line;
 * - explainConnectionError(error, { host, port, security }) — refused, timed out, DNS, TLS, certificate;
 * - parseReply(text) — code, enhanced code, lines.
 */
export { explainReply, explainReplyText } from './explain-reply';
export { explainConnectionError } from './explain-connection';
export { parseReply, findEnhancedCode, splitEnhancedCode, type ParsedReply } from './parse-reply';
export type { ReplyStage, ReplyContext, ConnectionErrorInput, ConnectionContext } from './types';
export { REPLY_CODES, lookupReplyCode } from './reply-codes';
export { ENHANCED_CODES, lookupEnhancedCode } from './enhanced-codes';
export { PROVIDER_RULES, matchProvider } from './providers/index';
export { CONNECTION_ERRORS } from './connection-errors';
