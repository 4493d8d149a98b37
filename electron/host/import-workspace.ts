/**
 * `mailscope import`: the core without its capture server, opened for one
 * command and closed again (so a Maildir import reports progress and errors
 * exactly as the app's import does).
 */
import type { ImportResult } from '../../shared/api/contract';
import { createCore } from '../core/create-core';
import { appVersion } from './app-info';

/** Import paths into the workspace at dataDir (created if missing). */
export async function importIntoWorkspace(dataDir: string, paths: string[]): Promise<ImportResult> {
  const core = await createCore({ dataDir, version: appVersion(), captureOverrides: { autoStart: false } });
  try {
    return await core.importPaths({ paths });
  } finally {
    await core.close();
  }
}
