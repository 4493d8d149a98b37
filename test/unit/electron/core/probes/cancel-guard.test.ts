import { describe, expect, it } from 'vitest';
import { guardCancellation } from '../../../../../electron/core/probes/cancel-guard';

/** The guard's process listener, called directly (a real unhandled rejection would also reach vitest's own). */
function guardListener(): (reason: unknown) => void {
  const listener = process.listeners('unhandledRejection').find((l) => l.name === 'onUnhandledRejection');
  if (!listener) throw new Error('the guard installed no listener');
  return (reason) => (listener as (reason: unknown, promise: Promise<unknown>) => void)(reason, Promise.resolve());
}

describe('cancelled probes and stray rejections', () => {
  it("ignores a rejection carrying a cancelled run's abort reason, rethrows anything else", () => {
    const run = new AbortController();
    guardCancellation(run.signal);
    const other = new AbortController();
    guardCancellation(other.signal);
    run.abort();
    const listener = guardListener();
    expect(() => listener(run.signal.reason)).not.toThrow();
    // A run not cancelled, or an unrelated error: Node's default (crash with it) stays.
    const bug = new TypeError('a real bug');
    expect(() => listener(bug)).toThrow(bug);
    expect(() => listener(new DOMException('aborted elsewhere', 'AbortError'))).toThrow();
    // Installed once, however many runs.
    expect(process.listeners('unhandledRejection').filter((l) => l.name === 'onUnhandledRejection')).toHaveLength(1);
  });

  it('knows a signal that was already aborted when the run started', () => {
    const run = new AbortController();
    run.abort(new Error('cancelled before start'));
    guardCancellation(run.signal);
    expect(() => guardListener()(run.signal.reason)).not.toThrow();
  });
});
