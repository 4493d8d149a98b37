/**
 * What one durable SQLite commit costs on this disk right now: WAL with
 * synchronous=FULL, one 11 KiB row per transaction, like a capture server
 * that commits each message before its 250. Printed at the start and end of
 * the benchmark because on a shared or virtual disk it moves by an order of
 * magnitude with other tenants' I/O, and it bounds every durable server's
 * single-session rate (MailDev does not fsync, smtp-sink stores nothing).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DatabaseSync } from 'node:sqlite';
import { median } from './stats';

/** Median ms per commit over `commits` single-row transactions (bounded: stops after 10 s). */
export function probeFsync(tempRoot: string, commits = 200): number {
  const dir = mkdtempSync(path.join(tempRoot, 'fsync-probe-'));
  const db = new DatabaseSync(path.join(dir, 'probe.db'));
  try {
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE t (id INTEGER PRIMARY KEY, raw BLOB)');
    const insert = db.prepare('INSERT INTO t (raw) VALUES (?)');
    const row = Buffer.alloc(11 * 1024, 0x41);
    const times: number[] = [];
    const until = performance.now() + 10_000;
    for (let i = 0; i < commits && performance.now() < until; i++) {
      const started = performance.now();
      db.exec('BEGIN IMMEDIATE');
      insert.run(row);
      db.exec('COMMIT');
      times.push(performance.now() - started);
    }
    return median(times);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
