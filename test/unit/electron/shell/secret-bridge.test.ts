/**
 * The shell's side of the secret channel, with Electron mocked (the only mock
 * the project allows): requests are answered with safeStorage, refusals are
 * explained without echoing the data, and core-process.ts answers the core's
 * requests on the utility-process port.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { electronMock } from './electron-mock';
import { answerSecretRequest } from '../../../../electron/shell/secret-bridge';
import { startCoreProcess } from '../../../../electron/shell/core-process';

vi.mock('electron', async () => {
  const m = await import('./electron-mock');
  return { ...m.electronMock, default: m.electronMock };
});

beforeEach(() => {
  electronMock.safeStorage.available = true;
  electronMock.safeStorage.backend = 'gnome_libsecret';
});

describe('secret bridge (shell)', () => {
  it('encrypts and decrypts with safeStorage; the blob is not the secret', () => {
    const encrypted = answerSecretRequest({ type: 'secret.request', id: 1, op: 'encrypt', data: 'hunter2-pw' });
    expect(encrypted).toMatchObject({ type: 'secret.response', id: 1, ok: true });
    const blob = (encrypted as { data: string }).data;
    expect(Buffer.from(blob, 'base64').toString()).not.toContain('hunter2-pw');
    expect(answerSecretRequest({ type: 'secret.request', id: 2, op: 'decrypt', data: blob })).toEqual({ type: 'secret.response', id: 2, ok: true, data: 'hunter2-pw' });
  });

  it('refuses without a keychain, and on Linux with the basic_text fallback, without echoing the data', () => {
    electronMock.safeStorage.available = false;
    const none = answerSecretRequest({ type: 'secret.request', id: 3, op: 'encrypt', data: 'hunter2-pw' });
    expect(none).toMatchObject({ ok: false, error: expect.stringMatching(/keychain/) });
    electronMock.safeStorage.available = true;
    electronMock.safeStorage.backend = 'basic_text';
    const weak = answerSecretRequest({ type: 'secret.request', id: 4, op: 'encrypt', data: 'hunter2-pw' });
    if (process.platform === 'linux') expect(weak).toMatchObject({ ok: false, error: expect.stringMatching(/keyring/) });
    const broken = answerSecretRequest({ type: 'secret.request', id: 5, op: 'decrypt', data: Buffer.from('garbage').toString('base64') });
    expect(broken?.ok).toBe(false);
    expect(JSON.stringify([none, weak, broken])).not.toContain('hunter2');
  });

  it('ignores anything that is not a well-formed request', () => {
    for (const message of [null, { type: 'ready' }, { type: 'secret.request', id: 'x', op: 'encrypt', data: 'a' }, { type: 'secret.request', id: 1, op: 'leak', data: 'a' }]) {
      expect(answerSecretRequest(message)).toBeNull();
    }
  });

  it('core-process answers the core’s requests on the utility-process port', async () => {
    const started = startCoreProcess({ modulePath: 'u.js', args: [] });
    const child = electronMock.utilityProcess.forks.at(-1)!.child;
    child.emit('message', { type: 'secret.request', id: 7, op: 'encrypt', data: 'pw-123456' });
    expect(child.posted).toEqual([{ type: 'secret.response', id: 7, ok: true, data: Buffer.from('enc:654321-wp').toString('base64') }]);
    child.emit('message', { type: 'ready', url: 'http://127.0.0.1:9/', smtpPort: 1 });
    await started;
  });
});
