/**
 * Turns what a user drops or names — .eml files, mbox files, Maildir folders,
 * folders of .eml files — into one stream of messages and errors. Files are
 * read one at a time and mbox files in chunks, so importing a 1 GB mbox or a
 * Maildir of 100 000 files never holds more than one message in memory.
 *
 * How a path is read:
 * - a folder with cur/ or new/ inside: a Maildir (cur/ then new/, files in
 *   name order, which for Maildir is delivery order; flag S marks it seen);
 * - any other folder: every *.eml file in it (not recursive), in name order;
 * - a file that starts with "From ": an mbox (also when named .eml: some
 *   tools save single messages with an mbox envelope line);
 * - any other file: one message, byte for byte, if it starts with a header
 *   field (anything else is the wrong file, reported and skipped).
 */
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_MAX_MESSAGE_BYTES, describeError, formatBytes, notAMessage, type MailboxItem, type ReadOptions } from './mailbox-item';
import { looksLikeMbox, readMbox } from './mbox-reader';

const CHUNK = 1024 * 1024;

/** Read every message under the given paths, in order; problems are yielded, never thrown. */
export async function* readImportPaths(paths: readonly string[], options: ReadOptions = {}): AsyncGenerator<MailboxItem> {
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch (error) {
      yield { kind: 'error', source: p, error: describeError(error) };
      continue;
    }
    if (info.isDirectory()) {
      yield* (await isMaildir(p)) ? readMaildir(p, options) : readEmlFolder(p, options);
    } else if (info.isFile()) {
      yield* readFileItem(p, info.size, options);
    } else {
      yield { kind: 'error', source: p, error: 'Not a regular file or folder.' };
    }
  }
}

/** Read uploaded bytes (drag and drop, HTTP upload): an mbox or a single message. */
export async function* readUpload(name: string, bytes: Uint8Array, options: ReadOptions = {}): AsyncGenerator<MailboxItem> {
  if (bytes.length === 0) {
    yield { kind: 'error', source: name, error: 'The file is empty.' };
  } else if (looksLikeMbox(bytes)) {
    yield* readMbox([bytes], name, options);
  } else if (bytes.length > (options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES)) {
    yield { kind: 'error', source: name, error: tooBig(options) };
  } else {
    yield oneMessage(name, bytes);
  }
}

/** Bytes named as one message: the message, or why they are not one. */
function oneMessage(source: string, raw: Uint8Array): MailboxItem {
  const why = notAMessage(raw);
  return why === null ? { kind: 'message', source, raw } : { kind: 'error', source, error: why };
}

async function* readFileItem(file: string, size: number, options: ReadOptions): AsyncGenerator<MailboxItem> {
  if (size === 0) {
    yield { kind: 'error', source: file, error: 'The file is empty.' };
    return;
  }
  let head: Uint8Array;
  try {
    head = await readHead(file);
  } catch (error) {
    yield { kind: 'error', source: file, error: describeError(error) };
    return;
  }
  if (looksLikeMbox(head)) {
    yield* readMbox(createReadStream(file, { highWaterMark: CHUNK }), file, options);
    return;
  }
  if (size > (options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES)) {
    yield { kind: 'error', source: file, error: tooBig(options) };
    return;
  }
  try {
    yield oneMessage(file, new Uint8Array(await readFile(file)));
  } catch (error) {
    yield { kind: 'error', source: file, error: describeError(error) };
  }
}

async function readHead(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(5);
    const { bytesRead } = await handle.read(buf, 0, 5, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function isMaildir(dir: string): Promise<boolean> {
  for (const sub of ['cur', 'new']) {
    try {
      if ((await stat(path.join(dir, sub))).isDirectory()) return true;
    } catch {
      // not there
    }
  }
  return false;
}

/** Maildir: cur/ then new/; tmp/ holds deliveries in progress and is skipped. */
async function* readMaildir(dir: string, options: ReadOptions): AsyncGenerator<MailboxItem> {
  for (const sub of ['cur', 'new']) {
    const folder = path.join(dir, sub);
    const names = await listFiles(folder);
    if (names === null) continue; // a Maildir may lack one of the two
    for (const name of names) {
      const file = path.join(folder, name);
      for await (const item of readPlainFile(file, options)) {
        // "unique:2,FLAGS": S = seen. Only cur/ carries flags.
        yield item.kind === 'message' ? { ...item, seen: /:2,[A-Za-z]*S/.test(name) } : item;
      }
    }
  }
}

async function* readEmlFolder(dir: string, options: ReadOptions): AsyncGenerator<MailboxItem> {
  const names = await listFiles(dir);
  if (names === null) {
    yield { kind: 'error', source: dir, error: 'This folder cannot be read.' };
    return;
  }
  const emls = names.filter((n) => n.toLowerCase().endsWith('.eml'));
  if (emls.length === 0) {
    yield { kind: 'error', source: dir, error: 'This folder holds no .eml files and is not a Maildir (no cur/ or new/ inside).' };
    return;
  }
  for (const name of emls) {
    const file = path.join(dir, name);
    let size = 0;
    try {
      size = (await stat(file)).size;
    } catch (error) {
      yield { kind: 'error', source: file, error: describeError(error) };
      continue;
    }
    yield* readFileItem(file, size, options);
  }
}

/** One message per file, no mbox sniffing (Maildir files are never mbox). */
async function* readPlainFile(file: string, options: ReadOptions): AsyncGenerator<MailboxItem> {
  try {
    const info = await stat(file);
    if (info.size === 0) yield { kind: 'error', source: file, error: 'The file is empty.' };
    else if (info.size > (options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES)) yield { kind: 'error', source: file, error: tooBig(options) };
    else yield oneMessage(file, new Uint8Array(await readFile(file)));
  } catch (error) {
    yield { kind: 'error', source: file, error: describeError(error) };
  }
}

/** Regular files (and symlinks to them) in a folder, sorted by name; null when the folder cannot be read. */
async function listFiles(dir: string): Promise<string[] | null> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() || e.isSymbolicLink())
      .map((e) => e.name)
      .filter((n) => !n.startsWith('.'))
      .sort();
  } catch {
    return null;
  }
}

function tooBig(options: ReadOptions): string {
  const max = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  return `The message is larger than ${formatBytes(max)} and was skipped.`;
}
