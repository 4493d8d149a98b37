/**
 * The inbox operations: list, open, raw bytes, attachments, read state,
 * delete. The detail view is derived from the raw bytes every time it is
 * asked for (DESIGN: an analysis is never stored as truth).
 */
import type { CoreHandlers } from '../../shared/api/contract';
import type { CoreEvent } from '../../shared/api/events';
import { badRequest, notFound } from './errors';
import { buildMessageDetail, getAttachmentBytes } from './mime/message-detail';
import { idList, intOption, stringOption } from './request-checks';
import type { MessageStore } from './store/types';

type MessageHandlers = Pick<
  CoreHandlers,
  'listMessages' | 'getMessage' | 'getRawMessage' | 'getAttachment' | 'markRead' | 'deleteMessages' | 'clearMessages'
>;

export interface MessageHandlerDeps {
  store: MessageStore;
  emit: (event: CoreEvent) => void;
}

const MAX_ID = Number.MAX_SAFE_INTEGER;

/** File name for a downloaded message: its id and a tame version of the subject. */
export function emlFileName(id: number, subject: string): string {
  const slug = subject
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 60);
  return slug ? `message-${id}-${slug}.eml` : `message-${id}.eml`;
}

export function createMessageHandlers({ store, emit }: MessageHandlerDeps): MessageHandlers {
  const rawOf = (id: number): Uint8Array => {
    const raw = store.getRaw(id);
    if (!raw) throw notFound(`Message ${id} does not exist (it may have been deleted).`);
    return raw;
  };

  return {
    async listMessages(request) {
      const query = stringOption(request?.query, 'query', '');
      const offset = intOption(request?.offset, 'offset', 0, 0, MAX_ID);
      const limit = intOption(request?.limit, 'limit', 100, 1, 1000);
      const page = store.listMessages(query, offset, limit);
      return { total: page.total, offset, items: page.items, queryErrors: page.queryErrors };
    },

    async getMessage(request) {
      const id = intOption(request?.id, 'id', undefined, 1, MAX_ID);
      const summary = store.getSummary(id);
      if (!summary) throw notFound(`Message ${id} does not exist (it may have been deleted).`);
      return buildMessageDetail(rawOf(id), summary, store.getEnvelope(id));
    },

    async getRawMessage(request) {
      const id = intOption(request?.id, 'id', undefined, 1, MAX_ID);
      const bytes = rawOf(id);
      const summary = store.getSummary(id);
      return { bytes, contentType: 'message/rfc822', filename: emlFileName(id, summary?.subject ?? '') };
    },

    async getAttachment(request) {
      const id = intOption(request?.id, 'id', undefined, 1, MAX_ID);
      const index = intOption(request?.index, 'index', undefined, 0, MAX_ID);
      const attachment = await getAttachmentBytes(rawOf(id), index);
      if (!attachment) throw notFound(`Message ${id} has no attachment number ${index}.`);
      return attachment;
    },

    async markRead(request) {
      const ids = idList(request?.ids);
      if (typeof request?.read !== 'boolean') throw badRequest('"read" must be true or false.');
      const updated = store.markRead(ids, request.read);
      if (updated > 0) emit({ type: 'messages.read-changed', ids, read: request.read });
      return { updated };
    },

    async deleteMessages(request) {
      const ids = idList(request?.ids);
      const deleted = store.deleteMessages(ids);
      if (deleted > 0) emit({ type: 'messages.deleted', ids, all: false });
      return { deleted };
    },

    async clearMessages() {
      const deleted = store.clearMessages();
      emit({ type: 'messages.deleted', ids: [], all: true });
      return { deleted };
    },
  };
}
