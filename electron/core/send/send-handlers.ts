/**
 * The send/replay operations of shared/api (issue 5). Placeholder until the
 * send service lands.
 */
import type { CoreHandlers } from '../../../shared/api/contract';
import type { CoreEvent } from '../../../shared/api/events';
import { CoreError } from '../errors';
import type { MessageStore } from '../store/types';

export type SendHandlers = Pick<
  CoreHandlers,
  'sendMessage' | 'cancelSend' | 'getSend' | 'listSends' | 'exportSendTranscript' | 'listSendProfiles' | 'saveSendProfile' | 'deleteSendProfile'
>;

export interface SendDeps {
  /** Workspace directory (send history and profiles live here). */
  dataDir: string;
  /** The message store (replaying a captured or imported message reads its raw bytes and envelope). */
  store: MessageStore;
  /** Core event sink. */
  emit: (event: CoreEvent) => void;
}

export interface SendService extends SendHandlers {
  /** Cancel running sends and close the history. */
  close(): Promise<void>;
}

export function createSendService(_deps: SendDeps): SendService {
  const notYet = async (): Promise<never> => {
    throw new CoreError('unavailable', 'Sending is not built yet.');
  };
  return {
    sendMessage: notYet,
    cancelSend: notYet,
    getSend: notYet,
    listSends: notYet,
    exportSendTranscript: notYet,
    listSendProfiles: notYet,
    saveSendProfile: notYet,
    deleteSendProfile: notYet,
    async close() {},
  };
}
