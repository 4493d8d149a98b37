/**
 * Flushes the WAL file to disk (fdatasync) on libuv's thread pool, so a
 * durable capture never blocks the SMTP thread for the milliseconds a disk
 * flush takes. With `synchronous=FULL` SQLite would fsync inside every
 * commit, on the calling thread; instead the store commits with NORMAL and
 * the group committer awaits `sync()` before the 250: the same guarantee (an
 * acknowledged message is on disk), but other deliveries keep being read and
 * committed while a flush runs, and all of them share the next one.
 *
 * Why flushing the WAL is enough: it is what FULL does per commit. Frames
 * only leave the WAL through a checkpoint, which syncs the WAL before and
 * the database file after copying, and the WAL only starts over once every
 * frame is in the database file.
 */
import { closeSync, fdatasync, fsync, openSync } from 'node:fs';
import path from 'node:path';

export class WalSync {
  private fd: number | null = null;
  private dirSynced = false;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private closed = false;
  /** Flushes done (diagnostics, tests). */
  flushes = 0;

  constructor(private readonly dbPath: string) {}

  /**
   * Resolves once everything written to the WAL before this call is on disk.
   * One flush runs at a time; calls made while one runs share the next.
   */
  sync(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the message store is closed'));
    if (!this.running) {
      this.running = this.flush().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    // A flush is running, but it may have started before our write: wait for the next one.
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.sync();
      });
    return this.next;
  }

  /** Wait for flushes in flight, then release the file. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([this.running, this.next]);
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private async flush(): Promise<void> {
    // Opened on first use: the WAL exists once anything was written.
    this.fd ??= openSync(`${this.dbPath}-wal`, 'r+');
    await new Promise<void>((resolve, reject) => fdatasync(this.fd as number, (error) => (error ? reject(error) : resolve())));
    this.flushes++;
    if (!this.dirSynced) {
      // The WAL's directory entry too, once (the file may be new). Windows cannot open a directory; NTFS journals it.
      if (process.platform !== 'win32') await syncDirectory(path.dirname(this.dbPath));
      this.dirSynced = true;
    }
  }
}

function syncDirectory(dir: string): Promise<void> {
  const fd = openSync(dir, 'r');
  return new Promise<void>((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve()))).finally(() => closeSync(fd));
}
