/**
 * smtp-server's envelope → the stored Envelope. smtp-server resets
 * `session.envelope` as soon as the DATA reply is sent, so the capture server
 * copies it when DATA starts, through this function.
 */
import type { SMTPServerAddress, SMTPServerEnvelope } from 'smtp-server';
import type { Envelope, EsmtpParams } from '../../../shared/model/message';

function params(address: SMTPServerAddress): EsmtpParams {
  const out: EsmtpParams = {};
  // smtp-server upper-cases keys already; keep values as written (ORCPT stays xtext).
  for (const [key, value] of Object.entries(address.args || {})) out[key.toUpperCase()] = value;
  return out;
}

export function toEnvelope(envelope: SMTPServerEnvelope): Envelope {
  const from = envelope.mailFrom || null;
  return {
    mailFrom: from ? from.address : '',
    mailFromParams: from ? params(from) : {},
    rcptTo: envelope.rcptTo.map((rcpt) => ({ address: rcpt.address, params: params(rcpt) })),
  };
}
