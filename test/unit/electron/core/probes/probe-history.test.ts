/**
 * probes.db: deleting one run and clearing a domain's history, on a real
 * node:sqlite file in a temporary directory (reopened to show the deletes
 * were committed, not just hidden).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProbeHistory, PROBES_DB, type ProbeHistory } from '../../../../../electron/core/probes/probe-history';
import type { ProbeRun } from '../../../../../shared/model/probe';
import { testRequest } from '../../../../support/probes/memory-probe-dns';

let dir: string;
let history: ProbeHistory;
const file = () => path.join(dir, PROBES_DB);

/** A finished ('done') run of `domain`, as the service writes it. */
function done(domain: string): number {
  const request = testRequest(domain);
  const id = history.insert(request, 1_000);
  const run: ProbeRun = { id, domain, startedAt: 1_000, finishedAt: 2_000, state: 'done', counts: { pass: 1, warn: 0, fail: 0, info: 0, error: 0 }, progress: { done: 1, total: 1 }, error: null, request, checks: [], dns: [] };
  history.finish(run);
  return id;
}

const ids = (domain?: string) => history.list({ ...(domain ? { domain } : {}), offset: 0, limit: 100 }).items.map((r) => r.id);

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-probe-history-'));
  history = openProbeHistory(file());
});

afterEach(() => {
  history.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('probe history: delete', () => {
  it('removes one run (and says whether there was one); the others stay, and it is gone after reopening', () => {
    const a1 = done('a.example');
    const a2 = done('a.example');
    const b1 = done('b.example');
    expect(history.remove(a2)).toBe(true);
    expect(history.get(a2)).toBeNull();
    expect(history.remove(a2)).toBe(false);
    expect(history.remove(9999)).toBe(false);
    expect(ids()).toEqual([b1, a1]);
    expect(history.list({ domain: 'a.example', offset: 0, limit: 10 }).total).toBe(1);
    history.close();
    history = openProbeHistory(file());
    expect(ids()).toEqual([b1, a1]);
  });

  it('a deleted run no longer counts as "the previous run" of its domain', () => {
    const first = done('a.example');
    const second = done('a.example');
    const third = done('a.example');
    expect(history.previousDone('a.example', third)?.id).toBe(second);
    history.remove(second);
    expect(history.previousDone('a.example', third)?.id).toBe(first);
  });

  it("clears one domain's history, keeping the runs it is told are running and every other domain", () => {
    const a1 = done('a.example');
    const b1 = done('b.example');
    const a2 = done('a.example');
    const running = history.insert(testRequest('a.example'), 3_000);
    expect(history.removeDomain('a.example', new Set([running]))).toEqual([a1, a2]);
    expect(ids('a.example')).toEqual([running]);
    expect(ids()).toEqual([running, b1]);
    // The running run's end is still written to its row.
    const request = testRequest('a.example');
    history.finish({ id: running, domain: 'a.example', startedAt: 3_000, finishedAt: 4_000, state: 'done', counts: { pass: 0, warn: 0, fail: 0, info: 0, error: 0 }, progress: { done: 0, total: 0 }, error: null, request, checks: [], dns: [] });
    expect(history.get(running)?.state).toBe('done');
    // Nothing left to clear: an empty list, not an error.
    expect(history.removeDomain('c.example', new Set())).toEqual([]);
    history.close();
    history = openProbeHistory(file());
    expect(ids()).toEqual([running, b1]);
  });
});
