/**
 * One bound store for the app, built from the slices. Vanilla (not a hook)
 * so the event mapping and unit tests can drive it without React; components
 * read it with useApp (store-context.tsx).
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { AppState } from './app-state';
import { createFaultsSlice } from './faults-slice';
import { createImportSlice } from './import-slice';
import { createListSlice } from './list-slice';
import { createMessageSlice } from './message-slice';
import { createSelectionSlice } from './selection-slice';
import { createSendSlice } from './send-slice';
import { createProbeSlice } from './probe-slice';
import type { StoreServices } from './slice';
import { createStatusSlice } from './status-slice';
import { createUiSlice } from './ui-slice';

export type { AppState } from './app-state';
export type AppStore = StoreApi<AppState>;

export function createAppStore(services: StoreServices): AppStore {
  return createStore<AppState>()((set, get) => ({
    ...createListSlice(set, get, services),
    ...createSelectionSlice(set, get, services),
    ...createMessageSlice(set, get, services),
    ...createStatusSlice(set, get, services),
    ...createUiSlice(set, get, services),
    ...createImportSlice(set, get, services),
    ...createSendSlice(set, get, services),
    ...createProbeSlice(set, get, services),
    ...createFaultsSlice(set, get, services),
  }));
}
