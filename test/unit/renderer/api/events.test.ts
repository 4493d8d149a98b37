import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CoreEvent } from '../../../../shared/api/events';
import type { MessageSummary } from '../../../../shared/model/message';
import { backoffDelay, connectEvents, createEventDispatcher, eventSocketUrl } from '../../../../renderer/api/events';
import type { ConnectionState, EventConnection, EventTarget } from '../../../../renderer/api/events';
import { compose } from '../../../support/compose';
import { startMemoryHost } from '../../../support/memory-host';
import type { MemoryHost } from '../../../support/memory-host';
import { resetMail } from '../../../support/sample-mail';

const hosts: MemoryHost[] = [];
const connections: EventConnection[] = [];
afterEach(async () => {
  connections.splice(0).forEach((c) => c.close());
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

function wsUrl(host: MemoryHost): string {
  return eventSocketUrl({ protocol: 'http:', host: new URL(host.origin).host });
}

/** Resolves when `predicate` holds, polling; fails after 5 s. */
async function until(predicate: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > 5000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('connectEvents against the real event socket', () => {
  it('authenticates first, goes live and delivers core events', async () => {
    const host = await startMemoryHost();
    hosts.push(host);
    const states: ConnectionState[] = [];
    const events: CoreEvent[] = [];
    connections.push(connectEvents({ url: wsUrl(host), token: host.token, onEvent: (e) => events.push(e), onState: (s) => states.push(s), onResync: () => undefined }));
    await until(() => states.includes('live'), 'live');
    expect(states[0]).toBe('connecting');
    await host.core.add(await compose(resetMail()));
    await until(() => events.length > 0, 'an event');
    expect(events[0]).toMatchObject({ type: 'message.captured', message: { subject: 'Reset your password' } });
  });

  it('stops retrying when the token is refused', async () => {
    const host = await startMemoryHost();
    hosts.push(host);
    let created = 0;
    class CountingSocket extends WebSocket {
      constructor(url: string | URL) {
        super(url);
        created++;
      }
    }
    const states: ConnectionState[] = [];
    connections.push(
      connectEvents({ url: wsUrl(host), token: 'wrong', WebSocketImpl: CountingSocket, initialDelayMs: 20, onEvent: () => undefined, onState: (s) => states.push(s), onResync: () => undefined }),
    );
    await until(() => states.includes('unauthorized'), 'unauthorized');
    await new Promise((r) => setTimeout(r, 200));
    expect(created).toBe(1);
    expect(states).not.toContain('live');
  });

  it('reconnects with backoff after the host goes away, then asks for a resync', async () => {
    const first = await startMemoryHost();
    const port = first.handle.port;
    const states: ConnectionState[] = [];
    let resyncs = 0;
    connections.push(connectEvents({ url: wsUrl(first), token: first.token, initialDelayMs: 30, maxDelayMs: 200, onEvent: () => undefined, onState: (s) => states.push(s), onResync: () => resyncs++ }));
    await until(() => states.includes('live'), 'live');
    await first.close();
    await until(() => states.at(-1) === 'reconnecting', 'reconnecting');
    const second = await startMemoryHost({ port, token: first.token });
    hosts.push(second);
    await until(() => states.filter((s) => s === 'live').length === 2, 'live again');
    expect(resyncs).toBe(1);
  });
});

describe('backoffDelay', () => {
  it('doubles from the first delay up to the cap, with ±25 % jitter', () => {
    expect(backoffDelay(0, 500, 10_000, () => 0.5)).toBe(500);
    expect(backoffDelay(3, 500, 10_000, () => 0.5)).toBe(4000);
    expect(backoffDelay(30, 500, 10_000, () => 0.5)).toBe(10_000);
    expect(backoffDelay(1, 500, 10_000, () => 0)).toBe(750);
    expect(backoffDelay(1, 500, 10_000, () => 0.999)).toBeLessThanOrEqual(1250);
  });
});

describe('createEventDispatcher (the one event → action mapping)', () => {
  const summary = (id: number): MessageSummary =>
    ({ id, subject: `m${id}`, read: false }) as MessageSummary;

  function recorder() {
    const calls: [string, ...unknown[]][] = [];
    const target: EventTarget = {
      messagesCaptured: (m) => calls.push(['captured', m.map((x) => x.id)]),
      messagesDeleted: (ids, all) => calls.push(['deleted', ids, all]),
      readChanged: (ids, read) => calls.push(['read', ids, read]),
      captureStatusChanged: (s) => calls.push(['capture', s.running]),
      importProgressed: (source, done, total) => calls.push(['import', source, done, total]),
      refreshStatusSoon: () => calls.push(['status-soon']),
      reloadList: async () => void calls.push(['reload']),
      refreshStatus: async () => void calls.push(['status']),
    };
    return { calls, target };
  }

  it('batches captures into one list update', async () => {
    vi.useFakeTimers();
    try {
      const { calls, target } = recorder();
      const d = createEventDispatcher(() => target);
      for (const id of [1, 2, 3]) d.dispatch({ type: 'message.captured', message: summary(id) });
      expect(calls).toEqual([]);
      vi.advanceTimersByTime(50);
      expect(calls).toEqual([['captured', [1, 2, 3]], ['status-soon']]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('applies pending captures before a delete that may concern them', () => {
    const { calls, target } = recorder();
    const d = createEventDispatcher(() => target);
    d.dispatch({ type: 'message.captured', message: summary(7) });
    d.dispatch({ type: 'messages.deleted', ids: [7], all: false });
    expect(calls.slice(0, 3)).toEqual([['captured', [7]], ['status-soon'], ['deleted', [7], false]]);
  });

  it('maps every other event to its action, and resync reloads list and status', () => {
    const { calls, target } = recorder();
    const d = createEventDispatcher(() => target);
    d.dispatch({ type: 'messages.read-changed', ids: [1], read: true });
    d.dispatch({ type: 'capture.status-changed', status: { running: false, host: '127.0.0.1', port: 2525, tlsPort: null, error: null } });
    d.dispatch({ type: 'import.progress', source: 'big.mbox', done: 10, total: 100 });
    d.dispatch({ type: 'messages.changed-elsewhere' });
    d.resync();
    expect(calls).toEqual([['read', [1], true], ['status-soon'], ['capture', false], ['import', 'big.mbox', 10, 100], ['status-soon'], ['reload'], ['status-soon'], ['reload'], ['status']]);
  });
});
