/**
 * The message open in the reading pane: its parsed detail, and the heavier
 * views (raw bytes, SMTP session) loaded only when their tab is shown.
 * Opening marks the message read. "Load remote content" is remembered per
 * message for this run only: a new message always starts blocked.
 */
import type { MessageDetail } from '../../shared/model/message';
import type { SmtpSession } from '../../shared/model/session';
import { errorMessage } from '../api/client';
import type { SliceCreator } from './slice';

/** The reading pane's tabs. */
export type MessageTab = 'preview' | 'text' | 'headers' | 'raw' | 'attachments' | 'mime' | 'session';

/** Something loaded for one message: data, or why not. */
export type Loaded<T> = { id: number; status: 'loading' } | { id: number; status: 'ready'; data: T } | { id: number; status: 'error'; error: string };

export interface MessageSlice {
  /** Id of the message shown, or null. */
  openId: number | null;
  detail: Loaded<MessageDetail> | null;
  raw: Loaded<Uint8Array> | null;
  session: Loaded<SmtpSession> | null;
  tab: MessageTab;
  /** Messages whose remote content the user allowed (this run). */
  remoteAllowed: ReadonlySet<number>;

  openMessage(id: number): void;
  closeMessage(): void;
  setTab(tab: MessageTab): void;
  allowRemote(id: number): void;
  loadRaw(): void;
  loadSession(): void;
  /** Fetch an attachment's bytes (for cid: images and saving). */
  fetchAttachment(id: number, index: number): Promise<{ bytes: Uint8Array; contentType: string; filename?: string }>;
  saveAttachment(index: number): Promise<void>;
  /** Save the open message's exact bytes as .eml. */
  downloadEml(): Promise<void>;
}

export const createMessageSlice: SliceCreator<MessageSlice> = (set, get, { api, saveFile }) => ({
  openId: null,
  detail: null,
  raw: null,
  session: null,
  tab: 'preview',
  remoteAllowed: new Set(),

  openMessage(id) {
    if (get().openId === id && get().detail?.status !== 'error') return;
    set({ openId: id, detail: { id, status: 'loading' }, raw: null, session: null });
    api
      .getMessage({ id })
      .then((data) => {
        if (get().openId !== id) return;
        set({ detail: { id, status: 'ready', data } });
        const { tab } = get();
        if (tab === 'raw') get().loadRaw();
        if (tab === 'session') get().loadSession();
        if (!data.summary.read) {
          get().readChanged([id], true);
          api.markRead({ ids: [id], read: true }).catch(() => undefined);
        }
      })
      .catch((error: unknown) => {
        if (get().openId === id) set({ detail: { id, status: 'error', error: errorMessage(error) } });
      });
  },

  closeMessage() {
    set({ openId: null, detail: null, raw: null, session: null });
  },

  setTab(tab) {
    set({ tab });
    if (tab === 'raw') get().loadRaw();
    if (tab === 'session') get().loadSession();
  },

  allowRemote(id) {
    set((s) => ({ remoteAllowed: new Set(s.remoteAllowed).add(id) }));
  },

  loadRaw() {
    const id = get().openId;
    if (id === null || get().raw?.id === id) return;
    set({ raw: { id, status: 'loading' } });
    api
      .getRawMessage({ id })
      .then((file) => {
        if (get().openId === id) set({ raw: { id, status: 'ready', data: file.bytes } });
      })
      .catch((error: unknown) => {
        if (get().openId === id) set({ raw: { id, status: 'error', error: errorMessage(error) } });
      });
  },

  loadSession() {
    const detail = get().detail;
    if (!detail || detail.status !== 'ready') return;
    const sessionId = detail.data.summary.sessionId;
    const id = detail.id;
    if (sessionId === null || get().session?.id === id) return;
    set({ session: { id, status: 'loading' } });
    api
      .getSession({ id: sessionId })
      .then((data) => {
        if (get().openId === id) set({ session: { id, status: 'ready', data } });
      })
      .catch((error: unknown) => {
        if (get().openId === id) set({ session: { id, status: 'error', error: errorMessage(error) } });
      });
  },

  fetchAttachment(id, index) {
    return api.getAttachment({ id, index });
  },

  async saveAttachment(index) {
    const detail = get().detail;
    if (!detail || detail.status !== 'ready') return;
    const info = detail.data.attachments.find((a) => a.index === index);
    try {
      const file = await api.getAttachment({ id: detail.id, index });
      await saveFile(info?.filename || file.filename || `attachment-${index}`, file.bytes, file.contentType);
    } catch (error) {
      get().pushBanner('error', `Could not save the attachment: ${errorMessage(error)}`);
    }
  },

  async downloadEml() {
    const id = get().openId;
    if (id === null) return;
    try {
      const file = await api.getRawMessage({ id });
      await saveFile(`message-${id}.eml`, file.bytes, 'message/rfc822');
    } catch (error) {
      get().pushBanner('error', `Could not download the message: ${errorMessage(error)}`);
    }
  },
});
