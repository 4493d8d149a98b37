/**
 * Where send-profile secrets go: memory by default (headless), a 0600 file
 * only on opt-in with a warning, safeStorage through the utility-process
 * channel on the desktop — tested end to end here with the core's port
 * bridge wired to the shell's real request handler over an in-memory port.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPortSecretBridge, createSecretStore, FILE_WARNING, SECRETS_FILE, type SecretBridge } from '../../../../../electron/core/send/secret-store';
import { answerSecretRequest, type SafeStorageLike } from '../../../../../electron/shell/secret-bridge';

// The shell module imports 'electron' (the real package would try to download a binary); its safeStorage is handed in below.
vi.mock('electron', async () => {
  const m = await import('../../shell/electron-mock');
  return { ...m.electronMock, default: m.electronMock };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscope-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A keychain stand-in: XOR with a fixed byte, so the blob never contains the secret. */
const fakeKeychain = (available = true): SafeStorageLike => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (text) => Buffer.from([...Buffer.from(text)].map((b) => b ^ 0x5a)),
  decryptString: (blob) => Buffer.from([...blob].map((b) => b ^ 0x5a)).toString(),
});

/** Core bridge ↔ shell handler over an asynchronous in-memory port, as the utility process does it. */
function portPair(storage: SafeStorageLike): { bridge: SecretBridge; seen: unknown[] } {
  const seen: unknown[] = [];
  let toCore: (message: unknown) => void = () => undefined;
  const bridge = createPortSecretBridge(
    (message) => {
      seen.push(message);
      setTimeout(() => {
        const answer = answerSecretRequest(message, storage);
        if (answer) toCore(answer);
      }, 1);
    },
    (listener) => {
      toCore = listener;
    },
  );
  return { bridge, seen };
}

describe('secret store', () => {
  it('headless: memory by default (gone in a new store), with a note', async () => {
    const store = createSecretStore({ dataDir: dir });
    const saved = await store.save(1, 'mem-secret-1', { persist: false });
    expect(saved).toMatchObject({ storage: 'memory', blob: null, warning: expect.stringMatching(/memory/) });
    expect(await store.load(1, 'memory', null)).toBe('mem-secret-1');
    expect(await createSecretStore({ dataDir: dir }).load(1, 'memory', null)).toBeNull();
  });

  it('headless opt-in: a 0600 file, with the unencrypted warning; removing drops it', async () => {
    const store = createSecretStore({ dataDir: dir });
    const saved = await store.save(2, 'file-secret-2', { persist: true });
    expect(saved).toEqual({ storage: 'file', blob: null, warning: FILE_WARNING });
    const file = path.join(dir, SECRETS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await createSecretStore({ dataDir: dir }).load(2, 'file', null)).toBe('file-secret-2');
    await store.remove(2);
    expect(readFileSync(file, 'utf8')).not.toContain('file-secret-2');
    expect(await store.save(3, '', { persist: true })).toEqual({ storage: 'none', blob: null });
  });

  it('desktop: safeStorage over the port; the blob is stored, the secret comes back in a new run', async () => {
    const { bridge, seen } = portPair(fakeKeychain());
    const saved = await createSecretStore({ dataDir: dir, bridge }).save(4, 'desk-secret-4', { persist: false });
    expect(saved.storage).toBe('safe-storage');
    expect(saved.warning).toBeUndefined();
    expect(saved.blob).not.toContain('desk-secret-4');
    expect(Buffer.from(saved.blob as string, 'base64').toString()).not.toContain('desk-secret-4');
    const nextRun = createSecretStore({ dataDir: dir, bridge });
    expect(await nextRun.has(4, 'safe-storage', saved.blob)).toBe(true);
    expect(await nextRun.load(4, 'safe-storage', saved.blob)).toBe('desk-secret-4');
    expect(seen.map((m) => (m as { op: string }).op)).toEqual(['encrypt', 'decrypt']);
  });

  it('desktop without a keychain: falls back to memory (or the opted-in file) and says why', async () => {
    const { bridge } = portPair(fakeKeychain(false));
    const store = createSecretStore({ dataDir: dir, bridge });
    const memory = await store.save(5, 'fallback-5', { persist: false });
    expect(memory).toMatchObject({ storage: 'memory', warning: expect.stringMatching(/keychain is not available.*memory/s) });
    const file = await store.save(6, 'fallback-6', { persist: true });
    expect(file).toMatchObject({ storage: 'file', warning: expect.stringMatching(/UNENCRYPTED/) });
  });
});
