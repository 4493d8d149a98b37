/**
 * Import (.eml, mbox, Maildir) and export (one .eml, or an mbox) over the
 * store. The file formats live in electron/core/mailbox (H1); this file
 * turns them into stored messages with progress events.
 *
 * Transitional: the mailbox readers/writers are not wired yet, so these
 * operations answer "unavailable" (503) with a plain message.
 */
import type { CoreHandlers } from '../../shared/api/contract';
import type { CoreEvent } from '../../shared/api/events';
import type { CaptureSettings } from '../../shared/model/settings';
import { CoreError } from './errors';
import type { MessageIndex, MessageStore } from './store/types';

type TransferHandlers = Pick<CoreHandlers, 'importUpload' | 'importPaths' | 'exportMessages'>;

export interface ImportExportDeps {
  store: MessageStore;
  emit: (event: CoreEvent) => void;
  indexMessage: (raw: Uint8Array) => Promise<MessageIndex>;
  getSettings: () => CaptureSettings;
}

export function createImportExport(_deps: ImportExportDeps): TransferHandlers {
  const unavailable = (): never => {
    throw new CoreError('unavailable', 'Import and export are not available in this build yet.');
  };
  return {
    importUpload: async () => unavailable(),
    importPaths: async () => unavailable(),
    exportMessages: async () => unavailable(),
  };
}
