/**
 * What the mailbox readers yield: one message's bytes, or one problem. An
 * import goes on after a problem (a broken file in a folder, an oversized
 * message in an mbox) and reports every one; nothing is dropped silently.
 */

/** The envelope line of an mbox message ("From sender date"). */
export interface MboxFromLine {
  /** The envelope sender as written; "" for MAILER-DAEMON or a missing one. */
  sender: string;
  /** The date on the line, ms since the epoch (read as UTC), or null when unreadable. */
  date: number | null;
}

/** One message found in a file or folder. */
export interface MailboxMessage {
  kind: 'message';
  /** Where it came from, for errors and progress: a path, plus "#n" for the n-th message of an mbox. */
  source: string;
  /** The message bytes, exactly as in the file (mbox: From_ line removed, >From unescaped). */
  raw: Uint8Array;
  /** The mbox envelope line, when the message came from an mbox. */
  fromLine?: MboxFromLine;
  /** True when the mailbox marks it as seen (Maildir flag S). */
  seen?: boolean;
}

/** A file or message that could not be read. */
export interface MailboxError {
  kind: 'error';
  /** The file (or "file#n" message) concerned. */
  source: string;
  /** What went wrong, in plain words. */
  error: string;
}

export type MailboxItem = MailboxMessage | MailboxError;

/** Limits every reader honours. */
export interface ReadOptions {
  /** Larger messages are reported as errors and skipped (default 64 MiB). */
  maxMessageBytes?: number;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** "64 MiB", "1000 bytes": sizes in error messages. */
export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MiB` : `${n} bytes`;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') return 'No such file or folder.';
    if (code === 'EACCES' || code === 'EPERM') return 'Permission denied.';
    if (code === 'EISDIR') return 'This is a folder, not a file.';
    return error.message;
  }
  return String(error);
}

/**
 * A header field's start: a name, optional blanks (obsolete syntax), ':'.
 * RFC 5322 allows any printable ASCII but ':' in a name, but names in use are
 * letters, digits, '-' and rarely '_' or '.'; the narrower rule keeps JSON
 * (`{"name":…`) from passing for a header.
 */
const FIELD_START = /^[A-Za-z0-9][A-Za-z0-9._-]*[ \t]*:/;

/**
 * Why bytes named as one message are not one, or null when they are: a
 * message starts with a header field (From:, Received:, Return-Path:, …).
 * Catches the wrong file dropped or picked (a PNG, a PDF, an Outlook .msg,
 * a JSON body posted to the upload route), which would otherwise be stored
 * as a message of junk. A UTF-8 byte-order mark is allowed before it.
 */
export function notAMessage(bytes: Uint8Array): string | null {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.min(bytes.byteLength - start, 200)).toString('latin1');
  if (FIELD_START.test(head)) return null;
  const first = head.split(/\r?\n/)[0]!;
  const shown = first === '' ? 'a blank line' : `"${first.slice(0, 24).replace(/[^\x20-\x7e]/g, '·')}"`;
  return `Not an email message: a message starts with header lines such as "From: …" or "Received: …", and this starts with ${shown}.`;
}
