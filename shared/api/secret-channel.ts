/**
 * The secret channel between the core (running in an Electron utility
 * process) and the desktop shell, which alone may use Electron's safeStorage.
 * The core asks the shell to encrypt a send profile's password before storing
 * it, and to decrypt it when a send needs it; it never imports electron.
 * Carried by the utility process's message port (process.parentPort ↔
 * UtilityProcess.postMessage), beside the `ready`/`stop` messages.
 */

/** Core → shell. */
export interface SecretRequestMessage {
  type: 'secret.request';
  /** Correlates the answer; unique per core process. */
  id: number;
  /** encrypt: `data` is the plaintext; decrypt: `data` is the base64 blob encrypt returned. */
  op: 'encrypt' | 'decrypt';
  data: string;
}

/** Shell → core: the base64 blob (encrypt) or the plaintext (decrypt), or why it could not. */
export type SecretResponseMessage =
  | { type: 'secret.response'; id: number; ok: true; data: string }
  | {
      type: 'secret.response';
      id: number;
      ok: false;
      /** Plain words for the user, e.g. "no OS keychain is available". Never contains the data. */
      error: string;
    };
