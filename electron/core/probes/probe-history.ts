/**
 * Probe history: <dataDir>/probes.db (node:sqlite, WAL), one row per run with
 * its request, checks and DNS transcript as JSON. A run is written when it
 * starts (so it is listed at once) and when it ends; the checks of a running
 * run live in memory (probe-handlers.ts) and are written with the end.
 *
 * Its own file, not mailscope.db: probes never touch captured mail, and a
 * probe history can be deleted without losing a message. Single runs and a
 * domain's whole history are deleted by the user (Probe screen, API); a
 * deleted run is also gone from comparisons ("changed since" then compares
 * with the run before it).
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { ProbeCheck, ProbeCounts, ProbeDnsQuery, ProbeRequest, ProbeRun, ProbeRunState, ProbeRunSummary } from '../../../shared/model/probe';
import { emptyCounts } from './probe-runner';

export const PROBES_DB = 'probes.db';

const SCHEMA_VERSION = 1;

interface Row {
  id: number;
  domain: string;
  started_at: number;
  finished_at: number | null;
  state: string;
  counts: string;
  done: number;
  total: number;
  error: string | null;
  request?: string;
  checks?: string;
  dns?: string;
}

export interface ProbeHistory {
  /** Record a new run (state running); returns its id. */
  insert(request: ProbeRequest, startedAt: number): number;
  /** Write a finished run. */
  finish(run: ProbeRun): void;
  get(id: number): ProbeRun | null;
  list(options: { domain?: string; offset: number; limit: number }): { total: number; items: ProbeRunSummary[] };
  /** The newest finished (`done`) run of `domain` older than run `beforeId`. */
  previousDone(domain: string, beforeId: number): ProbeRun | null;
  /** Remove one run; false when there is none with that id. */
  remove(id: number): boolean;
  /** Remove every run of `domain` except those in `keep` (the running ones); returns the ids removed. */
  removeDomain(domain: string, keep: ReadonlySet<number>): number[];
  close(): void;
}

export function openProbeHistory(file: string): ProbeHistory {
  const db = new DatabaseSync(file, { timeout: 5000 });
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
  migrate(db);
  // A run still "running" in the file was cut off by a crash or a kill: it will never finish.
  db.prepare("UPDATE runs SET state = 'failed', error = 'Mailscope stopped before this probe finished.', finished_at = COALESCE(finished_at, started_at) WHERE state = 'running'").run();

  const summaryColumns = 'id, domain, started_at, finished_at, state, counts, done, total, error';
  const insert = db.prepare("INSERT INTO runs (domain, started_at, state, counts, done, total, request, checks, dns) VALUES (?, ?, 'running', ?, 0, 0, ?, '[]', '[]')");
  const finish = db.prepare('UPDATE runs SET finished_at = ?, state = ?, counts = ?, done = ?, total = ?, error = ?, checks = ?, dns = ? WHERE id = ?');
  const getOne = db.prepare('SELECT * FROM runs WHERE id = ?');
  const previous = db.prepare("SELECT * FROM runs WHERE domain = ? AND id < ? AND state = 'done' ORDER BY id DESC LIMIT 1");
  const listAll = db.prepare(`SELECT ${summaryColumns} FROM runs ORDER BY id DESC LIMIT ? OFFSET ?`);
  const listDomain = db.prepare(`SELECT ${summaryColumns} FROM runs WHERE domain = ? ORDER BY id DESC LIMIT ? OFFSET ?`);
  const countAll = db.prepare('SELECT COUNT(*) AS n FROM runs');
  const countDomain = db.prepare('SELECT COUNT(*) AS n FROM runs WHERE domain = ?');
  const removeOne = db.prepare('DELETE FROM runs WHERE id = ?');
  const domainIds = db.prepare('SELECT id FROM runs WHERE domain = ? ORDER BY id');

  const one = (statement: StatementSync, ...args: (string | number)[]): ProbeRun | null => {
    const row = statement.get(...args) as Row | undefined;
    return row ? fullRun(row) : null;
  };

  return {
    insert(request, startedAt) {
      const result = insert.run(request.domain, startedAt, JSON.stringify(emptyCounts()), JSON.stringify(request));
      return Number(result.lastInsertRowid);
    },
    finish(run) {
      finish.run(run.finishedAt ?? Date.now(), run.state, JSON.stringify(run.counts), run.progress.done, run.progress.total, run.error, JSON.stringify(run.checks), JSON.stringify(run.dns), run.id);
    },
    get: (id) => one(getOne, id),
    previousDone: (domain, beforeId) => one(previous, domain, beforeId),
    list({ domain, offset, limit }) {
      const rows = (domain ? listDomain.all(domain, limit, offset) : listAll.all(limit, offset)) as unknown as Row[];
      const total = Number(((domain ? countDomain.get(domain) : countAll.get()) as { n: number }).n);
      return { total, items: rows.map(summary) };
    },
    remove(id) {
      return Number(removeOne.run(id).changes) > 0;
    },
    removeDomain(domain, keep) {
      // One transaction: a clear is all or nothing (another process may write the same file), one commit for all.
      db.exec('BEGIN IMMEDIATE');
      try {
        const ids = (domainIds.all(domain) as { id: number }[]).map((r) => Number(r.id)).filter((id) => !keep.has(id));
        for (const id of ids) removeOne.run(id);
        db.exec('COMMIT');
        return ids;
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw error;
      }
    },
    close() {
      if (db.isOpen) db.close();
    },
  };
}

function migrate(db: DatabaseSync): void {
  const version = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
  if (version > SCHEMA_VERSION) throw new Error(`probes.db was written by a newer Mailscope (schema ${version}, this one knows ${SCHEMA_VERSION}).`);
  if (version < 1) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY,
        domain TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        state TEXT NOT NULL,
        counts TEXT NOT NULL,
        done INTEGER NOT NULL,
        total INTEGER NOT NULL,
        error TEXT,
        request TEXT NOT NULL,
        checks TEXT NOT NULL,
        dns TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS runs_domain ON runs (domain, id);
      PRAGMA user_version = 1;
    `);
  }
}

function summary(row: Row): ProbeRunSummary {
  return {
    id: Number(row.id),
    domain: row.domain,
    startedAt: Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    state: row.state as ProbeRunState,
    counts: { ...emptyCounts(), ...(JSON.parse(row.counts) as Partial<ProbeCounts>) },
    progress: { done: Number(row.done), total: Number(row.total) },
    error: row.error,
  };
}

function fullRun(row: Row): ProbeRun {
  return {
    ...summary(row),
    request: JSON.parse(row.request ?? '{}') as ProbeRequest,
    checks: JSON.parse(row.checks ?? '[]') as ProbeCheck[],
    dns: JSON.parse(row.dns ?? '[]') as ProbeDnsQuery[],
  };
}
