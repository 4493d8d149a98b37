import { afterEach, describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../../../shared/model/message';
import { PAGE_SIZE } from '../../../../renderer/store/list-slice';
import { compose } from '../../../support/compose';
import { resetMail } from '../../../support/sample-mail';
import { storeHarness, until } from './store-harness';
import type { StoreHarness } from './store-harness';

let h: StoreHarness;
afterEach(() => h?.close());

const ids = (h: StoreHarness, from: number, to: number) => {
  const rows = h.store.getState().rows;
  const out: (number | undefined)[] = [];
  for (let i = from; i <= to; i++) out.push(rows.get(i)?.id);
  return out;
};

describe('list window', () => {
  it('loads the first page for a query and knows the total', async () => {
    h = await storeHarness(1000);
    h.store.getState().setQuery('');
    await until(() => h.store.getState().listLoaded, 'first page');
    const s = h.store.getState();
    expect(s.total).toBe(1000);
    expect(s.rows.size).toBe(PAGE_SIZE);
    expect(ids(h, 0, 2)).toEqual([1000, 999, 998]);
  });

  it('fetches only the pages a range needs, by offset', async () => {
    h = await storeHarness(1000);
    h.store.getState().setQuery('');
    await until(() => h.store.getState().listLoaded, 'first page');
    await h.store.getState().ensureRows(650, 660);
    const rows = h.store.getState().rows;
    expect(rows.size).toBe(2 * PAGE_SIZE);
    expect(rows.get(650)?.id).toBe(350);
    expect(rows.has(500)).toBe(false);
  });

  it('puts live messages on top, counts them for scroll anchoring and ignores duplicates', async () => {
    h = await storeHarness(300);
    h.store.getState().setQuery('');
    await until(() => h.store.getState().listLoaded, 'first page');
    const fresh = await h.host.core.add(await compose(resetMail()), { emit: false });
    h.store.getState().messagesCaptured([fresh]);
    h.store.getState().messagesCaptured([fresh]);
    const s = h.store.getState();
    expect(s.total).toBe(301);
    expect(s.prepended).toBe(1);
    expect(ids(h, 0, 2)).toEqual([301, 300, 299]);
  });

  it('updates a row already on screen when its capture is announced again after indexing, keeping a read mark', async () => {
    h = await storeHarness(300);
    h.store.getState().setQuery('');
    await until(() => h.store.getState().listLoaded, 'first page');
    const row = h.store.getState().rows.get(0) as MessageSummary;
    // The user read it while it was still being indexed.
    h.store.getState().readChanged([row.id], true);
    const indexed: MessageSummary = { ...row, snippet: 'now indexed', attachmentCount: 2, read: false };
    h.store.getState().messagesCaptured([indexed]);
    const s = h.store.getState();
    expect(s.total).toBe(300);
    expect(s.prepended).toBe(0);
    expect(s.rows.get(0)).toMatchObject({ id: row.id, snippet: 'now indexed', attachmentCount: 2, read: true });
    expect(s.rows.get(1)?.id).toBe(row.id - 1);
  });

  /** Hold the host's listMessages answers until released; `early` computes them before holding. */
  function gateListing(h: StoreHarness, early: boolean) {
    const core = h.host.core;
    const original = core.listMessages.bind(core);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    core.listMessages = async (request) => {
      const answer = early ? await original(request) : null;
      await gate;
      return answer ?? original(request);
    };
    return () => {
      core.listMessages = original;
      release();
    };
  }

  async function truth(h: StoreHarness): Promise<number[]> {
    return (await h.host.core.listMessages({ offset: 0, limit: 1000 })).items.map((m: MessageSummary) => m.id);
  }

  it('shifts a page whose answer was computed before messages were prepended', async () => {
    h = await storeHarness(500);
    h.store.getState().setQuery('');
    await until(() => h.store.getState().listLoaded, 'first page');
    const release = gateListing(h, true);
    const pending = h.store.getState().ensureRows(200, 299);
    await new Promise((r) => setTimeout(r, 50));
    const a = await h.host.core.add(await compose(resetMail()), { emit: false });
    const b = await h.host.core.add(await compose(resetMail()), { emit: false });
    h.store.getState().messagesCaptured([a, b]);
    release();
    await pending;
    const ids = await truth(h);
    for (const [index, row] of h.store.getState().rows) expect([index, row.id]).toEqual([index, ids[index]]);
    expect(h.store.getState().rows.get(205)?.id).toBe(ids[205]);
    expect(h.store.getState().total).toBe(502);
  });

  it('does not shift a page whose answer already counts the prepended messages', async () => {
    h = await storeHarness(500);
    h.store.getState().setQuery('');
    await until(() => h.store.getState().listLoaded, 'first page');
    const a = await h.host.core.add(await compose(resetMail()), { emit: false });
    const b = await h.host.core.add(await compose(resetMail()), { emit: false });
    const release = gateListing(h, false);
    const pending = h.store.getState().ensureRows(200, 299);
    // The events arrive while the (already newer) listing is on its way.
    h.store.getState().messagesCaptured([a, b]);
    release();
    await pending;
    const ids = await truth(h);
    for (const [index, row] of h.store.getState().rows) expect([index, row.id]).toEqual([index, ids[index]]);
    expect(h.store.getState().rows.get(205)?.id).toBe(ids[205]);
    expect(h.store.getState().total).toBe(502);
  });

  it('removes deleted rows and closes the gap; a query change starts over', async () => {
    h = await storeHarness(250);
    h.store.getState().setQuery('');
    await until(() => h.store.getState().listLoaded, 'first page');
    h.store.getState().messagesDeleted([249, 248], false);
    expect(h.store.getState().total).toBe(248);
    expect(ids(h, 0, 2)).toEqual([250, 247, 246]);
    h.store.getState().setQuery('#12');
    expect(h.store.getState().rows.size).toBe(0);
    await until(() => h.store.getState().listLoaded, 'search results');
    expect(h.store.getState().total).toBe(h.host.core.listMessages ? (await h.host.core.listMessages({ query: '#12' })).total : 0);
  });

  it('reconciles with the server after deletes it could not place', async () => {
    h = await storeHarness(400);
    h.store.getState().setQuery('');
    await until(() => h.store.getState().listLoaded, 'first page');
    // Rows far below the loaded page go away (retention pruning the oldest).
    await h.host.core.deleteMessages({ ids: [1, 2, 3] });
    h.store.getState().messagesDeleted([1, 2, 3], false);
    await until(() => h.store.getState().total === 397, 'reconciled total');
  });

  it('marks rows read in place', async () => {
    h = await storeHarness(10);
    h.store.getState().setQuery('');
    await until(() => h.store.getState().listLoaded, 'first page');
    const unread = [...h.store.getState().rows.values()].find((r) => !r.read) as MessageSummary;
    h.store.getState().readChanged([unread.id], true);
    expect(h.store.getState().rows.get(h.store.getState().indexOfId(unread.id))?.read).toBe(true);
  });

  it('keeps memory bounded while the window travels through 100 000 rows', async () => {
    h = await storeHarness(100_000);
    h.store.getState().setQuery('');
    await until(() => h.store.getState().listLoaded, 'first page');
    for (let start = 0; start < 100_000; start += 2500) {
      h.store.getState().setVisibleRange(start, start + 40);
      await h.store.getState().ensureRows(start, start + 40);
    }
    h.store.getState().setVisibleRange(99_960, 99_999);
    await h.store.getState().ensureRows(99_960, 99_999);
    const s = h.store.getState();
    expect(s.rows.size).toBeLessThanOrEqual(7000);
    expect(s.rows.get(99_999)?.id).toBe(1);
  }, 30_000);
});
