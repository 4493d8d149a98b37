/**
 * The shell's half of the secret channel (shared/api/secret-channel.ts): the
 * core, in its utility process, asks for a send profile's password to be
 * encrypted or decrypted with Electron's safeStorage (macOS Keychain, Windows
 * DPAPI, libsecret/kwallet on Linux). On Linux without a keyring Electron
 * falls back to a hard-coded key ("basic_text"), which protects nothing: that
 * is refused, so the core keeps the secret in memory only and says so.
 */
import { safeStorage } from 'electron';
import type { SecretRequestMessage, SecretResponseMessage } from '../../shared/api/secret-channel';

/** The part of safeStorage used here (tests hand in a fake). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

function isRequest(message: unknown): message is SecretRequestMessage {
  const m = message as Partial<SecretRequestMessage> | null;
  return m?.type === 'secret.request' && Number.isSafeInteger(m.id) && (m.op === 'encrypt' || m.op === 'decrypt') && typeof m.data === 'string';
}

/** The answer to a secret request, or null when `message` is not one. Never throws. */
export function answerSecretRequest(message: unknown, storage: SafeStorageLike = safeStorage): SecretResponseMessage | null {
  if (!isRequest(message)) return null;
  const fail = (error: string): SecretResponseMessage => ({ type: 'secret.response', id: message.id, ok: false, error });
  try {
    if (!storage.isEncryptionAvailable()) return fail('no OS keychain is available');
    if (process.platform === 'linux' && storage.getSelectedStorageBackend?.() === 'basic_text') return fail('no OS keyring is running (Electron would only obfuscate the password)');
    if (message.op === 'encrypt') return { type: 'secret.response', id: message.id, ok: true, data: storage.encryptString(message.data).toString('base64') };
    return { type: 'secret.response', id: message.id, ok: true, data: storage.decryptString(Buffer.from(message.data, 'base64')) };
  } catch (error) {
    // The error text comes from Electron and never includes the data; keep it short anyway.
    return fail(`the keychain refused (${String((error as Error)?.message ?? error).slice(0, 120)})`);
  }
}
