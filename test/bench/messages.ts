/**
 * Messages for the capture benchmark, all generated here (no fixtures to
 * carry around), deterministic so two runs send the same bytes:
 *
 * - `fixedSizeMessage`: a plain-text message of an exact size (11 KiB, the
 *   size smtp-source is asked for), for the latency runs.
 * - `writeMixMessages`: the realistic mix, composed by nodemailer's
 *   MailComposer into real .eml files: 2 KB plain text, 50 KB HTML with a
 *   small PDF-like attachment, 1 MB with a large binary attachment.
 * - `seedMessage`: varied small messages (senders, subjects, body words drawn
 *   from a vocabulary) for the 100 000-message store, so full-text and field
 *   searches have realistic selectivity.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { prng } from '../support/prng';

const CRLF = '\r\n';

const WORDS = (
  'account action address agenda alert analysis answer approval archive audit balance batch billing budget build calendar ' +
  'campaign change checkout client confirm contract customer dashboard deadline delivery deploy design digest discount ' +
  'document draft estimate event export feedback forecast invoice issue launch ledger license meeting metrics migration ' +
  'milestone monthly newsletter notice offer onboarding order outage password payment pipeline plan policy preview price ' +
  'project proposal purchase quarterly quote receipt refund release reminder renewal report request review roadmap ' +
  'schedule security server shipment signup sprint staging statement status subscription summary support survey team ' +
  'ticket timeline trial update upgrade usage vendor verify warehouse webinar weekly welcome workshop'
).split(' ');

const FIRST = ['ada', 'bruno', 'chen', 'dana', 'emeka', 'farah', 'gita', 'hugo', 'ines', 'jonas', 'kofi', 'lena', 'mateo', 'nadia', 'olga', 'priya', 'quinn', 'rosa', 'sven', 'tariq'];
const LAST = ['okafor', 'lindqvist', 'moreau', 'tanaka', 'silva', 'novak', 'haddad', 'kowalski', 'reyes', 'nguyen', 'fischer', 'ibrahim', 'costa', 'park', 'walsh'];
const DOMAINS = ['shop.example.com', 'billing.example.net', 'app.example.org', 'alerts.example.io', 'crm.example.dev'];

/**
 * 2 000 made-up product code names ("kelavor", "tisumar"…). Each seed message
 * mentions one, so a search for one of them matches ~0.05% of the store — the
 * selective search a user types, unlike the common vocabulary above.
 */
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'bi', 'do', 'fu', 'ga', 'he', 'ji', 'ku', 'la', 'mo', 'nu', 'pe'];
export function rareWord(i: number): string {
  const n = i % 2000;
  return `${SYLLABLES[n % 20]}${SYLLABLES[Math.floor(n / 20) % 20]}${SYLLABLES[Math.floor(n / 400) % 20]}var`;
}

/** 20 × 15 × 5 = 1 500 distinct senders; sender i is deterministic. */
export function seedSender(i: number): string {
  const first = FIRST[i % FIRST.length] as string;
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length] as string;
  const domain = DOMAINS[Math.floor(i / (FIRST.length * LAST.length)) % DOMAINS.length] as string;
  return `${first}.${last}@${domain}`;
}
export const SEED_SENDER_COUNT = FIRST.length * LAST.length * DOMAINS.length;

function words(random: () => number, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(WORDS[Math.floor(random() * WORDS.length)] as string);
  return out.join(' ');
}

/** Wrap words into CRLF lines of at most 76 characters. */
function wrap(text: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > 76) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join(CRLF);
}

function headers(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `${name}: ${value}`)
    .join(CRLF);
}

const BASE_DATE = Date.UTC(2026, 0, 5, 9, 0, 0);

/** A plain-text message of exactly `size` bytes (size ≥ 1 KiB). */
export function fixedSizeMessage(index: number, size: number): Buffer {
  const head =
    headers({
      From: 'Load Generator <bench@loadgen.example.test>',
      To: 'Inbox <inbox@capture.example.test>',
      Subject: `Benchmark message ${index}`,
      Date: new Date(BASE_DATE + index * 1000).toUTCString().replace('GMT', '+0000'),
      'Message-ID': `<bench-${index}@loadgen.example.test>`,
      'MIME-Version': '1.0',
      'Content-Type': 'text/plain; charset=us-ascii',
    }) +
    CRLF +
    CRLF;
  const random = prng(index + 1);
  let body = '';
  while (head.length + body.length < size) body += wrap(words(random, 60)) + CRLF;
  // Trim to the exact size, keeping the message ending with CRLF.
  const text = (head + body).slice(0, size - 2) + CRLF;
  return Buffer.from(text, 'latin1');
}

/** One of the varied messages that fill the store for the search timings. */
export function seedMessage(index: number): Buffer {
  const random = prng(0x5eed + index);
  const sender = seedSender(Math.floor(random() * SEED_SENDER_COUNT));
  const subject = `${words(random, 1)} ${words(random, 1)} #${10_000 + index} ${words(random, 3)}`;
  const paragraphs = 1 + Math.floor(random() * 3);
  const body: string[] = [];
  for (let p = 0; p < paragraphs; p++) body.push(wrap(words(random, 40 + Math.floor(random() * 80))));
  body.push(`Product: ${rareWord(Math.floor(random() * 2000))}, ticket ${100_000 + index}.`);
  const text =
    headers({
      From: `${sender.split('@')[0]!.replace('.', ' ')} <${sender}>`,
      To: `dev-${index % 50}@staging.example.test`,
      Subject: subject,
      Date: new Date(BASE_DATE + index * 60_000).toUTCString().replace('GMT', '+0000'),
      'Message-ID': `<seed-${index}@${sender.split('@')[1]}>`,
      'MIME-Version': '1.0',
      'Content-Type': 'text/plain; charset=utf-8',
    }) +
    CRLF +
    CRLF +
    body.join(CRLF + CRLF) +
    CRLF;
  return Buffer.from(text, 'utf8');
}

/** The mix: 14 small, 5 medium, 1 large in every 20 messages. */
export type MixKind = 'small' | 'medium' | 'large';
const MIX_PATTERN: MixKind[] = ['small', 'small', 'medium', 'small', 'small', 'small', 'medium', 'small', 'small', 'small', 'large', 'small', 'medium', 'small', 'small', 'small', 'medium', 'small', 'small', 'medium'];

export function mixKind(index: number): MixKind {
  return MIX_PATTERN[index % MIX_PATTERN.length] as MixKind;
}

function pseudoBinary(bytes: number, seed: number): Buffer {
  const random = prng(seed);
  const out = Buffer.allocUnsafe(bytes);
  for (let i = 0; i < bytes; i++) out[i] = Math.floor(random() * 256);
  return out;
}

async function compose(kind: MixKind, n: number): Promise<Buffer> {
  const random = prng(0xa11 + n * 7 + kind.length);
  const common = {
    from: 'Staging App <no-reply@staging.example.test>',
    to: `QA ${n} <qa-${n}@capture.example.test>`,
    subject: `${kind} ${words(random, 4)}`,
    date: new Date(BASE_DATE + n * 1000),
    messageId: `<mix-${kind}-${n}@staging.example.test>`,
  };
  if (kind === 'small') {
    // ~2 KB: a transactional plain-text notice.
    return new MailComposer({ ...common, text: wrap(words(random, 210)) }).compile().build();
  }
  if (kind === 'medium') {
    // ~50 KB: HTML newsletter with a text alternative and a 16 KB PDF-like attachment.
    const paragraphs = Array.from({ length: 40 }, () => `<p style="margin:0 0 12px;font-family:Arial">${words(random, 60)}</p>`).join('\r\n');
    return new MailComposer({
      ...common,
      text: wrap(words(random, 400)),
      html: `<!doctype html><html><body><table width="600"><tr><td>${paragraphs}</td></tr></table></body></html>`,
      attachments: [{ filename: `statement-${n}.pdf`, contentType: 'application/pdf', content: pseudoBinary(16 * 1024, n) }],
    })
      .compile()
      .build();
  }
  // ~1 MB: a report with a 740 KB binary attachment (base64 makes it ~1 MB on the wire).
  return new MailComposer({
    ...common,
    text: wrap(words(random, 120)),
    html: `<p>${words(random, 120)}</p>`,
    attachments: [{ filename: `export-${n}.zip`, contentType: 'application/zip', content: pseudoBinary(740 * 1024, n + 99) }],
  })
    .compile()
    .build();
}

/** Compose the mix pool, write each as an .eml file into `dir`, and return the pool by kind. */
export async function writeMixMessages(dir: string): Promise<Record<MixKind, Buffer[]>> {
  mkdirSync(dir, { recursive: true });
  const pool: Record<MixKind, Buffer[]> = { small: [], medium: [], large: [] };
  const counts: Record<MixKind, number> = { small: 14, medium: 5, large: 2 };
  for (const kind of ['small', 'medium', 'large'] as const) {
    for (let n = 0; n < counts[kind]; n++) {
      // SMTP wants CRLF everywhere; make sure no bare LF slipped in from the composed parts.
      const message = Buffer.from((await compose(kind, n)).toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
      writeFileSync(path.join(dir, `${kind}-${n}.eml`), message);
      pool[kind].push(message);
    }
  }
  return pool;
}

/** The i-th message of the mix from a pool. */
export function mixMessage(pool: Record<MixKind, Buffer[]>, index: number): Buffer {
  const list = pool[mixKind(index)];
  return list[Math.floor(index / MIX_PATTERN.length) % list.length] as Buffer;
}
