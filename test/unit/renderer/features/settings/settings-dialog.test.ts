import { describe, expect, it } from 'vitest';
import { DEFAULT_CAPTURE_SETTINGS } from '../../../../../shared/model/settings';
import { diffSettings, isLoopbackHost } from '../../../../../renderer/features/settings/settings-dialog';

const draftOf = (over: Record<string, unknown> = {}) => ({
  host: '127.0.0.1',
  port: '2525',
  tlsPort: '',
  maxMb: '25',
  auth: 'optional' as const,
  users: [],
  reverseDns: false,
  maxMessages: '50000',
  autoStart: true,
  fsyncEachCommit: false,
  ...over,
});

describe('settings form', () => {
  it('sends only what changed', () => {
    expect(diffSettings(DEFAULT_CAPTURE_SETTINGS, draftOf())).toEqual({ changes: {}, errors: [] });
    expect(diffSettings(DEFAULT_CAPTURE_SETTINGS, draftOf({ port: '2626', tlsPort: '4650', maxMb: '10' })).changes).toEqual({
      port: 2626,
      tlsPort: 4650,
      maxMessageBytes: 10 * 1024 * 1024,
    });
    expect(diffSettings(DEFAULT_CAPTURE_SETTINGS, draftOf({ fsyncEachCommit: true })).changes).toEqual({ fsyncEachCommit: true });
  });

  it('leaves a masked password alone unless the user list was edited', () => {
    const saved = { ...DEFAULT_CAPTURE_SETTINGS, auth: 'required' as const, users: [{ username: 'app', password: '********' }] };
    const same = draftOf({ auth: 'required', users: [{ username: 'app', password: '********' }] });
    expect(diffSettings(saved, same).changes).toEqual({});
  });

  it('explains what stops saving, in plain words', () => {
    const { errors } = diffSettings(DEFAULT_CAPTURE_SETTINGS, draftOf({ port: '70000', host: ' ', auth: 'required', maxMessages: '0' }));
    expect(errors).toEqual([
      'SMTP port must be a number from 0 to 65535.',
      'The listen address cannot be empty (use 127.0.0.1 for this machine only).',
      'Keep at most must be a whole number of messages, 1 or more.',
      'Required authentication needs at least one user.',
    ]);
  });

  it('knows which addresses only this machine can reach', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.10', 'mail.example.com']) expect(isLoopbackHost(h)).toBe(false);
  });
});
