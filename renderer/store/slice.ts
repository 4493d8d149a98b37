/**
 * The shape every slice creator has: zustand's set/get over the whole app
 * state, plus the API client (slices call the core; components never do).
 */
import type { ApiClient } from '../api/client';
import type { AppState } from './app-state';

export type SetState = (partial: Partial<AppState> | ((state: AppState) => Partial<AppState>)) => void;
export type GetState = () => AppState;

/** Services slices use besides the API: injected so unit tests can control time and files. */
export interface StoreServices {
  api: ApiClient;
  /** Save bytes as a file (native dialog in Electron, a download in a browser). */
  saveFile(name: string, bytes: Uint8Array, contentType: string): Promise<void>;
}

export type SliceCreator<T> = (set: SetState, get: GetState, services: StoreServices) => T;
