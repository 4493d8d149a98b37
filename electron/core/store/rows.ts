/**
 * Reading SQLite rows back into the shared model. node:sqlite hands back
 * loosely typed values; these helpers check each column once, so a schema
 * mistake fails loudly here instead of leaking `undefined` into the UI.
 */
import type { SQLOutputValue } from 'node:sqlite';
import type { Address, Envelope, MessageSource, MessageSummary } from '../../../shared/model/message';
import type { SmtpSessionSummary, TlsInfo } from '../../../shared/model/session';

export type Row = Record<string, SQLOutputValue>;

/** Columns selected for a MessageSummary, in the `m` alias. */
export const SUMMARY_COLUMNS =
  'm.id, m.received_at, m.source, m.session_id, m.envelope, m.from_json, m.to_json, m.cc_json, m.subject, ' +
  'm.date, m.message_id, m.size, m.attachment_count, m.read, m.snippet, m.tags';

/** The same columns without the alias, for `UPDATE … RETURNING`. */
export const SUMMARY_COLUMNS_BARE = SUMMARY_COLUMNS.replace(/\bm\./g, '');

/**
 * The messages (`m`) the session aliased `s` delivered: its rows within the session's id
 * range (schema v8), found by rowid; the range is open at the top while the
 * session is.
 */
export function messagesOfSession(s: string): string {
  return `m.id >= ${s}.first_message_id AND m.id <= coalesce(${s}.last_message_id, 9223372036854775807) AND m.session_id = ${s}.id`;
}

/** Columns selected for a session summary, in the `s` alias (message ids aggregated as JSON). */
export const SESSION_COLUMNS =
  's.id, s.started_at, s.ended_at, s.client_address, s.client_port, s.client_hostname, s.helo, s.tls, s.auth_user, s.auth_method, ' +
  `(SELECT json_group_array(id) FROM (SELECT m.id FROM messages m WHERE ${messagesOfSession('s')} ORDER BY m.id)) AS message_ids`;

export function int(row: Row, key: string): number {
  const v = row[key];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new Error(`store: column ${key} is not an integer (${typeof v})`);
}

export function intOrNull(row: Row, key: string): number | null {
  return row[key] === null || row[key] === undefined ? null : int(row, key);
}

export function text(row: Row, key: string): string {
  const v = row[key];
  if (typeof v === 'string') return v;
  throw new Error(`store: column ${key} is not text (${typeof v})`);
}

export function textOrNull(row: Row, key: string): string | null {
  return row[key] === null || row[key] === undefined ? null : text(row, key);
}

/**
 * Parse JSON this store wrote itself. The cast is the one trusted boundary:
 * every writer in message-store.ts serialises the matching model type.
 */
export function json<T>(value: string | null, fallback: T): T {
  if (value === null) return fallback;
  return JSON.parse(value) as T;
}

/** The row's `envelope` column (NULL for imports without one). */
export function envelopeOf(row: Row): Envelope | null {
  return json<Envelope | null>(textOrNull(row, 'envelope'), null);
}

export function toSummary(row: Row): MessageSummary {
  const envelope = envelopeOf(row);
  return {
    id: int(row, 'id'),
    receivedAt: int(row, 'received_at'),
    source: text(row, 'source') as MessageSource,
    sessionId: intOrNull(row, 'session_id'),
    mailFrom: envelope?.mailFrom ?? '',
    rcptTo: envelope?.rcptTo.map((r) => r.address) ?? [],
    from: json<Address[]>(text(row, 'from_json'), []),
    to: json<Address[]>(text(row, 'to_json'), []),
    cc: json<Address[]>(text(row, 'cc_json'), []),
    subject: text(row, 'subject'),
    date: intOrNull(row, 'date'),
    messageId: text(row, 'message_id'),
    size: int(row, 'size'),
    attachmentCount: int(row, 'attachment_count'),
    read: int(row, 'read') !== 0,
    snippet: text(row, 'snippet'),
    tags: json<string[]>(text(row, 'tags'), []),
  };
}

export function toSessionSummary(row: Row): SmtpSessionSummary {
  return {
    id: int(row, 'id'),
    startedAt: int(row, 'started_at'),
    endedAt: intOrNull(row, 'ended_at'),
    clientAddress: text(row, 'client_address'),
    clientPort: int(row, 'client_port'),
    clientHostname: text(row, 'client_hostname'),
    helo: text(row, 'helo'),
    tls: json<TlsInfo | null>(textOrNull(row, 'tls'), null),
    authUser: text(row, 'auth_user'),
    authMethod: text(row, 'auth_method'),
    messageIds: json<number[]>(textOrNull(row, 'message_ids'), []),
  };
}
