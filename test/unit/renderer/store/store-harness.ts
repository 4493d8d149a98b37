/**
 * The real app store wired to the real API client, talking to the real HTTP
 * server over an in-memory core. Saved files are collected instead of shown
 * in a dialog.
 */
import { createApiClient } from '../../../../renderer/api/client';
import { createAppStore } from '../../../../renderer/store';
import type { AppStore } from '../../../../renderer/store';
import { startMemoryHost } from '../../../support/memory-host';
import type { MemoryHost } from '../../../support/memory-host';

export interface StoreHarness {
  host: MemoryHost;
  store: AppStore;
  saved: { name: string; bytes: Uint8Array; contentType: string }[];
  close(): Promise<void>;
}

export async function storeHarness(synthetic = 0): Promise<StoreHarness> {
  const host = await startMemoryHost();
  if (synthetic > 0) host.core.addSynthetic(synthetic);
  const saved: StoreHarness['saved'] = [];
  const api = createApiClient({ baseUrl: host.origin, token: host.token });
  const store = createAppStore({
    api,
    saveFile: async (name, bytes, contentType) => {
      saved.push({ name, bytes, contentType });
    },
  });
  return { host, store, saved, close: () => host.close() };
}

/** Wait until `predicate` holds (polling), failing after 5 s. */
export async function until(predicate: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > 5000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
