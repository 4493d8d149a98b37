/**
 * Where send profiles' passwords and tokens are kept.
 *
 * - Desktop: encrypted with Electron's safeStorage (OS keychain / DPAPI /
 *   libsecret). The core runs in a utility process and never imports
 *   electron, so it asks the shell over the process's message channel
 *   (SecretBridge, see createPortSecretBridge and electron/shell/secret-bridge.ts)
 *   and stores only the encrypted blob in sends.db.
 * - Headless (or when the OS offers no keyring): this run's memory only —
 *   unless the user opts in (persistSecret), then a 0600 file in the
 *   workspace, in clear, and the API says so.
 */
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SecretRequestMessage, SecretResponseMessage } from '../../../shared/api/secret-channel';
import type { SendProfile } from '../../../shared/model/send';

/** Encrypt/decrypt through the shell's safeStorage. Rejects when unavailable. */
export interface SecretBridge {
  encrypt(plaintext: string): Promise<string>;
  decrypt(blob: string): Promise<string>;
}

export type SecretStorage = SendProfile['secretStorage'];

export interface SavedSecret {
  storage: SecretStorage;
  /** What sends.db keeps (encrypted, safe-storage only); null otherwise. */
  blob: string | null;
  /** Shown to the user when the secret is not kept the way they might assume. */
  warning?: string;
}

export interface SecretStore {
  /** Keep `secret` for a profile ("" removes it). */
  save(profileId: number, secret: string, options: { persist: boolean }): Promise<SavedSecret>;
  /** The secret of a profile, or null when none is available (e.g. memory after a restart). */
  load(profileId: number, storage: SecretStorage, blob: string | null): Promise<string | null>;
  /** Whether load would find one (without decrypting). */
  has(profileId: number, storage: SecretStorage, blob: string | null): Promise<boolean>;
  remove(profileId: number): Promise<void>;
}

/** The opt-in file of headless mode. */
export const SECRETS_FILE = 'send-secrets.json';

export const FILE_WARNING =
  'The password is saved UNENCRYPTED in send-secrets.json in the workspace (readable only by your user, mode 0600). Anyone with access to your account or backups can read it. Leave "remember" off to keep it in memory for this run only.';
export const MEMORY_NOTE = 'The password is kept in memory for this run only; it is gone when Mailscope stops.';

export function createSecretStore(options: { dataDir: string; bridge?: SecretBridge | null }): SecretStore {
  const memory = new Map<number, string>();
  const file = path.join(options.dataDir, SECRETS_FILE);

  const readFileSecrets = async (): Promise<Record<string, string>> => {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const writeFileSecrets = async (secrets: Record<string, string>): Promise<void> => {
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(secrets), { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, file);
  };
  const dropFromFile = async (profileId: number): Promise<void> => {
    const secrets = await readFileSecrets();
    if (!(String(profileId) in secrets)) return;
    delete secrets[String(profileId)];
    await writeFileSecrets(secrets);
  };

  return {
    async save(profileId, secret, { persist }) {
      memory.delete(profileId);
      await dropFromFile(profileId);
      if (secret === '') return { storage: 'none', blob: null };
      if (options.bridge) {
        try {
          const blob = await options.bridge.encrypt(secret);
          memory.set(profileId, secret);
          return { storage: 'safe-storage', blob };
        } catch (error) {
          // No keyring (e.g. Linux without libsecret): fall through to the headless rules, and say why.
          const why = `The system keychain is not available (${(error as Error)?.message ?? 'unknown'}).`;
          if (!persist) {
            memory.set(profileId, secret);
            return { storage: 'memory', blob: null, warning: `${why} ${MEMORY_NOTE}` };
          }
          const secrets = await readFileSecrets();
          secrets[String(profileId)] = secret;
          await writeFileSecrets(secrets);
          return { storage: 'file', blob: null, warning: `${why} ${FILE_WARNING}` };
        }
      }
      memory.set(profileId, secret);
      if (!persist) return { storage: 'memory', blob: null, warning: MEMORY_NOTE };
      const secrets = await readFileSecrets();
      secrets[String(profileId)] = secret;
      await writeFileSecrets(secrets);
      return { storage: 'file', blob: null, warning: FILE_WARNING };
    },

    async load(profileId, storage, blob) {
      const cached = memory.get(profileId);
      if (cached !== undefined) return cached;
      if (storage === 'safe-storage' && blob && options.bridge) {
        const secret = await options.bridge.decrypt(blob);
        memory.set(profileId, secret);
        return secret;
      }
      if (storage === 'file') return (await readFileSecrets())[String(profileId)] ?? null;
      return null;
    },

    async has(profileId, storage, blob) {
      if (memory.has(profileId)) return true;
      if (storage === 'safe-storage') return Boolean(blob && options.bridge);
      if (storage === 'file') return String(profileId) in (await readFileSecrets());
      return false;
    },

    async remove(profileId) {
      memory.delete(profileId);
      await dropFromFile(profileId);
    },
  };
}


/** How long the shell may take to answer (a keychain prompt can wait on the user). */
const BRIDGE_TIMEOUT_MS = 60_000;

/**
 * A SecretBridge over a message port (Electron's process.parentPort in the
 * utility process). `subscribe` registers a listener for incoming messages.
 */
export function createPortSecretBridge(post: (message: SecretRequestMessage) => void, subscribe: (listener: (message: unknown) => void) => void): SecretBridge {
  let nextId = 1;
  const pending = new Map<number, { resolve: (data: string) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  subscribe((message) => {
    const m = message as SecretResponseMessage | null;
    if (m?.type !== 'secret.response') return;
    const waiter = pending.get(m.id);
    if (!waiter) return;
    pending.delete(m.id);
    clearTimeout(waiter.timer);
    if (m.ok) waiter.resolve(m.data);
    else waiter.reject(new Error(m.error));
  });
  const call = (op: 'encrypt' | 'decrypt', data: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error('the desktop shell did not answer'));
      }, BRIDGE_TIMEOUT_MS);
      timer.unref();
      pending.set(id, { resolve, reject, timer });
      post({ type: 'secret.request', id, op, data });
    });
  return { encrypt: (plaintext) => call('encrypt', plaintext), decrypt: (blob) => call('decrypt', blob) };
}
