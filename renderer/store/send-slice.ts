/**
 * The Send screen's state: the form, saved profiles, the send history and
 * the send being watched, whose transcript grows with `send.step` events.
 *
 * Steps can arrive before `sendMessage` answers with the new id (the core
 * starts the conversation at once), so steps of running sends nobody shows
 * yet are kept until the id is known — only for running sends, and dropped
 * when they finish. The password/token typed for a send is cleared as soon
 * as the request is made; only a profile keeps one (in the core).
 */
import type { CoreEvent } from '../../shared/api/events';
import type { SendProfile, SendSummary } from '../../shared/model/send';
import type { TranscriptEntry } from '../../shared/model/session';
import { errorMessage } from '../api/client';
import { applyProfile, buildSendRequest, emptySendForm, targetFromForm, validateSendForm } from '../features/send/send-form';
import type { FormErrors, SendForm } from '../features/send/send-form';
import type { SliceCreator } from './slice';

/** The send shown under the form: its summary once known, and its transcript so far. */
export interface ShownSend {
  id: number;
  summary: SendSummary | null;
  transcript: TranscriptEntry[];
  /** "composed", "captured #12"… (from the full record). */
  sourceLabel: string;
  /** Loading the full record (opened from history). */
  loading: boolean;
  error: string | null;
}

/** Send events, the ones the dispatcher hands over. */
export type SendEvent = Extract<CoreEvent, { type: 'send.started' | 'send.step' | 'send.finished' }>;

export interface SendSlice {
  sendForm: SendForm;
  /** Validation problems of the last Send attempt (cleared field by field as they are fixed). */
  sendErrors: FormErrors;
  sendWarnings: string[];
  /** The request is being made (Send disabled). */
  sendStarting: boolean;
  /** Why the last start failed (the core refused the request), or null. */
  sendStartError: string | null;
  shownSend: ShownSend | null;
  sendHistory: SendSummary[];
  sendHistoryTotal: number;
  sendHistoryError: string | null;
  sendProfiles: SendProfile[];
  sendProfilesError: string | null;
  /** Bumped whenever a message is handed to Send from elsewhere (the screen scrolls to its source). */
  sendSourceRequest: number;

  updateSendForm(patch: Partial<SendForm>): void;
  resetSendForm(): void;
  /** Open the Send screen with a stored message as the source (the message view's "Send / Replay…"). */
  replayMessage(id: number, label: string, envelope: { from: string; to: string[] } | null): void;
  startSend(): Promise<void>;
  cancelShownSend(): Promise<void>;
  loadSendHistory(): Promise<void>;
  openSend(id: number): Promise<void>;
  exportSendTranscript(id: number): Promise<void>;
  loadSendProfiles(): Promise<void>;
  /** Save the form's target as a profile; resolves to an error message or null. */
  saveSendProfile(name: string, options: { keepSecret: boolean; persistSecret: boolean; asNew: boolean }): Promise<string | null>;
  deleteSendProfile(id: number): Promise<void>;
  loadSendProfile(id: number | null): void;
  sendEventReceived(event: SendEvent): void;
  /** After a reconnect: send events sent meanwhile are gone; refetch the history and a send still shown as running. */
  sendResync(): Promise<void>;
  /**
   * The captured message a send delivered to this app's own capture server:
   * same envelope and subject, received while the send ran. Null when not
   * (yet) in the inbox.
   */
  findSentMessage(send: SendSummary): Promise<number | null>;
  /** Open what a send delivered here in the header analyzer (or say why not). */
  analyzeSentMessage(send: SendSummary): Promise<void>;
  /** Show what a send delivered here in the inbox. */
  showSentMessage(send: SendSummary): Promise<void>;
}

const HISTORY_PAGE = 100;
/** Steps kept per unseen running send: a runaway stream must not grow memory without bound. */
const MAX_BUFFERED_STEPS = 5000;

export const createSendSlice: SliceCreator<SendSlice> = (set, get, { api, saveFile }) => {
  // Steps of running sends not shown yet (see the file comment).
  const buffered = new Map<number, TranscriptEntry[]>();
  const finishedEarly = new Map<number, SendSummary>();
  // The id a startSend is waiting for; its steps are buffered until then.
  let awaiting = false;

  const upsertHistory = (summary: SendSummary): void => {
    set((s) => {
      const at = s.sendHistory.findIndex((x) => x.id === summary.id);
      if (at >= 0) {
        const next = s.sendHistory.slice();
        next[at] = summary;
        return { sendHistory: next };
      }
      return { sendHistory: [summary, ...s.sendHistory], sendHistoryTotal: s.sendHistoryTotal + 1 };
    });
  };

  const showFinal = async (id: number): Promise<void> => {
    try {
      const record = await api.getSend({ id });
      if (get().shownSend?.id !== id) return;
      const { transcript, sourceLabel, ...summary } = record;
      set({ shownSend: { id, summary, transcript, sourceLabel, loading: false, error: null } });
    } catch {
      // The live transcript stays; the summary from the event is enough to show the outcome.
    }
  };

  return {
    sendForm: emptySendForm(),
    sendErrors: {},
    sendWarnings: [],
    sendStarting: false,
    sendStartError: null,
    shownSend: null,
    sendHistory: [],
    sendHistoryTotal: 0,
    sendHistoryError: null,
    sendProfiles: [],
    sendProfilesError: null,
    sendSourceRequest: 0,

    updateSendForm(patch) {
      set((s) => {
        const sendForm = { ...s.sendForm, ...patch };
        if (Object.keys(s.sendErrors).length === 0) return { sendForm };
        // After a refused Send, the shown problems follow the edits: fixed ones go (also those of a
        // section switched away from), the rest stay; new ones wait for the next Send.
        const now = validateSendForm(sendForm, s.sendProfiles).errors;
        const sendErrors: FormErrors = {};
        for (const key of Object.keys(s.sendErrors) as (keyof FormErrors)[]) if (now[key]) sendErrors[key] = now[key];
        return { sendForm, sendErrors };
      });
    },

    resetSendForm() {
      set({ sendForm: emptySendForm(), sendErrors: {}, sendWarnings: [], sendStartError: null });
    },

    replayMessage(id, label, envelope) {
      set((s) => ({
        tool: 'send',
        sendForm: {
          ...s.sendForm,
          sourceKind: 'stored',
          storedId: id,
          storedLabel: label,
          replayMode: 'raw',
          headerEdits: [],
          // Show the captured envelope as the starting point of an override, but keep using it unchanged by default.
          overrideEnvelope: false,
          envelopeFrom: envelope?.from ?? '',
          envelopeTo: envelope?.to.join(', ') ?? '',
        },
        sendErrors: {},
        sendSourceRequest: s.sendSourceRequest + 1,
      }));
    },

    async startSend() {
      if (get().sendStarting) return;
      const built = buildSendRequest(get().sendForm, get().sendProfiles);
      if ('errors' in built) {
        set({ sendErrors: built.errors, sendWarnings: built.warnings, sendStartError: null });
        return;
      }
      set({ sendErrors: {}, sendWarnings: built.warnings, sendStarting: true, sendStartError: null });
      // The secret has done its job: it leaves the form now (a profile keeps one when asked to).
      set((s) => ({ sendForm: { ...s.sendForm, secret: '' } }));
      awaiting = true;
      try {
        const { sendId } = await api.sendMessage(built.request);
        const early = finishedEarly.get(sendId) ?? null;
        const transcript = buffered.get(sendId) ?? [];
        buffered.delete(sendId);
        finishedEarly.delete(sendId);
        const summary = early ?? get().sendHistory.find((h) => h.id === sendId) ?? null;
        set({ shownSend: { id: sendId, summary, transcript, sourceLabel: '', loading: false, error: null }, sendStarting: false });
        if (early) void showFinal(sendId);
      } catch (error) {
        set({ sendStarting: false, sendStartError: errorMessage(error) });
      } finally {
        awaiting = false;
        // Anything still buffered belongs to sends shown nowhere (started elsewhere): history has them.
        for (const id of [...buffered.keys()]) if (id !== get().shownSend?.id) buffered.delete(id);
      }
    },

    async cancelShownSend() {
      const shown = get().shownSend;
      if (!shown) return;
      try {
        const summary = await api.cancelSend({ sendId: shown.id });
        upsertHistory(summary);
      } catch (error) {
        get().pushBanner('error', `Could not cancel the send: ${errorMessage(error)}`);
      }
    },

    async loadSendHistory() {
      try {
        const page = await api.listSends({ offset: 0, limit: HISTORY_PAGE });
        set({ sendHistory: page.items, sendHistoryTotal: page.total, sendHistoryError: null });
      } catch (error) {
        set({ sendHistoryError: errorMessage(error) });
      }
    },

    async openSend(id) {
      const summary = get().sendHistory.find((h) => h.id === id) ?? null;
      set({ shownSend: { id, summary, transcript: [], sourceLabel: '', loading: true, error: null } });
      try {
        const record = await api.getSend({ id });
        if (get().shownSend?.id !== id) return;
        const { transcript, sourceLabel, ...rest } = record;
        // A running send keeps streaming: steps that arrived while loading are already in the record or come next.
        set({ shownSend: { id, summary: rest, transcript, sourceLabel, loading: false, error: null } });
      } catch (error) {
        if (get().shownSend?.id === id) set((s) => ({ shownSend: s.shownSend && { ...s.shownSend, loading: false, error: errorMessage(error) } }));
      }
    },

    async exportSendTranscript(id) {
      try {
        const file = await api.exportSendTranscript({ id });
        await saveFile(file.filename ?? `send-${id}-transcript.txt`, file.bytes, file.contentType);
      } catch (error) {
        get().pushBanner('error', `Could not export the transcript: ${errorMessage(error)}`);
      }
    },

    async loadSendProfiles() {
      try {
        set({ sendProfiles: await api.listSendProfiles(), sendProfilesError: null });
      } catch (error) {
        set({ sendProfilesError: errorMessage(error) });
      }
    },

    async saveSendProfile(name, { keepSecret, persistSecret, asNew }) {
      const form = get().sendForm;
      const trimmed = name.trim();
      if (trimmed === '') return 'Give the profile a name.';
      try {
        const profile = await api.saveSendProfile({
          ...(asNew || form.profileId === null ? {} : { id: form.profileId }),
          name: trimmed,
          target: targetFromForm(form),
          // null keeps a stored secret; a typed one replaces it only when the user asked to keep it.
          secret: keepSecret && form.secret !== '' ? form.secret : keepSecret ? null : '',
          persistSecret,
        });
        set((s) => {
          const sendErrors = { ...s.sendErrors };
          delete sendErrors.secret;
          return {
            sendProfiles: [...s.sendProfiles.filter((p) => p.id !== profile.id), profile].sort((a, b) => a.name.localeCompare(b.name)),
            sendForm: { ...s.sendForm, profileId: profile.id, secret: '' },
            sendErrors,
          };
        });
        return null;
      } catch (error) {
        return errorMessage(error);
      }
    },

    async deleteSendProfile(id) {
      try {
        await api.deleteSendProfile({ id });
        set((s) => ({ sendProfiles: s.sendProfiles.filter((p) => p.id !== id), sendForm: s.sendForm.profileId === id ? { ...s.sendForm, profileId: null } : s.sendForm }));
      } catch (error) {
        get().pushBanner('error', `Could not delete the profile: ${errorMessage(error)}`);
      }
    },

    loadSendProfile(id) {
      if (id === null) {
        set((s) => ({ sendForm: { ...s.sendForm, profileId: null } }));
        return;
      }
      const profile = get().sendProfiles.find((p) => p.id === id);
      if (profile) set((s) => ({ sendForm: applyProfile(s.sendForm, profile), sendErrors: {} }));
    },

    async sendResync() {
      await get().loadSendHistory();
      const shown = get().shownSend;
      if (shown && (shown.summary === null || shown.summary.status === 'running')) await get().openSend(shown.id);
    },

    async findSentMessage(send) {
      const query = send.subject.trim() !== '' ? `subject:"${send.subject.replace(/"/g, ' ').trim()}"` : send.envelope.to[0] ? `to:${send.envelope.to[0]}` : '';
      const page = await api.listMessages({ query, offset: 0, limit: 50 });
      const wanted = [...send.envelope.to].map((a) => a.toLowerCase()).sort().join(',');
      const until = (send.finishedAt ?? Date.now()) + 5000;
      const match = page.items.find(
        (m) =>
          m.receivedAt >= send.startedAt - 2000 &&
          m.receivedAt <= until &&
          m.subject === send.subject &&
          m.mailFrom.toLowerCase() === send.envelope.from.toLowerCase() &&
          [...m.rcptTo].map((a) => a.toLowerCase()).sort().join(',') === wanted,
      );
      return match?.id ?? null;
    },

    async analyzeSentMessage(send) {
      try {
        const id = await get().findSentMessage(send);
        if (id === null) get().pushBanner('info', 'The message this send delivered is not in the inbox (it went to another server, or was deleted).');
        else get().analyzeMessage(id);
      } catch (error) {
        get().pushBanner('error', `Could not look for the delivered message: ${errorMessage(error)}`);
      }
    },

    async showSentMessage(send) {
      try {
        const id = await get().findSentMessage(send);
        if (id === null) {
          get().pushBanner('info', 'The message this send delivered is not in the inbox (it went to another server, or was deleted).');
          return;
        }
        get().setTool('inbox');
        get().openMessage(id);
      } catch (error) {
        get().pushBanner('error', `Could not look for the delivered message: ${errorMessage(error)}`);
      }
    },

    sendEventReceived(event) {
      if (event.type === 'send.started') {
        upsertHistory(event.send);
        const shown = get().shownSend;
        if (shown?.id === event.send.id && !shown.summary) set({ shownSend: { ...shown, summary: event.send } });
        return;
      }
      if (event.type === 'send.step') {
        const shown = get().shownSend;
        if (shown?.id === event.sendId) {
          if (shown.loading) return; // the record being fetched has it
          set({ shownSend: { ...shown, transcript: [...shown.transcript, event.entry] } });
        } else if (awaiting) {
          const steps = buffered.get(event.sendId) ?? [];
          if (steps.length < MAX_BUFFERED_STEPS) steps.push(event.entry);
          buffered.set(event.sendId, steps);
        }
        return;
      }
      upsertHistory(event.send);
      const shown = get().shownSend;
      if (shown?.id === event.send.id) {
        set({ shownSend: { ...shown, summary: event.send } });
        // The stored record is the reference (every reply explained, secrets masked): show it once complete.
        void showFinal(event.send.id);
      } else if (awaiting) {
        finishedEarly.set(event.send.id, event.send);
      }
    },
  };
};
