/**
 * Streaming mbox reader: a 1 GB mbox is read chunk by chunk and only the
 * message being assembled is held in memory.
 *
 * Format choices (there is no single mbox standard):
 * - A message starts at a line beginning "From " that follows a blank line
 *   (or starts the file), as every mbox writer emits it. A "From " line
 *   without a blank line before it also starts a message when it has the
 *   strict From_ shape ("From sender Wed May 15 08:00:00 2024"): some writers
 *   omit the blank line, and a body line that looks exactly like that is rare.
 * - The blank line before a From_ line is the separator, not message content.
 * - Every file is read as mboxrd: a line ">From ", ">>From "… loses one ">".
 *   For mboxo files this also unescapes ">From " lines that were genuinely
 *   in the body; mboxo cannot tell the two apart, so nothing better exists.
 * - Line endings are kept as they are in the file (LF or CRLF, even mixed):
 *   the bytes are the evidence, and the From_ line carries no message data.
 */
import { describeError, DEFAULT_MAX_MESSAGE_BYTES, formatBytes, type MailboxItem, type MboxFromLine, type ReadOptions } from './mailbox-item';

const LF = 0x0a;
const CR = 0x0d;
const FROM_ = Buffer.from('From ');
/** "From sender Www Mmm dd hh:mm:ss yyyy" (asctime), optionally with a zone or trailing fields. */
const STRICT_FROM_LINE = /^From \S+ +(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} \d{1,2}:\d{2}(:\d{2})?( [A-Z+-][\w+-]*)? \d{4}/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** True when the bytes look like an mbox (they start with a "From " line). */
export function looksLikeMbox(head: Uint8Array): boolean {
  return head.length >= 5 && Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 5)).equals(FROM_);
}

/**
 * Read messages from mbox bytes arriving in chunks (a file stream, or one
 * Uint8Array in an array). `source` names the file in items ("inbox.mbox#3").
 */
export async function* readMbox(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, source: string, options: ReadOptions = {}): AsyncGenerator<MailboxItem> {
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  let carry: Buffer = Buffer.alloc(0);
  let lines: Buffer[] = [];
  let size = 0;
  let tooBig = false;
  let fromLine: MboxFromLine | null = null;
  let count = 0;
  let prevBlank = true; // the start of the file counts as "after a blank line"
  let started = false;

  function* finish(): Generator<MailboxItem> {
    if (fromLine === null) return;
    count++;
    const name = `${source}#${count}`;
    if (tooBig) {
      yield { kind: 'error', source: name, error: `This message is larger than ${formatBytes(maxBytes)} and was skipped.` };
    } else {
      // Drop the separator: the blank line that preceded the next From_ line (or ended the file).
      const last = lines[lines.length - 1];
      if (last && isBlank(last)) size -= lines.pop()!.length;
      yield { kind: 'message', source: name, raw: new Uint8Array(Buffer.concat(lines, size)), fromLine };
    }
    lines = [];
    size = 0;
    tooBig = false;
  }

  function* line(bytes: Buffer): Generator<MailboxItem> {
    const startsFrom = bytes.length >= 5 && bytes[0] === 0x46 && bytes.subarray(0, 5).equals(FROM_);
    if (startsFrom && (prevBlank || STRICT_FROM_LINE.test(bytes.toString('latin1')))) {
      yield* finish();
      fromLine = parseFromLine(bytes);
      started = true;
      prevBlank = false;
      return;
    }
    prevBlank = isBlank(bytes);
    if (!started) {
      if (!prevBlank) throw new NotMbox();
      return;
    }
    if (tooBig) return;
    let out = bytes;
    if (bytes[0] === 0x3e && /^>+From /.test(bytes.subarray(0, 64).toString('latin1'))) out = bytes.subarray(1);
    size += out.length;
    if (size > maxBytes) {
      tooBig = true;
      lines = [];
      return;
    }
    lines.push(out);
  }

  try {
    for await (const chunk of chunks) {
      const buf = carry.length > 0 ? Buffer.concat([carry, toBuffer(chunk)]) : toBuffer(chunk);
      let pos = 0;
      for (let eol = buf.indexOf(LF, pos); eol !== -1; eol = buf.indexOf(LF, pos)) {
        // Lines are views into the chunk until the message is concatenated: chunks
        // must not be reused by the producer (fs streams and arrays never do).
        yield* line(buf.subarray(pos, eol + 1));
        pos = eol + 1;
      }
      carry = Buffer.from(buf.subarray(pos));
    }
    if (carry.length > 0) yield* line(carry);
    if (!started) {
      yield { kind: 'error', source, error: 'This file is empty: no messages found.' };
      return;
    }
    yield* finish();
  } catch (error) {
    if (error instanceof NotMbox) {
      yield { kind: 'error', source, error: 'This is not an mbox file: it does not start with a "From " line.' };
      return;
    }
    yield { kind: 'error', source: count > 0 ? `${source}#${count + 1}` : source, error: `Reading stopped: ${describeError(error)}` };
  }
}

class NotMbox extends Error {}

function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function isBlank(line: Uint8Array): boolean {
  return (line.length === 1 && line[0] === LF) || (line.length === 2 && line[0] === CR && line[1] === LF);
}

/** Read "From sender Wed May 15 08:00:00 2024" into sender and date. */
export function parseFromLine(line: Uint8Array): MboxFromLine {
  const text = Buffer.from(line.buffer, line.byteOffset, line.byteLength).toString('latin1').replace(/\r?\n$/, '');
  const rest = text.slice(5).trim();
  const space = rest.search(/\s/);
  const rawSender = space === -1 ? rest : rest.slice(0, space);
  const sender = rawSender === 'MAILER-DAEMON' ? '' : rawSender;
  return { sender, date: parseAsctime(space === -1 ? '' : rest.slice(space + 1)) };
}

function parseAsctime(text: string): number | null {
  const m = /^(?:\w{3}) +(\w{3}) +(\d{1,2}) +(\d{1,2}):(\d{2})(?::(\d{2}))?(?: +\S+)? +(\d{4})/.exec(text.trim());
  if (!m) return null;
  const month = MONTHS.indexOf(m[1] ?? '');
  if (month === -1) return null;
  return Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5] ?? 0));
}
