/**
 * The one WebSocket to the host. It authenticates with its first message
 * (`{type:'auth', token}`), then receives CoreEvents. When the connection
 * drops it reconnects with exponential backoff (with jitter, capped), and
 * after a reconnect asks the app to resync, because events sent while it was
 * away are gone. A close with 4401 (bad token) stops retrying: the user must
 * open the URL the host printed.
 */
import type { ClientSocketMessage, CoreEvent, ServerSocketMessage } from '../../shared/api/events';
import type { MessageSummary } from '../../shared/model/message';
import type { CaptureStatus } from '../../shared/model/settings';
import type { FaultSettings } from '../../shared/model/faults';

/** What the header shows about the live connection. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'unauthorized' | 'closed';

/** The close code the host uses for a rejected token (electron/server/event-socket.ts). */
const CLOSE_UNAUTHORIZED = 4401;

export interface EventConnectionOptions {
  /** ws://host:port/ws */
  url: string;
  token: string;
  onEvent(event: CoreEvent): void;
  onState(state: ConnectionState): void;
  /** Called after a re-connection is ready: refetch what may have changed. */
  onResync(): void;
  /** Injected for tests (Node's global WebSocket works too). */
  WebSocketImpl?: typeof WebSocket;
  /** First retry delay; doubles up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface EventConnection {
  /** Stop for good (no more reconnects). */
  close(): void;
}

/** ws:// URL of the event socket for a page served by the host. */
export function eventSocketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/** Delay before retry number `attempt` (0-based): doubling, capped, with ±25 % jitter. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 20));
  return Math.round(base * (0.75 + random() * 0.5));
}

export function connectEvents(options: EventConnectionOptions): EventConnection {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const initial = options.initialDelayMs ?? 500;
  const max = options.maxDelayMs ?? 10_000;
  let attempt = 0;
  let everReady = false;
  let stopped = false;
  let socket: WebSocket | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const open = (): void => {
    if (stopped) return;
    options.onState(everReady ? 'reconnecting' : 'connecting');
    let ws: WebSocket;
    try {
      ws = new Impl(options.url);
    } catch {
      scheduleRetry();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      const auth: ClientSocketMessage = { type: 'auth', token: options.token };
      ws.send(JSON.stringify(auth));
    };
    ws.onmessage = (message: MessageEvent) => {
      let data: ServerSocketMessage;
      try {
        data = JSON.parse(String(message.data)) as ServerSocketMessage;
      } catch {
        return;
      }
      if (data.type === 'ready') {
        attempt = 0;
        options.onState('live');
        if (everReady) options.onResync();
        everReady = true;
      } else if (data.type === 'event') {
        options.onEvent(data.event);
      }
    };
    ws.onclose = (event: CloseEvent) => {
      if (socket === ws) socket = null;
      if (stopped) return;
      if (event.code === CLOSE_UNAUTHORIZED) {
        options.onState('unauthorized');
        return;
      }
      scheduleRetry();
    };
    // onerror is always followed by onclose; nothing to do here.
    ws.onerror = () => undefined;
  };

  const scheduleRetry = (): void => {
    if (stopped) return;
    options.onState('reconnecting');
    const delay = backoffDelay(attempt++, initial, max);
    timer = setTimeout(open, delay);
  };

  open();
  return {
    close() {
      stopped = true;
      if (timer) clearTimeout(timer);
      socket?.close(1000, 'closing');
      socket = null;
      options.onState('closed');
    },
  };
}

/** The store actions events drive (a subset of AppState, so tests can pass a stand-in). */
export interface EventTarget {
  messagesCaptured(messages: MessageSummary[]): void;
  messagesDeleted(ids: number[], all: boolean): void;
  readChanged(ids: number[], read: boolean): void;
  captureStatusChanged(status: CaptureStatus): void;
  importProgressed(source: string, done: number, total: number | null): void;
  refreshStatusSoon(): void;
  reloadList(): Promise<void>;
  refreshStatus(): Promise<void>;
  /** send.started / send.step / send.finished (the Send screen's slice). */
  sendEventReceived?(event: Extract<CoreEvent, { type: 'send.started' | 'send.step' | 'send.finished' }>): void;
  /** probe.started / probe.dns / probe.check-finished / probe.finished / probe.deleted (the Probe screen's slice). */
  probeEventReceived?(event: Extract<CoreEvent, { type: 'probe.started' | 'probe.dns' | 'probe.check-finished' | 'probe.finished' | 'probe.deleted' }>): void;
  /** After a reconnect: probe events sent meanwhile are gone; refetch the history and the shown run. */
  probeResync?(): Promise<void>;
  /** After a reconnect: refetch the send history and a send still shown as running. */
  sendResync?(): Promise<void>;
  /** faults.changed: a save elsewhere or new hit counts (the Faults panel's slice). */
  faultsChanged?(faults: FaultSettings): void;
  /** Refetch the fault rules after a reconnect (events sent meanwhile are gone). */
  loadFaults?(): Promise<void>;
}

/** How long captured messages are gathered before the list updates once for all of them. */
const CAPTURE_BATCH_MS = 40;

/**
 * THE mapping from core events to store actions: nothing else in the
 * renderer interprets events. Captures are batched so a burst of a thousand
 * messages a second re-renders the list a few dozen times, not a thousand.
 */
export function createEventDispatcher(target: () => EventTarget): { dispatch(event: CoreEvent): void; resync(): void } {
  let batch: MessageSummary[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    timer = null;
    const messages = batch;
    batch = [];
    target().messagesCaptured(messages);
    target().refreshStatusSoon();
  };
  return {
    dispatch(event) {
      switch (event.type) {
        case 'message.captured':
          batch.push(event.message);
          timer ??= setTimeout(flush, CAPTURE_BATCH_MS);
          break;
        case 'messages.deleted':
          // A capture still in the batch must land before a delete that may concern it.
          if (timer) {
            clearTimeout(timer);
            flush();
          }
          target().messagesDeleted(event.ids, event.all);
          target().refreshStatusSoon();
          break;
        case 'messages.read-changed':
          target().readChanged(event.ids, event.read);
          target().refreshStatusSoon();
          break;
        case 'capture.status-changed':
          target().captureStatusChanged(event.status);
          break;
        case 'messages.changed-elsewhere':
          // Written by another process: no event says what changed, so read the list and the counts again.
          void target().reloadList();
          target().refreshStatusSoon();
          break;
        case 'import.progress':
          target().importProgressed(event.source, event.done, event.total);
          // The imported rows show up in the list as they land; keep the header's count with them.
          target().refreshStatusSoon();
          break;
        case 'session.closed':
          // Nothing shows a session list yet; an open transcript is fetched when its tab opens.
          break;
        case 'probe.started':
        case 'probe.dns':
        case 'probe.check-finished':
        case 'probe.finished':
        case 'probe.deleted':
          target().probeEventReceived?.(event);
          break;
        case 'send.started':
        case 'send.step':
        case 'send.finished':
          target().sendEventReceived?.(event);
          break;
        case 'faults.changed':
          target().faultsChanged?.(event.faults);
          break;
        default: {
          const unknown: never = event;
          void unknown;
        }
      }
    },
    resync() {
      void target().reloadList();
      void target().refreshStatus();
      void target().loadFaults?.();
      void target().probeResync?.();
      void target().sendResync?.();
    },
  };
}
