/**
 * The send slice's event handling. The race it must survive — steps and even
 * the end of a send arriving before `sendMessage` answers with the id — cannot
 * be produced on demand with the real engine (it depends on thread timing),
 * so the API here answers when the test says. The end-to-end path with the
 * real engine is test/e2e/send.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../../renderer/api/client';
import { createEventDispatcher } from '../../../../renderer/api/events';
import { createAppStore } from '../../../../renderer/store';
import type { SendRecord, SendRequest, SendSummary } from '../../../../shared/model/send';
import type { TranscriptEntry } from '../../../../shared/model/session';

function summary(id: number, status: SendSummary['status']): SendSummary {
  return {
    id,
    startedAt: 1_700_000_000_000,
    finishedAt: status === 'running' ? null : 1_700_000_000_500,
    status,
    targetLabel: '127.0.0.1:2525 (plain)',
    envelope: { from: 'a@example.test', to: ['b@example.test'] },
    subject: 'Hi',
    size: 300,
    queueId: null,
    explanation: null,
    recipients: [],
    timings: { dnsMs: null, connectMs: 2, tlsMs: null, authMs: null, dataMs: 5, totalMs: 20 },
  };
}

const steps: TranscriptEntry[] = [
  { t: 0, kind: 'tcp', text: 'connected' },
  { t: 3, kind: 'server', text: '220 ready' },
  { t: 4, kind: 'client', text: 'EHLO x' },
];

function harness() {
  const requests: SendRequest[] = [];
  let answer: (id: number) => void = () => undefined;
  const records = new Map<number, SendRecord>();
  const api = {
    sendMessage: (request: SendRequest) => {
      requests.push(request);
      return new Promise<{ sendId: number }>((resolve) => (answer = (sendId) => resolve({ sendId })));
    },
    listSends: async () => ({ total: records.size, items: [...records.values()].map(({ transcript: _t, sourceLabel: _s, ...rest }) => rest) }),
    getSend: async ({ id }: { id: number }) => {
      const record = records.get(id);
      if (!record) throw new Error('not found');
      return record;
    },
  } as unknown as ApiClient;
  const store = createAppStore({ api, saveFile: async () => undefined });
  const dispatcher = createEventDispatcher(() => store.getState());
  return { store, dispatcher, requests, records, answer: (id: number) => answer(id) };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('send slice', () => {
  it('keeps the steps that arrive before sendMessage answers, then streams the rest', async () => {
    const h = harness();
    h.store.getState().updateSendForm({ host: '127.0.0.1', port: '2525', security: 'none', from: 'a@example.test', to: 'b@example.test', secret: 'typed-secret', authMethod: 'PLAIN', user: 'u' });
    const started = h.store.getState().startSend();
    await settle();
    expect(h.requests).toHaveLength(1);
    expect(h.requests[0]?.secret).toBe('typed-secret');
    // The secret leaves the form as soon as the request is made.
    expect(h.store.getState().sendForm.secret).toBe('');

    h.dispatcher.dispatch({ type: 'send.started', send: summary(5, 'running') });
    h.dispatcher.dispatch({ type: 'send.step', sendId: 5, entry: steps[0] as TranscriptEntry });
    h.dispatcher.dispatch({ type: 'send.step', sendId: 5, entry: steps[1] as TranscriptEntry });
    // Another send (the CLI) streaming at the same time is not mixed in.
    h.dispatcher.dispatch({ type: 'send.step', sendId: 9, entry: { t: 0, kind: 'tcp', text: 'other send' } });
    h.answer(5);
    await started;

    const shown = h.store.getState().shownSend;
    expect(shown?.id).toBe(5);
    expect(shown?.summary?.status).toBe('running');
    expect(shown?.transcript.map((e) => e.text)).toEqual(['connected', '220 ready']);
    h.dispatcher.dispatch({ type: 'send.step', sendId: 5, entry: steps[2] as TranscriptEntry });
    expect(h.store.getState().shownSend?.transcript.map((e) => e.text)).toEqual(['connected', '220 ready', 'EHLO x']);
    expect(h.store.getState().sendHistory.map((s) => s.id)).toEqual([5]);

    // At the end, the stored record (every reply explained) replaces the live lines.
    h.records.set(5, { ...summary(5, 'delivered'), transcript: [...steps, { t: 9, kind: 'server', text: '250 ok' }], sourceLabel: 'composed' });
    h.dispatcher.dispatch({ type: 'send.finished', send: summary(5, 'delivered') });
    expect(h.store.getState().sendHistory[0]?.status).toBe('delivered');
    await settle();
    expect(h.store.getState().shownSend?.transcript).toHaveLength(4);
    expect(h.store.getState().shownSend?.sourceLabel).toBe('composed');
  });

  it('shows the outcome of a send that finished before its id came back', async () => {
    const h = harness();
    h.store.getState().updateSendForm({ host: '127.0.0.1', port: '2525', security: 'none', from: 'a@example.test', to: 'b@example.test' });
    const started = h.store.getState().startSend();
    await settle();
    h.records.set(6, { ...summary(6, 'rejected'), transcript: steps, sourceLabel: 'composed' });
    h.dispatcher.dispatch({ type: 'send.step', sendId: 6, entry: steps[0] as TranscriptEntry });
    h.dispatcher.dispatch({ type: 'send.finished', send: summary(6, 'rejected') });
    h.answer(6);
    await started;
    expect(h.store.getState().shownSend?.summary?.status).toBe('rejected');
    await settle();
    expect(h.store.getState().shownSend?.transcript).toHaveLength(3);
  });

  it('does not call the core when the form has problems, and says which', async () => {
    const h = harness();
    h.store.getState().updateSendForm({ from: '', to: '' });
    await h.store.getState().startSend();
    expect(h.requests).toHaveLength(0);
    expect(Object.keys(h.store.getState().sendErrors).sort()).toEqual(['from', 'recipients']);
    // Fixing a field clears its message.
    h.store.getState().updateSendForm({ from: 'a@example.test' });
    expect(Object.keys(h.store.getState().sendErrors)).toEqual(['recipients']);
  });

  it('opens a stored message from the message view as the source, on the Send screen', () => {
    const h = harness();
    h.store.getState().replayMessage(12, 'Welcome', { from: 'app@example.test', to: ['q@example.test', 'r@example.test'] });
    const s = h.store.getState();
    expect(s.tool).toBe('send');
    expect(s.sendForm).toMatchObject({ sourceKind: 'stored', storedId: 12, storedLabel: 'Welcome', replayMode: 'raw', overrideEnvelope: false, envelopeFrom: 'app@example.test', envelopeTo: 'q@example.test, r@example.test' });
  });
});

describe('send slice errors after a refused Send', () => {
  it('drop as they are fixed or their section is switched away, without new ones appearing before the next Send', async () => {
    const h = harness();
    h.store.getState().updateSendForm({ from: '', to: '', sourceKind: 'eml' });
    await h.store.getState().startSend();
    expect(Object.keys(h.store.getState().sendErrors)).toEqual(['eml']);
    h.store.getState().updateSendForm({ sourceKind: 'compose' });
    // The .eml problem is gone with its section; compose's problems are not shown until Send.
    expect(h.store.getState().sendErrors).toEqual({});
  });
});

describe('send slice after a reconnect', () => {
  it('refetches the history and the running send it shows (events sent meanwhile are gone)', async () => {
    const h = harness();
    h.store.getState().updateSendForm({ host: '127.0.0.1', port: '2525', security: 'none', from: 'a@example.test', to: 'b@example.test' });
    const started = h.store.getState().startSend();
    await settle();
    h.answer(7);
    await started;
    h.dispatcher.dispatch({ type: 'send.started', send: summary(7, 'running') });
    // While the socket was away the send finished.
    h.records.set(7, { ...summary(7, 'deferred'), transcript: steps, sourceLabel: 'composed' });
    h.dispatcher.resync();
    await new Promise((r) => setTimeout(r, 20));
    expect(h.store.getState().sendHistory[0]?.status).toBe('deferred');
    expect(h.store.getState().shownSend).toMatchObject({ id: 7, summary: { status: 'deferred' } });
    expect(h.store.getState().shownSend?.transcript).toHaveLength(3);
  });
});
