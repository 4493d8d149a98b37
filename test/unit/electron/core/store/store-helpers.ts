/** Shared setup for the store tests: a fresh database in a temp dir and message builders. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Envelope } from '../../../../../shared/model/message';
import { openMessageStore } from '../../../../../electron/core/store/message-store';
import type { MessageIndex, MessageStore, NewMessage } from '../../../../../electron/core/store/types';

export interface TempStore {
  store: MessageStore;
  dir: string;
  dbPath: string;
  /** Close the store (if still open) and remove the directory. */
  dispose(): void;
}

export function tempStore(): TempStore {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailscope-store-'));
  const dbPath = path.join(dir, 'mailscope.db');
  const store = openMessageStore(dbPath);
  return {
    store,
    dir,
    dbPath,
    dispose() {
      try {
        store.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export function makeIndex(overrides: Partial<MessageIndex> = {}): MessageIndex {
  return {
    from: [{ name: 'Alice Example', address: 'alice@example.com' }],
    to: [{ name: '', address: 'bob@example.org' }],
    cc: [],
    subject: 'Hello',
    date: Date.UTC(2024, 4, 1, 12, 0, 0),
    messageId: 'abc@example.com',
    attachmentCount: 0,
    snippet: 'hello there',
    bodyText: 'hello there',
    attachmentNames: [],
    ...overrides,
  };
}

export function makeEnvelope(mailFrom: string, rcpt: string[]): Envelope {
  return { mailFrom, mailFromParams: { SIZE: '100' }, rcptTo: rcpt.map((address) => ({ address, params: {} })) };
}

export function makeMessage(raw: string, overrides: Partial<NewMessage> = {}): NewMessage {
  return {
    raw: new TextEncoder().encode(raw),
    envelope: makeEnvelope('sender@example.com', ['bob@example.org']),
    source: 'smtp',
    sessionId: null,
    ...overrides,
  };
}
