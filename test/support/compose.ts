/** Build RFC 5322 bytes from nodemailer message options (no SMTP involved). */
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';

export async function compose(options: Mail.Options): Promise<Uint8Array> {
  const buffer = await new MailComposer(options).compile().build();
  return new Uint8Array(buffer);
}
