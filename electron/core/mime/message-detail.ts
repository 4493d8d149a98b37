/**
 * Everything the message view shows, derived from the stored bytes on demand
 * (never stored as truth: a better parser improves old messages).
 *
 * Two readers, each for what it is good at: our own header/MIME splitter for
 * the header list in order with raw values and the MIME tree with sizes and
 * warnings; mailparser for text, HTML, charsets and attachments.
 */
import libmime from 'libmime';
import type { Attachment } from 'mailparser';
import type { AttachmentInfo, Envelope, MessageDetail, MessageSummary } from '../../../shared/model/message';
import { deriveFacts } from './derived-facts';
import { readMimeTree } from './mime-tree';
import { htmlOf, parseMail, textOf } from './parse-mail';

export async function buildMessageDetail(raw: Uint8Array, summary: MessageSummary, envelope: Envelope | null): Promise<MessageDetail> {
  const tree = readMimeTree(raw);
  const parseWarnings = [...tree.warnings];
  let text = '';
  let html: string | null = null;
  let attachments: AttachmentInfo[] = [];
  try {
    const mail = await parseMail(raw, { checksums: true });
    text = textOf(mail);
    html = htmlOf(mail);
    attachments = mail.attachments.map((a, index) => attachmentInfo(a, index, html));
    if (mail.textConversionError) {
      parseWarnings.push(`The HTML could not be turned into text (${mail.textConversionError.message}); the Text tab shows a rough version.`);
    }
  } catch (error) {
    parseWarnings.push(`The body could not be read (${error instanceof Error ? error.message : String(error)}); headers and MIME structure are shown as found.`);
  }
  return {
    summary,
    envelope,
    headers: tree.headers,
    text,
    html,
    attachments,
    mime: tree.root,
    derived: deriveFacts({ raw, headers: tree.headers, summary, envelope }),
    parseWarnings,
  };
}

/** The decoded bytes of attachment `index` (as listed in MessageDetail.attachments), or null. */
export async function getAttachmentBytes(raw: Uint8Array, index: number): Promise<{ bytes: Uint8Array; contentType: string; filename: string } | null> {
  if (!Number.isSafeInteger(index) || index < 0) return null;
  let attachment: Attachment | undefined;
  try {
    attachment = (await parseMail(raw, { checksums: false })).attachments[index];
  } catch {
    return null;
  }
  if (!attachment) return null;
  return {
    bytes: new Uint8Array(attachment.content.buffer, attachment.content.byteOffset, attachment.content.byteLength),
    contentType: attachment.contentType.toLowerCase(),
    filename: attachmentName(attachment, index),
  };
}

function attachmentInfo(a: Attachment, index: number, html: string | null): AttachmentInfo {
  const contentId = a.cid ?? '';
  return {
    index,
    filename: attachmentName(a, index),
    contentType: a.contentType.toLowerCase(),
    size: a.size,
    contentId,
    inline: a.contentDisposition === 'inline' || Boolean(a.related) || (contentId !== '' && html !== null && html.includes(`cid:${contentId}`)),
    sha256: a.checksum,
  };
}

/** The part's own file name, or a made-up one with the right extension ("attachment-2.png"). */
function attachmentName(a: Attachment, index: number): string {
  if (a.filename) return a.filename;
  let ext = 'bin';
  try {
    ext = libmime.detectExtension(a.contentType) || 'bin';
  } catch {
    // keep .bin
  }
  return `attachment-${index + 1}.${ext}`;
}
