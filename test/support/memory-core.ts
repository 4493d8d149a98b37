/**
 * A stand-in core held in memory, for developing and screenshotting the UI
 * before (or without) the real store: every contract operation answers with
 * realistic data parsed from real RFC 5322 bytes by mailparser. Search is a
 * plain substring match plus has:attachment — enough to drive the UI, not a
 * model of the real FTS search. The e2e tests run against the real
 * `mailscope serve`; this is only the dev harness (see test/e2e/support/dev-host.ts).
 */
import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { analyzeText } from '../../shared/analysis/analyze';
import type { CoreHandlers } from '../../shared/api/contract';
import type { CoreEvent } from '../../shared/api/events';
import type { Address, AttachmentInfo, Envelope, MessageDetail, MessageSummary, MimePart } from '../../shared/model/message';
import type { SmtpSession } from '../../shared/model/session';
import { DEFAULT_CAPTURE_SETTINGS } from '../../shared/model/settings';
import type { CaptureSettings, CaptureStatus } from '../../shared/model/settings';
import type { ServedCore } from '../../electron/server/http-server';
import { DEFAULT_FAULT_SETTINGS, faultSettingsProblems } from '../../shared/faults/fault-rules';
import type { FaultSettings } from '../../shared/model/faults';

interface Stored {
  summary: MessageSummary;
  raw: Uint8Array;
  envelope: Envelope | null;
  detail: MessageDetail | null;
  searchText: string;
}

export interface MemoryCore extends ServedCore {
  /** Store raw bytes as if captured over SMTP (or imported); emits message.captured. */
  add(raw: Uint8Array, options?: { envelope?: Envelope | null; receivedAt?: number; emit?: boolean }): Promise<MessageSummary>;
  /** Add many cheap synthetic summaries without parsing (for the 100k list). */
  addSynthetic(count: number): void;
}

function addresses(value: unknown): Address[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((v: { value?: { name?: string; address?: string }[] }) => (v.value ?? []).map((a) => ({ name: a.name ?? '', address: a.address ?? '' })));
}

export function createMemoryCore(): MemoryCore {
  const messages = new Map<number, Stored>();
  const sessions = new Map<number, SmtpSession>();
  const listeners = new Set<(event: CoreEvent) => void>();
  let nextId = 1;
  let settings: CaptureSettings = { ...DEFAULT_CAPTURE_SETTINGS };
  let capture: CaptureStatus = { running: true, host: settings.host, port: settings.port, tlsPort: null, error: null };
  const emit = (event: CoreEvent) => listeners.forEach((l) => l(event));
  const ordered = () => [...messages.values()].sort((a, b) => b.summary.id - a.summary.id);

  async function parse(stored: Stored): Promise<MessageDetail> {
    if (stored.detail) return stored.detail;
    const parsed = await simpleParser(Buffer.from(stored.raw));
    const attachments: AttachmentInfo[] = parsed.attachments.map((a, index) => ({
      index,
      filename: a.filename ?? `part-${index + 1}`,
      contentType: a.contentType,
      size: a.size,
      contentId: (a.contentId ?? '').replace(/^<|>$/g, ''),
      inline: a.contentDisposition === 'inline' || Boolean(a.related),
      sha256: createHash('sha256').update(a.content).digest('hex'),
    }));
    const leaves: MimePart[] = [
      { path: '1', contentType: 'text/plain', params: { charset: 'utf-8' }, transferEncoding: 'quoted-printable', disposition: '', filename: '', contentId: '', encodedSize: parsed.text?.length ?? 0, decodedSize: parsed.text?.length ?? 0, children: [] },
      ...(parsed.html ? [{ path: '2', contentType: 'text/html', params: { charset: 'utf-8' }, transferEncoding: 'quoted-printable', disposition: '', filename: '', contentId: '', encodedSize: parsed.html.length, decodedSize: parsed.html.length, children: [] }] : []),
      ...attachments.map((a, i) => ({ path: String(i + 3), contentType: a.contentType, params: {}, transferEncoding: 'base64', disposition: a.inline ? 'inline' : 'attachment', filename: a.filename, contentId: a.contentId, encodedSize: Math.ceil((a.size * 4) / 3), decodedSize: a.size, children: [] })),
    ];
    const headerNames = new Set(parsed.headerLines.map((h) => h.key));
    const derived = [];
    if (stored.envelope) {
      const visible = new Set([...stored.summary.to, ...stored.summary.cc].map((a) => a.address.toLowerCase()));
      const bcc = stored.envelope.rcptTo.map((r) => r.address).filter((a) => !visible.has(a.toLowerCase()));
      if (bcc.length > 0) derived.push({ kind: 'bcc', text: `Bcc (envelope recipients not in the headers): ${bcc.join(', ')}` });
    }
    if (!headerNames.has('message-id')) derived.push({ kind: 'missing-message-id', text: 'No Message-ID header: many receivers add one or score this as spam.' });
    stored.detail = {
      summary: stored.summary,
      envelope: stored.envelope,
      headers: parsed.headerLines.map((h) => {
        const colon = h.line.indexOf(':');
        const raw = h.line.slice(colon + 1).replace(/\r?\n[ \t]/g, ' ').trim();
        return { name: h.line.slice(0, colon), raw, decoded: raw.replace(/=\?[^?]+\?[bq]\?[^?]*\?=/gi, (w) => w) };
      }),
      text: parsed.text ?? '',
      html: parsed.html === false ? null : (parsed.html ?? null),
      attachments,
      mime: { path: '', contentType: parsed.html ? 'multipart/alternative' : 'text/plain', params: {}, transferEncoding: '7bit', disposition: '', filename: '', contentId: '', encodedSize: stored.raw.length, decodedSize: 0, children: leaves },
      derived,
      parseWarnings: [],
    };
    return stored.detail;
  }

  // Probes, sends and faults need the real core (loopback servers); the dev harness says so.
  let faults: FaultSettings = DEFAULT_FAULT_SETTINGS;
  const unavailable = async (): Promise<never> => {
    throw Object.assign(new Error('Not available in the in-memory core.'), { code: 'unavailable' });
  };
  const handlers: CoreHandlers = {
    startProbe: unavailable,
    cancelProbe: unavailable,
    getProbeRun: unavailable,
    listProbeRuns: unavailable,
    compareProbeRun: unavailable,
    exportProbeRun: unavailable,
    deleteProbeRun: unavailable,
    clearProbeHistory: unavailable,
    sendMessage: unavailable,
    cancelSend: unavailable,
    getSend: unavailable,
    listSends: unavailable,
    exportSendTranscript: unavailable,
    listSendProfiles: unavailable,
    saveSendProfile: unavailable,
    deleteSendProfile: unavailable,
    // Fault rules are only kept (no SMTP here): enough for the Faults panel and badge.
    async getFaults() {
      return faults;
    },
    async setFaults({ faults: next }) {
      const problems = faultSettingsProblems(next);
      if (problems.length > 0) throw Object.assign(new Error(problems.join(' ')), { code: 'bad_request' });
      faults = { rules: next.rules.map((r, i) => ({ ...r, id: r.id || `mem${Date.now().toString(36)}${i}`, hits: 0 })), rateLimit: { ...next.rateLimit, hits: 0 } };
      emit({ type: 'faults.changed', faults });
      return faults;
    },
    async resetFaultCounters() {
      return faults;
    },
    // Offline only: the dev harness sends no DNS queries.
    async analyzeMessage({ id, raw }) {
      const text = raw ?? new TextDecoder().decode(messages.get(id ?? -1)?.raw ?? new Uint8Array());
      return analyzeText(text);
    },
    async getStatus() {
      const all = [...messages.values()];
      return { version: '0.1.0-dev', dataDir: '(memory)', capture, messageCount: all.length, unreadCount: all.filter((m) => !m.summary.read).length, maxMessages: settings.maxMessages, indexPending: 0 };
    },
    async getSettings() {
      return settings;
    },
    async updateSettings({ settings: patch }) {
      settings = { ...settings, ...patch };
      capture = { ...capture, host: settings.host, port: settings.port, tlsPort: settings.tlsPort };
      emit({ type: 'capture.status-changed', status: capture });
      return { settings, status: capture };
    },
    async startCapture() {
      capture = { ...capture, running: true, error: null };
      emit({ type: 'capture.status-changed', status: capture });
      return capture;
    },
    async stopCapture() {
      capture = { ...capture, running: false };
      emit({ type: 'capture.status-changed', status: capture });
      return capture;
    },
    async listMessages({ query = '', offset = 0, limit = 100 }) {
      const errors: string[] = [];
      let rows = ordered();
      for (const term of query.trim().split(/\s+/).filter(Boolean)) {
        if (term === 'has:attachment') rows = rows.filter((m) => m.summary.attachmentCount > 0);
        else if (/^[a-z]+:/.test(term) && !/^(from|to|subject):/.test(term)) errors.push(`Unknown search field "${term.split(':')[0]}:".`);
        else {
          const needle = term.replace(/^(from|to|subject):/, '').toLowerCase();
          rows = rows.filter((m) => m.searchText.includes(needle));
        }
      }
      return { total: rows.length, offset, items: rows.slice(offset, offset + limit).map((m) => m.summary), queryErrors: errors };
    },
    async getMessage({ id }) {
      const stored = messages.get(id);
      if (!stored) throw Object.assign(new Error(`Message ${id} does not exist (it may have been deleted).`), { code: 'not_found' });
      return parse(stored);
    },
    async getRawMessage({ id }) {
      const stored = messages.get(id);
      if (!stored) throw Object.assign(new Error('No such message.'), { code: 'not_found' });
      return { bytes: stored.raw, contentType: 'message/rfc822', filename: `message-${id}.eml` };
    },
    async getAttachment({ id, index }) {
      const stored = messages.get(id);
      if (!stored) throw Object.assign(new Error('No such message.'), { code: 'not_found' });
      const parsed = await simpleParser(Buffer.from(stored.raw));
      const a = parsed.attachments[index];
      if (!a) throw Object.assign(new Error('No such attachment.'), { code: 'not_found' });
      return { bytes: new Uint8Array(a.content), contentType: a.contentType, filename: a.filename ?? `part-${index}` };
    },
    async markRead({ ids, read }) {
      let updated = 0;
      for (const id of ids) {
        const m = messages.get(id);
        if (m && m.summary.read !== read) {
          m.summary = { ...m.summary, read };
          if (m.detail) m.detail = { ...m.detail, summary: m.summary };
          updated++;
        }
      }
      emit({ type: 'messages.read-changed', ids, read });
      return { updated };
    },
    async deleteMessages({ ids }) {
      const gone = ids.filter((id) => messages.delete(id));
      emit({ type: 'messages.deleted', ids: gone, all: false });
      return { deleted: gone.length };
    },
    async clearMessages() {
      const deleted = messages.size;
      messages.clear();
      emit({ type: 'messages.deleted', ids: [], all: true });
      return { deleted };
    },
    async importUpload({ name, body }) {
      const text = Buffer.from(body.bytes).toString('latin1');
      const parts = /^From /m.test(text.slice(0, 5)) ? text.split(/\r?\n(?=From )/).map((p) => p.replace(/^From [^\n]*\n/, '')) : [text];
      const ids: number[] = [];
      for (const [i, part] of parts.entries()) {
        const summary = await core.add(new Uint8Array(Buffer.from(part, 'latin1')), { envelope: null });
        ids.push(summary.id);
        if (i % 50 === 0) emit({ type: 'import.progress', source: name, done: i + 1, total: parts.length });
      }
      return { imported: ids.length, ids, errors: [] };
    },
    async importPaths() {
      return { imported: 0, ids: [], errors: [{ source: '(memory core)', error: 'Import by path is not supported by the dev harness.' }] };
    },
    async exportMessages({ ids, format }) {
      const parts = ids.map((id) => messages.get(id)?.raw).filter((r): r is Uint8Array => Boolean(r));
      if (format === 'eml') return { bytes: parts[0] ?? new Uint8Array(), contentType: 'message/rfc822', filename: `message-${ids[0]}.eml` };
      const text = parts.map((p) => `From mailscope@localhost Thu Jan  1 00:00:00 1970\n${Buffer.from(p).toString('latin1')}\n`).join('');
      return { bytes: new Uint8Array(Buffer.from(text, 'latin1')), contentType: 'application/mbox', filename: 'messages.mbox' };
    },
    async listSessions() {
      return { total: sessions.size, items: [...sessions.values()].map(({ transcript: _t, ...rest }) => rest) };
    },
    async getSession({ id }) {
      const s = sessions.get(id);
      if (!s) throw Object.assign(new Error('No such session.'), { code: 'not_found' });
      return s;
    },
  };

  const core: MemoryCore = {
    ...handlers,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async add(raw, options = {}) {
      const parsed = await simpleParser(Buffer.from(raw), { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
      const id = nextId++;
      const envelope = options.envelope === undefined ? { mailFrom: addresses(parsed.from)[0]?.address ?? '', mailFromParams: { SIZE: String(raw.length) }, rcptTo: [...addresses(parsed.to), ...addresses(parsed.cc)].map((a) => ({ address: a.address, params: {} })) } : options.envelope;
      const sessionId = envelope ? id : null;
      const receivedAt = options.receivedAt ?? Date.now();
      const summary: MessageSummary = {
        id,
        receivedAt,
        source: envelope ? 'smtp' : 'import',
        sessionId,
        mailFrom: envelope?.mailFrom ?? '',
        rcptTo: envelope?.rcptTo.map((r) => r.address) ?? [],
        from: addresses(parsed.from),
        to: addresses(parsed.to),
        cc: addresses(parsed.cc),
        subject: parsed.subject ?? '',
        date: parsed.date ? parsed.date.getTime() : null,
        messageId: (parsed.messageId ?? '').replace(/^<|>$/g, ''),
        size: raw.length,
        attachmentCount: parsed.attachments.length,
        read: false,
        snippet: (parsed.text ?? '').replace(/\s+/g, ' ').trim().slice(0, 200),
        tags: [],
      };
      if (sessionId !== null && envelope) {
        const t0 = receivedAt - 40;
        sessions.set(sessionId, {
          id: sessionId,
          startedAt: t0,
          endedAt: receivedAt + 2,
          clientAddress: '127.0.0.1',
          clientPort: 40000 + id,
          clientHostname: '',
          helo: 'app.local',
          tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', implicit: false },
          authUser: 'app',
          authMethod: 'PLAIN',
          messageIds: [id],
          transcript: [
            { t: 0, kind: 'info', text: 'Connection from 127.0.0.1' },
            { t: 1, kind: 'server', text: '220 mailscope ESMTP ready' },
            { t: 3, kind: 'client', text: 'EHLO app.local' },
            { t: 4, kind: 'server', text: '250-mailscope\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-STARTTLS\r\n250 SIZE 26214400' },
            { t: 5, kind: 'client', text: 'STARTTLS' },
            { t: 6, kind: 'server', text: '220 Ready to start TLS' },
            { t: 12, kind: 'info', text: 'TLS established: TLSv1.3 TLS_AES_256_GCM_SHA384' },
            { t: 14, kind: 'client', text: 'AUTH PLAIN ********' },
            { t: 15, kind: 'server', text: '235 Authentication successful' },
            { t: 16, kind: 'client', text: `MAIL FROM:<${envelope.mailFrom}> SIZE=${raw.length}` },
            { t: 17, kind: 'server', text: '250 Accepted' },
            ...envelope.rcptTo.flatMap((r, i) => [
              { t: 18 + i, kind: 'client' as const, text: `RCPT TO:<${r.address}>` },
              { t: 18 + i, kind: 'server' as const, text: '250 Accepted' },
            ]),
            { t: 30, kind: 'client', text: 'DATA' },
            { t: 30, kind: 'server', text: '354 End data with <CR><LF>.<CR><LF>' },
            { t: 38, kind: 'data', text: `${raw.length} bytes received` },
            { t: 40, kind: 'server', text: `250 OK: message ${id} stored` },
            { t: 41, kind: 'client', text: 'QUIT' },
            { t: 42, kind: 'server', text: '221 Bye' },
          ],
        });
      }
      const searchText = [summary.subject, ...summary.from.map((a) => `${a.name} ${a.address}`), ...summary.to.map((a) => `${a.name} ${a.address}`), summary.snippet].join(' ').toLowerCase();
      messages.set(id, { summary, raw, envelope, detail: null, searchText });
      if (options.emit !== false) emit({ type: 'message.captured', message: summary });
      return summary;
    },
    addSynthetic(count) {
      const raw = new TextEncoder().encode('From: synthetic@example.com\r\nSubject: synthetic\r\n\r\nbody\r\n');
      const now = Date.now();
      for (let i = 0; i < count; i++) {
        const id = nextId++;
        const summary: MessageSummary = {
          id,
          receivedAt: now - (count - i) * 1000,
          source: 'import',
          sessionId: null,
          mailFrom: '',
          rcptTo: [],
          from: [{ name: `Sender ${id % 97}`, address: `sender${id % 97}@example.com` }],
          to: [{ name: '', address: `qa${id % 13}@example.test` }],
          cc: [],
          subject: `Synthetic message #${id}`,
          date: now - (count - i) * 1000,
          messageId: `${id}@synthetic`,
          size: 1000 + (id % 5000),
          attachmentCount: id % 7 === 0 ? 1 : 0,
          read: id % 3 === 0,
          snippet: `Body of synthetic message ${id}`,
          tags: [],
        };
        messages.set(id, { summary, raw, envelope: null, detail: null, searchText: summary.subject.toLowerCase() });
      }
    },
  };
  return core;
}

