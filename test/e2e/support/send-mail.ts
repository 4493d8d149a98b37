/**
 * Sends test mail to the capture server the way an app under test would:
 * nodemailer over SMTP with STARTTLS (the host's self-signed certificate)
 * and AUTH, so the SMTP-session tab has TLS and AUTH to show.
 */
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';

export const SMTP_USER = 'qa-bot';
/** Must never appear in the UI or the transcript. */
export const SMTP_PASSWORD = 'Sup3r-S3cret-Passw0rd';

export async function sendMail(port: number, message: Mail.Options, options: { auth?: boolean } = {}): Promise<string> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    requireTLS: true,
    tls: { rejectUnauthorized: false },
    auth: options.auth === false ? undefined : { user: SMTP_USER, pass: SMTP_PASSWORD },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  try {
    const info = await transport.sendMail(message);
    return info.messageId;
  } finally {
    transport.close();
  }
}
