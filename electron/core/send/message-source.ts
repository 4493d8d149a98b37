/**
 * What to send, as bytes and an envelope: a message composed in the app
 * (nodemailer's MailComposer: text, HTML, attachments, custom headers), a
 * stored message replayed raw (its bytes unchanged) or edited (header edits
 * on a copy), or an uploaded .eml. Optionally DKIM-signed (mailauth) — the
 * signature is prepended, the rest of the bytes stay as they were.
 */
import { dkimSign } from 'mailauth';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { SendDkim, SendSource } from '../../../shared/model/send';
import type { Envelope } from '../../../shared/model/message';
import { badRequest, notFound } from '../errors';
import { applyHeaderEdits, headerAddresses, headerValues } from './header-edits';

/** Largest message a send accepts (the capture server's own default limit is 25 MB). */
export const MAX_SEND_BYTES = 50 * 1024 * 1024;

export interface PreparedMessage {
  raw: Buffer;
  /** Envelope derived from the source (captured envelope, or the header addresses). */
  envelope: { from: string; to: string[] };
  subject: string;
  /** "composed", "captured #12 (raw)", "upload x.eml". */
  sourceLabel: string;
}

/** Read access to stored messages (the core's MessageStore satisfies it). */
export interface StoredMessages {
  getRaw(id: number): Uint8Array | null;
  getEnvelope(id: number): Envelope | null;
}

function addressList(value: unknown, name: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw badRequest(`"${name}" must be a list of addresses.`);
  return (value as string[]).map((v) => v.trim()).filter(Boolean);
}

function text(value: unknown, name: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw badRequest(`"${name}" must be text.`);
  return value;
}

async function compose(source: Extract<SendSource, { kind: 'compose' }>): Promise<PreparedMessage> {
  const from = text(source.from, 'from').trim();
  if (!from) throw badRequest('A composed message needs a From address.');
  const to = addressList(source.to, 'to');
  const cc = addressList(source.cc, 'cc');
  const bcc = addressList(source.bcc, 'bcc');
  const attachments = (Array.isArray(source.attachments) ? source.attachments : []).map((a, i) => {
    if (typeof a?.contentBase64 !== 'string') throw badRequest(`Attachment ${i + 1} needs its content as base64.`);
    return { filename: text(a.filename, 'filename') || `attachment-${i + 1}`, contentType: text(a.contentType, 'contentType') || 'application/octet-stream', content: Buffer.from(a.contentBase64, 'base64') };
  });
  const headers = (Array.isArray(source.headers) ? source.headers : []).map((h) => {
    const name = text(h?.name, 'header name').trim();
    const value = text(h?.value, 'header value');
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) throw badRequest(`"${name}" is not a valid header name.`);
    if (/[\r\n]/.test(value)) throw badRequest(`The value of ${name} must be on one line.`);
    return { key: name, value };
  });
  const subject = text(source.subject, 'subject');
  const mail = new MailComposer({
    from,
    to,
    cc,
    bcc,
    subject,
    ...(source.text ? { text: text(source.text, 'text') } : {}),
    ...(source.html ? { html: text(source.html, 'html') } : {}),
    ...(!source.text && !source.html ? { text: '' } : {}),
    attachments,
    headers,
  }).compile();
  const raw = await mail.build();
  const envelope = mail.getEnvelope();
  return { raw, envelope: { from: envelope.from || '', to: envelope.to }, subject, sourceLabel: 'composed' };
}

/** Envelope of a raw message without a stored one: Return-Path (or From) → To, Cc, Bcc. */
export function envelopeFromHeaders(raw: Buffer): { from: string; to: string[] } {
  const returnPath = headerAddresses(raw, ['Return-Path'])[0];
  return { from: returnPath ?? headerAddresses(raw, ['Sender', 'From'])[0] ?? '', to: headerAddresses(raw, ['To', 'Cc', 'Bcc']) };
}

export async function prepareMessage(source: SendSource, store: StoredMessages | null): Promise<PreparedMessage> {
  if (typeof source !== 'object' || source === null) throw badRequest('"source" is required.');
  switch (source.kind) {
    case 'compose':
      return compose(source);
    case 'stored': {
      if (!store) throw badRequest('Replaying a stored message needs a workspace.');
      if (!Number.isSafeInteger(source.id) || source.id < 1) throw badRequest('"source.id" must be a message id.');
      const stored = store.getRaw(source.id);
      if (!stored) throw notFound(`Message ${source.id} does not exist (it may have been deleted).`);
      const original = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
      const edited = source.mode === 'edited';
      let raw: Buffer = Buffer.from(original);
      if (edited) {
        try {
          raw = applyHeaderEdits(original, Array.isArray(source.headerEdits) ? source.headerEdits : []);
        } catch (error) {
          throw badRequest((error as Error).message);
        }
      }
      const captured = store.getEnvelope(source.id);
      const envelope = captured ? { from: captured.mailFrom, to: captured.rcptTo.map((r) => r.address) } : envelopeFromHeaders(raw);
      return { raw, envelope, subject: headerValues(raw, 'Subject')[0] ?? '', sourceLabel: `${captured ? 'captured' : 'stored'} #${source.id} (${edited ? 'edited' : 'raw'})` };
    }
    case 'eml': {
      if (typeof source.rawBase64 !== 'string' || source.rawBase64.length === 0) throw badRequest('The .eml upload is empty.');
      const raw = Buffer.from(source.rawBase64, 'base64');
      if (raw.length === 0) throw badRequest('The .eml upload is empty.');
      return { raw, envelope: envelopeFromHeaders(raw), subject: headerValues(raw, 'Subject')[0] ?? '', sourceLabel: `upload ${text(source.name, 'name') || 'message.eml'}` };
    }
    default:
      throw badRequest('"source.kind" must be compose, stored or eml.');
  }
}

/** Prepend a DKIM-Signature made with mailauth; the key is used for this call only. */
export async function signDkim(raw: Buffer, dkim: SendDkim): Promise<Buffer> {
  if (!dkim.domain || !dkim.selector || !dkim.privateKeyPem) throw badRequest('DKIM signing needs a domain, a selector and a private key.');
  let result;
  try {
    // mailauth signs what `signatureData` lists (the top-level fields only satisfy its typings).
    const signature = { signingDomain: dkim.domain, selector: dkim.selector, privateKey: dkim.privateKeyPem };
    result = await dkimSign(raw, { ...signature, signatureData: [signature], canonicalization: 'relaxed/relaxed' });
  } catch (error) {
    throw badRequest(`DKIM signing failed: ${(error as Error).message}`);
  }
  if (result.errors.length > 0 || !result.signatures) {
    throw badRequest(`DKIM signing failed: ${result.errors.map((e) => (e as { err?: Error }).err?.message ?? JSON.stringify(e)).join('; ') || 'no signature was made'}`);
  }
  return Buffer.concat([Buffer.from(result.signatures, 'utf8'), raw]);
}
