import { afterEach, describe, expect, it } from 'vitest';
import { compose } from '../../../support/compose';
import { invoiceMail, resetMail } from '../../../support/sample-mail';
import { storeHarness } from './store-harness';
import type { StoreHarness } from './store-harness';

let h: StoreHarness;
afterEach(() => h?.close());

const file = (name: string, bytes: Uint8Array | Error) => ({
  name,
  type: '',
  bytes: async () => {
    if (bytes instanceof Error) throw bytes;
    return bytes;
  },
});

describe('status slice', () => {
  it('loads status and follows capture start/stop', async () => {
    h = await storeHarness(3);
    const s = h.store.getState();
    await s.refreshStatus();
    expect(h.store.getState().status?.messageCount).toBe(3);
    await s.stopCapture();
    expect(h.store.getState().status?.capture.running).toBe(false);
    await s.startCapture();
    expect(h.store.getState().status?.capture.running).toBe(true);
    expect(h.store.getState().captureBusy).toBe(false);
  });

  it('saves settings and keeps what the host answered', async () => {
    h = await storeHarness();
    await h.store.getState().loadSettings();
    expect(await h.store.getState().saveSettings({ maxMessages: 10 })).toBeNull();
    expect(h.store.getState().settings?.maxMessages).toBe(10);
  });

  it('tells the user what to do when the token is refused', async () => {
    h = await storeHarness();
    h.store.getState().setConnection('unauthorized');
    expect(h.store.getState().banners.map((b) => [b.kind, b.text])).toEqual([
      ['error', expect.stringMatching(/refused this page’s access token.*#token=/)],
    ]);
  });
});

describe('import slice', () => {
  it('uploads files one by one and sums up the result, listing every problem', async () => {
    h = await storeHarness();
    await h.store.getState().importFiles([file('a.eml', await compose(resetMail())), file('broken.eml', new Error('The file could not be read.')), file('b.eml', await compose(invoiceMail()))]);
    const s = h.store.getState();
    expect(s.importing).toBeNull();
    expect(s.importResult?.imported).toBe(2);
    expect(s.importResult?.errors).toEqual([{ source: 'broken.eml', error: 'The file could not be read.' }]);
    expect((await h.host.core.getStatus({})).messageCount).toBe(2);
  });

  it('shows progress of the file being imported', async () => {
    h = await storeHarness();
    const seen: (string | null)[] = [];
    const unsubscribe = h.store.subscribe((state) => seen.push(state.importing ? `${state.importing.fileIndex}/${state.importing.fileCount} ${state.importing.source} ${state.importing.done}` : null));
    const pending = h.store.getState().importFiles([file('one.eml', await compose(resetMail()))]);
    h.store.getState().importProgressed('one.eml', 1, 1);
    await pending;
    unsubscribe();
    expect(seen).toContain('1/1 one.eml 0');
    expect(seen).toContain('1/1 one.eml 1');
    expect(seen.at(-1)).toBeNull();
  });

  it('opens the first message of files the desktop asked to open', async () => {
    h = await storeHarness();
    // The in-memory core refuses import by path; the refusal is shown, nothing is opened.
    await h.store.getState().openDesktopFiles(async () => ['/tmp/x.eml']);
    expect(h.store.getState().importResult?.errors[0]?.error).toMatch(/not supported/);
    expect(h.store.getState().openId).toBeNull();
  });
});
