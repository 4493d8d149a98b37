/**
 * Send history and saved profiles, in their own SQLite file in the workspace
 * (<dataDir>/sends.db, WAL): a send's transcript is written once when it
 * finishes (the live lines travel as events meanwhile), so sending never
 * waits on the capture store's database.
 *
 * Nothing stored here holds a secret in clear: transcripts are scrubbed
 * before they arrive, profiles keep an encrypted blob (desktop safeStorage)
 * or nothing (headless; see secret-store.ts).
 */
import { DatabaseSync } from 'node:sqlite';
import type { SendProfile, SendRecord, SendSummary, SendTarget } from '../../../shared/model/send';

/** The history file inside a workspace. */
export const SENDS_DB_FILE = 'sends.db';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS sends (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    status TEXT NOT NULL,
    target_label TEXT NOT NULL,
    envelope TEXT NOT NULL,
    subject TEXT NOT NULL,
    size INTEGER NOT NULL,
    queue_id TEXT,
    explanation TEXT,
    recipients TEXT NOT NULL,
    timings TEXT NOT NULL,
    transcript TEXT NOT NULL,
    source_label TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS profiles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    target TEXT NOT NULL,
    secret_storage TEXT NOT NULL,
    secret_blob TEXT
  );
`;

type Row = Record<string, string | number | null>;

export interface StoredProfile extends SendProfile {
  /** Encrypted secret (safe-storage) — never leaves the core. */
  secretBlob: string | null;
}

export class SendHistory {
  private readonly db: DatabaseSync;

  constructor(file: string) {
    this.db = new DatabaseSync(file, { timeout: 5000 });
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    this.db.exec(SCHEMA);
    // A send that was running when the process died will never finish.
    this.db
      .prepare(`UPDATE sends SET status = 'failed', finished_at = started_at, explanation = ? WHERE status = 'running'`)
      .run(JSON.stringify({ code: null, enhanced: null, category: 'connection', title: 'Interrupted', meaning: 'Mailscope stopped while this send was running; whether the server took the message is unknown.', provider: null, fix: 'Check the recipient side, then send again if needed.', references: [] }));
  }

  /** Insert a running send; returns its id. */
  start(summary: Omit<SendSummary, 'id'>, sourceLabel: string): number {
    const result = this.db
      .prepare(`INSERT INTO sends (started_at, finished_at, status, target_label, envelope, subject, size, queue_id, explanation, recipients, timings, transcript, source_label) VALUES (?, NULL, 'running', ?, ?, ?, ?, NULL, NULL, '[]', ?, '[]', ?)`)
      .run(summary.startedAt, summary.targetLabel, JSON.stringify(summary.envelope), summary.subject, summary.size, JSON.stringify(summary.timings), sourceLabel);
    return Number(result.lastInsertRowid);
  }

  finish(record: SendRecord): void {
    this.db
      .prepare(`UPDATE sends SET finished_at = ?, status = ?, queue_id = ?, explanation = ?, recipients = ?, timings = ?, transcript = ? WHERE id = ?`)
      .run(record.finishedAt, record.status, record.queueId, JSON.stringify(record.explanation), JSON.stringify(record.recipients), JSON.stringify(record.timings), JSON.stringify(record.transcript), record.id);
  }

  get(id: number): SendRecord | null {
    const row = this.db.prepare('SELECT * FROM sends WHERE id = ?').get(id) as Row | undefined;
    if (!row) return null;
    return { ...summaryOf(row), transcript: JSON.parse(String(row.transcript)), sourceLabel: String(row.source_label) };
  }

  list(offset: number, limit: number): { total: number; items: SendSummary[] } {
    const total = Number((this.db.prepare('SELECT COUNT(*) AS n FROM sends').get() as Row).n);
    const rows = this.db.prepare('SELECT id, started_at, finished_at, status, target_label, envelope, subject, size, queue_id, explanation, recipients, timings FROM sends ORDER BY id DESC LIMIT ? OFFSET ?').all(limit, offset) as Row[];
    return { total, items: rows.map(summaryOf) };
  }

  listProfiles(): StoredProfile[] {
    return (this.db.prepare('SELECT * FROM profiles ORDER BY name COLLATE NOCASE, id').all() as Row[]).map(profileOf);
  }

  getProfile(id: number): StoredProfile | null {
    const row = this.db.prepare('SELECT * FROM profiles WHERE id = ?').get(id) as Row | undefined;
    return row ? profileOf(row) : null;
  }

  saveProfile(profile: { id?: number; name: string; target: SendTarget; secretStorage: SendProfile['secretStorage']; secretBlob: string | null }): StoredProfile {
    if (profile.id !== undefined) {
      this.db.prepare('UPDATE profiles SET name = ?, target = ?, secret_storage = ?, secret_blob = ? WHERE id = ?').run(profile.name, JSON.stringify(profile.target), profile.secretStorage, profile.secretBlob, profile.id);
      return this.getProfile(profile.id) as StoredProfile;
    }
    const result = this.db.prepare('INSERT INTO profiles (name, target, secret_storage, secret_blob) VALUES (?, ?, ?, ?)').run(profile.name, JSON.stringify(profile.target), profile.secretStorage, profile.secretBlob);
    return this.getProfile(Number(result.lastInsertRowid)) as StoredProfile;
  }

  deleteProfile(id: number): number {
    return Number(this.db.prepare('DELETE FROM profiles WHERE id = ?').run(id).changes);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}

function summaryOf(row: Row): SendSummary {
  return {
    id: Number(row.id),
    startedAt: Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    status: String(row.status) as SendSummary['status'],
    targetLabel: String(row.target_label),
    envelope: JSON.parse(String(row.envelope)),
    subject: String(row.subject),
    size: Number(row.size),
    queueId: row.queue_id === null ? null : String(row.queue_id),
    explanation: row.explanation === null ? null : JSON.parse(String(row.explanation)),
    recipients: JSON.parse(String(row.recipients)),
    timings: JSON.parse(String(row.timings)),
  };
}

function profileOf(row: Row): StoredProfile {
  const blob = row.secret_blob === null ? null : String(row.secret_blob);
  const storage = String(row.secret_storage) as SendProfile['secretStorage'];
  return { id: Number(row.id), name: String(row.name), target: JSON.parse(String(row.target)), hasSecret: storage !== 'none', secretStorage: storage, secretBlob: blob };
}
