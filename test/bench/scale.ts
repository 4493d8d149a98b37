/**
 * The store at scale: a fresh Mailscope is filled with `total` varied
 * messages over SMTP (16 sessions, the way mail really arrives), then the API
 * calls the inbox makes are timed: the newest 100 rows, a full-text search and
 * a field search. Also the serve process's RSS and the data folder's size per
 * message.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { rareWord, seedMessage, seedSender } from './messages';
import { dirSize, startMailscope, stopAll } from './servers';
import { runLoad } from './smtp-load-client';
import { median } from './stats';

export interface QueryTiming {
  label: string;
  /** First call (cold caches). */
  firstMs: number;
  /** Median of the following calls. */
  medianMs: number;
  /** Matching messages reported by the API. */
  total: number;
}

export interface ScaleResult {
  stored: number;
  seedMsgsPerSec: number;
  /** How long after the last 250 every message was searchable. */
  indexCatchUpMs: number;
  /** The durability setting the seeded instance ran with. */
  fsyncEachCommit: boolean;
  avgMessageBytes: number;
  queries: QueryTiming[];
  rssBytes: number | null;
  peakRssBytes: number | null;
  /** Data folder size after a clean stop (WAL checkpointed). */
  dataDirBytes: number;
  /** Data folder size while serving, WAL included. */
  dataDirBytesRunning: number;
  /** Anything that did not go to plan (cut short, refused messages). */
  note: string | null;
}

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export async function runScalePhase(options: { projectRoot: string; dataDir: string; total: number; deadlineMs: number }): Promise<ScaleResult> {
  // Default settings (as a user gets them), retention lifted.
  const mailscope = await startMailscope(options.projectRoot, options.dataDir);
  try {
    console.log(`bench: seeding ${options.total} messages into a fresh Mailscope over SMTP (16 sessions)…`);
    const seed = await runLoad({
      host: '127.0.0.1',
      port: mailscope.port,
      sessions: 16,
      messages: options.total,
      message: seedMessage,
      mailFrom: (i) => seedSender(i % 1500),
      rcptTo: (i) => `dev-${i % 50}@staging.example.test`,
      deadlineMs: options.deadlineMs,
    });
    // Searches only see what the background indexer has parsed: wait for it (bounded) before timing them.
    const indexCatchUpMs = await mailscope.settle(options.deadlineMs);
    const stored = (await mailscope.storedCount()) ?? 0;
    const notes: string[] = [];
    if (seed.cutShort) notes.push(`seeding stopped at the ${Math.round(options.deadlineMs / 60_000)}-minute limit`);
    if (seed.refused > 0 || seed.errors.length > 0) notes.push(`${seed.refused} refused; ${seed.errors.join('; ')}`);
    if (stored !== seed.delivered) notes.push(`the API reports ${stored} stored after ${seed.delivered} accepted`);

    const list = async (input: Record<string, unknown>) => {
      const query = `/api/messages?input=${encodeURIComponent(JSON.stringify(input))}`;
      const t = performance.now();
      const page = await mailscope.api<{ total: number; items: unknown[] }>('GET', query);
      return { ms: performance.now() - t, total: page.total };
    };
    const time = async (label: string, input: Record<string, unknown>): Promise<QueryTiming> => {
      const first = await list(input);
      const rest: number[] = [];
      for (let i = 0; i < 10; i++) rest.push((await list(input)).ms);
      return { label, firstMs: first.ms, medianMs: median(rest), total: first.total };
    };
    const deepOffset = Math.max(0, Math.floor(stored / 2) - 100);
    const queries = [
      await time('newest 100 rows', { offset: 0, limit: 100 }),
      await time(`100 rows at offset ${deepOffset.toLocaleString('en-US')}`, { offset: deepOffset, limit: 100 }),
      await time(`full text, rare word: ${rareWord(7)}`, { query: rareWord(7), offset: 0, limit: 100 }),
      await time('full text, common word: quarterly', { query: 'quarterly', offset: 0, limit: 100 }),
      await time('field: from:nadia.kowalski', { query: 'from:nadia.kowalski', offset: 0, limit: 100 }),
      await time('field + text: subject:invoice from:billing.example.net', { query: 'subject:invoice from:billing.example.net', offset: 0, limit: 100 }),
    ];
    const rssBytes = statusField(mailscope.pid, 'VmRSS');
    const peakRssBytes = statusField(mailscope.pid, 'VmHWM');
    const dataDirBytesRunning = dirSize(options.dataDir);
    // Closing checkpoints the WAL into the database file: measure both.
    await mailscope.stop();
    return {
      stored,
      seedMsgsPerSec: seed.delivered / (seed.elapsedMs / 1000),
      indexCatchUpMs,
      fsyncEachCommit: mailscope.fsyncEachCommit,
      avgMessageBytes: seed.delivered > 0 ? seed.bytes / seed.delivered : Number.NaN,
      queries,
      rssBytes,
      peakRssBytes,
      dataDirBytesRunning,
      dataDirBytes: dirSize(options.dataDir),
      note: notes.length > 0 ? notes.join('; ') : null,
    };
  } finally {
    await stopAll();
  }
}
