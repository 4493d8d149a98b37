/**
 * Writes messages as one mboxrd file: each message gets a From_ line with its
 * envelope sender and date, lines that start with ">*From " get one more ">"
 * (so readers that unescape, ours included, restore them exactly), and a blank
 * line separates messages.
 *
 * Line endings follow each message: a CRLF message gets a CRLF From_ line and
 * separator, so export → import gives back the same bytes. A message that
 * does not end with a line break gets one (mbox cannot store that
 * difference); everything else round-trips byte for byte.
 */

/** What the writer needs of a stored message. */
export interface MboxEntry {
  /** The exact message bytes. */
  raw: Uint8Array;
  /** Envelope sender (MAIL FROM); "" or undefined is written as MAILER-DAEMON. */
  sender?: string;
  /** Delivery time for the From_ line, ms since the epoch. */
  date: number;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The From_ line text (without line end): "From sender Wed May 15 08:00:00 2024" in UTC. */
export function fromLineText(sender: string | undefined, date: number): string {
  // An address with whitespace would split the line into wrong fields; such senders are pathological.
  const who = sender && sender.trim() !== '' ? sender.replace(/\s+/g, '_') : 'MAILER-DAEMON';
  return `From ${who} ${asctime(new Date(Number.isFinite(date) ? date : 0))}`;
}

function asctime(d: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** The mbox bytes of one message (From_ line, escaped body, separator). */
export function mboxMessage(entry: MboxEntry): Uint8Array {
  const raw = Buffer.from(entry.raw.buffer, entry.raw.byteOffset, entry.raw.byteLength);
  const eol = firstLineEnding(raw);
  const parts: Buffer[] = [Buffer.from(fromLineText(entry.sender, entry.date) + eol, 'latin1')];
  let pos = 0;
  while (pos < raw.length) {
    const nl = raw.indexOf(0x0a, pos);
    const end = nl === -1 ? raw.length : nl + 1;
    const line = raw.subarray(pos, end);
    if (line[0] === 0x3e || line[0] === 0x46) {
      if (/^>*From /.test(line.subarray(0, 64).toString('latin1'))) parts.push(Buffer.from('>'));
    }
    parts.push(line);
    pos = end;
  }
  if (raw.length === 0 || raw[raw.length - 1] !== 0x0a) parts.push(Buffer.from(eol));
  parts.push(Buffer.from(eol)); // the blank separator line
  const out = Buffer.concat(parts);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Stream an mbox one message at a time (for writing big exports to a file). */
export function* mboxChunks(entries: Iterable<MboxEntry>): Generator<Uint8Array> {
  for (const entry of entries) yield mboxMessage(entry);
}

/** A whole mbox in memory (for an API response). */
export function buildMbox(entries: Iterable<MboxEntry>): Uint8Array {
  const out = Buffer.concat([...mboxChunks(entries)]);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

function firstLineEnding(raw: Buffer): string {
  const nl = raw.indexOf(0x0a);
  return nl > 0 && raw[nl - 1] === 0x0d ? '\r\n' : '\n';
}
