/**
 * The kinds of message the capture tests send, built as raw bytes (origin:
 * generated here with nodemailer's MailComposer, or written by hand where a
 * composer would "fix" what we want to keep, like raw 8-bit bytes). Every
 * line ends with CRLF, so a client that sends the bytes as they are
 * delivers exactly these bytes.
 */
import MailComposer from 'nodemailer/lib/mail-composer';

export type SampleKind = 'plain' | 'html' | 'attachments' | '8bit' | 'smtputf8';

export interface Sample {
  kind: SampleKind;
  /** Envelope sender. */
  from: string;
  /** Envelope recipients (one of them absent from the headers: a Bcc). */
  to: string[];
  /** Subject, unique per test case (used to find the stored copy). */
  subject: string;
  raw: Buffer;
  /** Needs BODY=8BITMIME. */
  eightBit: boolean;
  /** Needs SMTPUTF8 (non-ASCII envelope). */
  utf8: boolean;
}

/** A small but real PNG (1×1, red), so attachment bytes are binary. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/**
 * CRLF everywhere and at the end: the composer leaves the body's bare LFs
 * alone, and clients disagree about those (nodemailer and swaks turn them
 * into CRLF, smtplib and curl send them as they are), which is not what these
 * tests are about.
 */
function canonical(raw: Buffer): Buffer {
  const text = raw.toString('latin1').replace(/\r?\n/g, '\r\n');
  return Buffer.from(text.endsWith('\r\n') ? text : `${text}\r\n`, 'latin1');
}

async function compose(options: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  const built = await new MailComposer({ ...options, date: new Date('2026-01-02T03:04:05Z') }).compile().build();
  return canonical(built);
}

/** Build one sample; `tag` makes the subject unique (e.g. "swaks-starttls"). */
export async function sample(kind: SampleKind, tag: string): Promise<Sample> {
  const subject = `[${tag}] ${kind}`;
  const base = { from: 'qa-sender@example.test', to: ['inbox@example.test', 'hidden-bcc@example.test'], subject, eightBit: false, utf8: false };
  const headers = { from: 'QA Sender <qa-sender@example.test>', to: 'Inbox <inbox@example.test>', subject, messageId: `<${tag}.${kind}@example.test>` };
  switch (kind) {
    case 'plain':
      return { ...base, kind, raw: await compose({ ...headers, text: `Hello from ${tag}.\n.A line starting with a dot.\n` }) };
    case 'html':
      return {
        ...base,
        kind,
        raw: await compose({ ...headers, text: 'Plain part', html: `<html><body><h1>${tag}</h1><p style="color:red">HTML part</p><img src="https://tracker.example.test/p.gif"></body></html>` }),
      };
    case 'attachments':
      return {
        ...base,
        kind,
        raw: await compose({
          ...headers,
          text: 'See attached.',
          attachments: [
            { filename: 'pixel.png', content: PNG, contentType: 'image/png' },
            { filename: 'notes résumé.txt', content: 'line one\nline two\n', contentType: 'text/plain; charset=utf-8' },
          ],
        }),
      };
    case '8bit': {
      // Hand-written: a composer would re-encode the body as quoted-printable.
      const head = `From: QA Sender <qa-sender@example.test>\r\nTo: inbox@example.test\r\nSubject: ${subject}\r\nMessage-ID: <${tag}.8bit@example.test>\r\nDate: Fri, 02 Jan 2026 03:04:05 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`;
      const raw = Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from('Grüße, naïve café — 日本語 ✓\r\n..double dot line\r\n', 'utf8'), Buffer.from([0xff, 0xfe, 0x0d, 0x0a])]);
      return { ...base, kind, raw, eightBit: true };
    }
    case 'smtputf8': {
      const head = `From: Jörg Müller <jörg@bücher.example>\r\nTo: 用户 <用户@例子.example>\r\nSubject: ${subject} ünïcødé\r\nMessage-ID: <${tag}.utf8@bücher.example>\r\nDate: Fri, 02 Jan 2026 03:04:05 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nInternationalised mail 🌍\r\n`;
      return { ...base, kind, from: 'jörg@bücher.example', to: ['用户@例子.example'], raw: Buffer.from(head, 'utf8'), eightBit: true, utf8: true };
    }
  }
}
