/**
 * Host and capture-server status, the capture settings, and the state of
 * the live connection. Counts are refreshed shortly after bursts of events
 * rather than once per event.
 */
import type { HostStatus } from '../../shared/api/contract';
import type { CaptureSettings } from '../../shared/model/settings';
import type { CaptureStatus } from '../../shared/model/settings';
import { errorMessage } from '../api/client';
import type { ConnectionState } from '../api/events';
import type { SliceCreator } from './slice';

export interface StatusSlice {
  status: HostStatus | null;
  statusError: string | null;
  settings: CaptureSettings | null;
  connection: ConnectionState;
  /** A start/stop/save is running (buttons show it and stay disabled). */
  captureBusy: boolean;

  refreshStatus(): Promise<void>;
  /** Refresh counts soon (debounced: a burst of 1 000 captures costs one call). */
  refreshStatusSoon(): void;
  captureStatusChanged(capture: CaptureStatus): void;
  setConnection(connection: ConnectionState): void;
  startCapture(): Promise<void>;
  stopCapture(): Promise<void>;
  loadSettings(): Promise<void>;
  /** Save settings; resolves to an error message or null on success. */
  saveSettings(settings: Partial<CaptureSettings>): Promise<string | null>;
}

export const createStatusSlice: SliceCreator<StatusSlice> = (set, get, { api }) => {
  let soon: ReturnType<typeof setTimeout> | null = null;

  const withCapture = (capture: CaptureStatus): void => {
    const status = get().status;
    if (status) set({ status: { ...status, capture } });
  };

  return {
    status: null,
    statusError: null,
    settings: null,
    connection: 'connecting',
    captureBusy: false,

    async refreshStatus() {
      try {
        set({ status: await api.getStatus(), statusError: null });
      } catch (error) {
        set({ statusError: errorMessage(error) });
      }
    },

    refreshStatusSoon() {
      if (soon) return;
      soon = setTimeout(() => {
        soon = null;
        void get().refreshStatus();
      }, 300);
    },

    captureStatusChanged(capture) {
      withCapture(capture);
    },

    setConnection(connection) {
      set({ connection });
      // The one state the user must act on: a page left open across a host restart.
      if (connection === 'unauthorized') {
        get().pushBanner('error', 'Mailscope refused this page’s access token — it was probably restarted. Open the URL it printed at start (it ends with #token=…).');
      }
    },

    async startCapture() {
      set({ captureBusy: true });
      try {
        const capture = await api.startCapture();
        withCapture(capture);
        if (capture.error) get().pushBanner('error', `The capture server did not start: ${capture.error}`);
      } catch (error) {
        get().pushBanner('error', `Could not start capturing: ${errorMessage(error)}`);
      } finally {
        set({ captureBusy: false });
      }
    },

    async stopCapture() {
      set({ captureBusy: true });
      try {
        withCapture(await api.stopCapture());
      } catch (error) {
        get().pushBanner('error', `Could not stop capturing: ${errorMessage(error)}`);
      } finally {
        set({ captureBusy: false });
      }
    },

    async loadSettings() {
      try {
        set({ settings: await api.getSettings() });
      } catch (error) {
        get().pushBanner('error', `Could not load the settings: ${errorMessage(error)}`);
      }
    },

    async saveSettings(settings) {
      set({ captureBusy: true });
      try {
        const result = await api.updateSettings({ settings });
        set({ settings: result.settings });
        withCapture(result.status);
        // The header shows the retention limit, which a raised limit changes without any message event.
        void get().refreshStatus();
        return result.status.error ? `Saved, but the capture server did not start: ${result.status.error}` : null;
      } catch (error) {
        return errorMessage(error);
      } finally {
        set({ captureBusy: false });
      }
    },
  };
};
