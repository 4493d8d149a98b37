/**
 * The captured-message vocabulary. A message is its raw bytes (the evidence,
 * kept exactly as received) plus the summary and parsed views derived here.
 */

/** One address as written in a header, after RFC 2047 decoding. */
export interface Address {
  /** Display name, decoded; empty string when absent. */
  name: string;
  /** The addr-spec (local@domain); empty when the header was unreadable. */
  address: string;
}

/** One ESMTP parameter on MAIL FROM or RCPT TO (e.g. SIZE=1234, NOTIFY=SUCCESS). */
export type EsmtpParams = Record<string, string | true>;

/** The SMTP envelope a message was delivered with. */
export interface Envelope {
  /** MAIL FROM address; empty string for the null reverse-path `<>`. */
  mailFrom: string;
  /** Parameters given on MAIL FROM (SIZE, BODY, SMTPUTF8, RET, ENVID…), keys upper-cased. */
  mailFromParams: EsmtpParams;
  /** Each RCPT TO in the order given, with its parameters (NOTIFY, ORCPT…). */
  rcptTo: { address: string; params: EsmtpParams }[];
}

/** Where a stored message came from. */
export type MessageSource = 'smtp' | 'import';

/** The row shown in the inbox list: cheap to fetch in pages of hundreds. */
export interface MessageSummary {
  /** Store id, increasing with arrival order. */
  id: number;
  /** When the message was committed, ms since the epoch. */
  receivedAt: number;
  /** How it arrived. */
  source: MessageSource;
  /** The SMTP session that delivered it (null for imports). */
  sessionId: number | null;
  /** Envelope sender (MAIL FROM); empty for `<>` and for imports without envelope. */
  mailFrom: string;
  /** Envelope recipients (RCPT TO). */
  rcptTo: string[];
  /** From header, decoded. */
  from: Address[];
  /** To header, decoded. */
  to: Address[];
  /** Cc header, decoded. */
  cc: Address[];
  /** Subject header, decoded; empty when absent. */
  subject: string;
  /** Date header as ms since the epoch; null when absent or unparsable. */
  date: number | null;
  /** Message-ID header without angle brackets; empty when absent. */
  messageId: string;
  /** Size of the raw bytes. */
  size: number;
  /** Number of attachment parts (inline images included when they have a filename). */
  attachmentCount: number;
  /** True once the user has opened it. */
  read: boolean;
  /** A short plain-text preview of the body (first ~200 characters). */
  snippet: string;
  /** Free-form labels. */
  tags: string[];
}

/** One header field, in message order. */
export interface HeaderField {
  /** Field name as written (case kept). */
  name: string;
  /** The raw field value, unfolded (CRLF+WSP removed) but not decoded. */
  raw: string;
  /** The value with RFC 2047 encoded words decoded. */
  decoded: string;
}

/** One node of the MIME tree. */
export interface MimePart {
  /** Dotted part path ("1", "1.2"…); "" for the root. */
  path: string;
  /** Content-Type type/subtype, lower-cased. */
  contentType: string;
  /** Content-Type parameters (charset, boundary, name…). */
  params: Record<string, string>;
  /** Content-Transfer-Encoding, lower-cased; "7bit" when absent. */
  transferEncoding: string;
  /** Content-Disposition type (inline/attachment) or "" when absent. */
  disposition: string;
  /** Filename from Content-Disposition or Content-Type name, decoded; "" when none. */
  filename: string;
  /** Content-ID without angle brackets; "" when none. */
  contentId: string;
  /** Size in bytes of the encoded body of this part (as on the wire). */
  encodedSize: number;
  /** Size in bytes after transfer decoding (leaves only; 0 for multiparts). */
  decodedSize: number;
  /** Child parts (multipart/* and message/rfc822). */
  children: MimePart[];
}

/** An attachment as listed in the Attachments tab. */
export interface AttachmentInfo {
  /** Index used to download it (`getAttachment`). */
  index: number;
  /** File name, decoded; a generated name when the part had none. */
  filename: string;
  /** MIME type, lower-cased. */
  contentType: string;
  /** Decoded size in bytes. */
  size: number;
  /** Content-ID when the part is referenced inline (cid:). */
  contentId: string;
  /** True when referenced from the HTML body via cid: or disposition inline. */
  inline: boolean;
  /** Hex SHA-256 of the decoded content. */
  sha256: string;
}

/** A fact derived from the message that the raw bytes do not state directly. */
export interface DerivedFact {
  /** Stable key, e.g. "bcc", "missing-message-id", "missing-date", "return-path". */
  kind: string;
  /** Plain-language statement shown to the user. */
  text: string;
}

/** Everything the message view needs, derived from the raw bytes. */
export interface MessageDetail {
  /** The list row. */
  summary: MessageSummary;
  /** The SMTP envelope, or null for imports without one. */
  envelope: Envelope | null;
  /** All header fields in order. */
  headers: HeaderField[];
  /** Plain-text body (text/plain part, or text derived from HTML); "" when none. */
  text: string;
  /** The HTML body exactly as sent (NOT sanitised: the renderer sanitises); null when none. */
  html: string | null;
  /** Attachments, in MIME order. */
  attachments: AttachmentInfo[];
  /** MIME structure. */
  mime: MimePart;
  /** Facts derived from envelope + headers (Bcc recipients, missing fields…). */
  derived: DerivedFact[];
  /** Problems met while parsing (broken MIME, bad encodings); empty when clean. */
  parseWarnings: string[];
}
