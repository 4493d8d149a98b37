/**
 * The queue id a receiving server names in its final 250 reply, so support
 * can quote it to the receiving side ("Queued as 4Xyz…"). Server wordings
 * differ; these are the common ones:
 *
 *   Postfix        250 2.0.0 Ok: queued as 4ABCD1234
 *   Exim           250 OK id=1tXyZa-000Abc-Cd
 *   Sendmail       250 2.0.0 4AB1cdE1234567 Message accepted for delivery
 *   Mailscope      250 OK: stored as message 12
 *   Gmail          250 2.0.0 OK  1700000000 a1b2c3d4e5f6si.123 - gsmtp
 *   Microsoft 365  250 2.0.0 OK <id@….prod.outlook.com> [Hostname=…]
 *   Amazon SES     250 Ok 0100018b5c3c0a4f-…-000000
 *
 * nodemailer 10 parses the Microsoft and SES forms into a server Message-ID
 * (`serverMessageId`); that wins when present.
 */

const PATTERNS: RegExp[] = [
  /\bqueued as\s+#?([A-Za-z0-9][\w.@<>:-]*)/i,
  /\bid=([A-Za-z0-9][\w.-]*)/i,
  /\bstored as message\s+#?(\d+)/i,
  /\b2\.0\.0 OK\s+(<[^<>\s]+>)/i,
  /\bOK\s+\d+\s+([\w.-]+)\s+-\s+gsmtp\b/i,
  /^250 Ok ([0-9a-f]+(?:-[0-9a-f]+){2,})\s*$/i,
  /^250 2\.0\.0 ([A-Za-z0-9]{10,20}) Message accepted for delivery/i,
  /\bmessage id:?\s*(<?[\w.@-]+>?)/i,
];

/** The queue id named in a final reply, or null. `serverMessageId` is nodemailer's own parse, preferred when set. */
export function parseQueueId(reply: string, serverMessageId?: string | null): string | null {
  if (serverMessageId) return serverMessageId;
  const last = reply.split(/\r?\n/).pop()?.trim() ?? '';
  if (!/^2\d\d[ -]/.test(last)) return null;
  for (const pattern of PATTERNS) {
    const match = pattern.exec(last);
    if (match?.[1]) return match[1].replace(/[.,;]+$/, '');
  }
  return null;
}
