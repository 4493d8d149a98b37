import { afterEach, describe, expect, it } from 'vitest';
import { storeHarness, until } from './store-harness';
import type { StoreHarness } from './store-harness';

let h: StoreHarness;
afterEach(() => h?.close());

async function ready(n: number): Promise<StoreHarness> {
  h = await storeHarness(n);
  h.store.getState().setQuery('');
  await until(() => h.store.getState().listLoaded, 'first page');
  return h;
}

describe('selection', () => {
  it('a click selects one row and opens it; opening marks it read here and on the host', async () => {
    await ready(20);
    const s = h.store.getState();
    const index = [...s.rows.entries()].find(([, r]) => !r.read)?.[0] as number;
    const row = s.rows.get(index)!;
    await s.selectRow(index, row.id);
    expect([...h.store.getState().selected]).toEqual([row.id]);
    expect(h.store.getState().cursorId).toBe(row.id);
    await until(() => h.store.getState().detail?.status === 'ready', 'detail');
    expect(h.store.getState().openId).toBe(row.id);
    await until(() => h.store.getState().rows.get(index)?.read === true, 'read in the list');
    // markRead is fire-and-forget from the UI; give the request a moment.
    await new Promise((r) => setTimeout(r, 100));
    expect((await h.host.core.listMessages({ offset: index, limit: 1 })).items[0]).toMatchObject({ id: row.id, read: true });
  });

  it('ctrl-click toggles; shift-click selects a range, fetching the rows it spans', async () => {
    await ready(1000);
    const s = h.store.getState();
    await s.selectRow(0, 1000);
    await s.selectRow(2, 998, 'toggle');
    expect([...h.store.getState().selected].sort()).toEqual([1000, 998]);
    await s.selectRow(2, 998, 'toggle');
    expect([...h.store.getState().selected]).toEqual([1000]);
    await s.selectRow(0, 1000);
    // Row 450 is on a page never loaded: the range fetch brings it in.
    await s.selectRow(450, 550, 'range');
    const selected = h.store.getState().selected;
    expect(selected.size).toBe(451);
    expect(selected.has(1000) && selected.has(550) && selected.has(775)).toBe(true);
  });

  it('arrow keys move the cursor, shift extends, Home/End jump', async () => {
    await ready(50);
    const s = h.store.getState();
    await s.moveCursor(1);
    expect(h.store.getState().cursorId).toBe(50);
    await s.moveCursor(1);
    await s.moveCursor(1, true);
    expect([...h.store.getState().selected].sort()).toEqual([48, 49]);
    await s.moveCursor(51);
    expect(h.store.getState().cursorId).toBe(1);
    await s.moveCursor(-51);
    expect(h.store.getState().cursorId).toBe(50);
  });

  it('delete removes the selection on the host and moves the cursor to the next row', async () => {
    await ready(30);
    const s = h.store.getState();
    await s.selectRow(4, 26);
    await s.selectRow(5, 25, 'toggle');
    await s.deleteSelected();
    expect((await h.host.core.getStatus({})).messageCount).toBe(28);
    expect(h.store.getState().total).toBe(28);
    expect(h.store.getState().cursorId).toBe(24);
    expect([...h.store.getState().selected]).toEqual([24]);
  });

  it('delete moves the cursor before the host answers, and restores the list when the host refuses', async () => {
    await ready(10);
    const s = h.store.getState();
    await s.selectRow(2, 8);
    const pending = s.deleteSelected();
    // Synchronously applied: no window in which nothing is selected.
    expect(h.store.getState().total).toBe(9);
    expect(h.store.getState().cursorId).toBe(7);
    await pending;
    expect([...h.store.getState().selected]).toEqual([7]);

    // The host fails the next delete (a closed database, say): the row comes back and a banner says why.
    const core = h.host.core as unknown as { deleteMessages: (r: { ids: number[] }) => Promise<unknown> };
    core.deleteMessages = async () => {
      throw new Error('database is locked');
    };
    await h.store.getState().deleteSelected();
    await until(() => h.store.getState().total === 9, 'the list to come back');
    expect(h.store.getState().indexOfId(7)).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(h.store.getState())).toMatch(/Could not delete/);
  });

  it('clear all empties the host and the list', async () => {
    await ready(30);
    await h.store.getState().clearAll();
    expect((await h.host.core.getStatus({})).messageCount).toBe(0);
    expect(h.store.getState().total).toBe(0);
    expect(h.store.getState().openId).toBeNull();
  });

  it('exports one message as .eml and several as one mbox', async () => {
    await ready(5);
    const s = h.store.getState();
    await s.selectRow(0, 5);
    await s.exportSelected();
    await s.selectRow(1, 4, 'toggle');
    await s.exportSelected();
    expect(h.saved.map((f) => [f.name, f.contentType])).toEqual([
      ['message-5.eml', 'message/rfc822'],
      ['messages.mbox', 'application/mbox'],
    ]);
    expect(new TextDecoder().decode(h.saved[1]?.bytes).match(/^From /gm)).toHaveLength(2);
  });
});

describe('deletes from elsewhere', () => {
  it('drop the message from the selection and close it when it was open', async () => {
    await ready(10);
    const s = h.store.getState();
    await s.selectRow(0, 10);
    await s.selectRow(1, 9, 'toggle');
    await until(() => h.store.getState().detail?.status === 'ready', 'detail');
    // Another window (or retention) deletes message 10; the host announces it.
    h.store.getState().messagesDeleted([10], false);
    expect([...h.store.getState().selected]).toEqual([9]);
    expect(h.store.getState().openId).toBeNull();
    h.store.getState().messagesDeleted([], true);
    expect(h.store.getState().selected.size).toBe(0);
    expect(h.store.getState().total).toBe(0);
  });
});
