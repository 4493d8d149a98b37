/** The full-text row of a message: what each FTS column holds. */
import type { Address, Envelope } from '../../../shared/model/message';
import type { FullTextRow, MessageIndex } from './types';

/** Longest body text indexed per message, in characters (the index producer caps too). */
export const MAX_INDEXED_BODY = 64 * 1024;

/** Text of addresses for the full-text index: names and addresses. */
function addressText(list: readonly Address[]): string {
  return list.map((a) => `${a.name} ${a.address}`.trim()).join(' ');
}

/** subject, sender (From + MAIL FROM), recipients (To, Cc + RCPT TO), body, attachment names. */
export function fullTextColumns(index: MessageIndex, envelope: Envelope | null): FullTextRow['columns'] {
  const mailFrom = envelope?.mailFrom ?? '';
  const rcptTo = envelope?.rcptTo.map((r) => r.address) ?? [];
  return [
    index.subject,
    `${addressText(index.from)} ${mailFrom}`.trim(),
    [addressText(index.to), addressText(index.cc), ...rcptTo].join(' ').trim(),
    index.bodyText.slice(0, MAX_INDEXED_BODY),
    index.attachmentNames.join(' '),
  ];
}
