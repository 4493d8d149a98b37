import { describe, expect, it } from 'vitest';
import { DEFAULT_CAPTURE_SETTINGS } from '../../../../../shared/model/settings';
import { applyPatch, fromStored, maskSettings, PASSWORD_MASK, settingsProblems } from '../../../../../electron/core/settings/capture-settings';

const base = { ...DEFAULT_CAPTURE_SETTINGS, users: [{ username: 'alice', password: 's3cret' }] };

describe('capture settings', () => {
  it('accepts a valid patch and applies it over the current settings', () => {
    const next = applyPatch(base, { port: 0, tlsPort: 2465, host: '::1', maxMessageBytes: 2048, maxMessages: 10 });
    expect(next).toMatchObject({ port: 0, tlsPort: 2465, host: '::1', maxMessageBytes: 2048, maxMessages: 10, auth: 'optional' });
    expect(next.users).toEqual(base.users);
  });

  it('names every problem in one clear error with code bad_request', () => {
    let caught: unknown;
    try {
      applyPatch(base, { port: 70000, host: 'not a host', auth: 'sometimes', colour: 'red' } as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'bad_request' });
    const message = (caught as Error).message;
    expect(message).toContain('SMTP port must be a whole number from 0 to 65535');
    expect(message).toContain('Listen address must be an IP address');
    expect(message).toContain('Authentication must be "optional" or "required"');
    expect(message).toContain('Unknown setting "colour"');
  });

  it('refuses required auth without users, equal ports, bad users', () => {
    expect(() => applyPatch({ ...base, users: [] }, { auth: 'required' })).toThrow(/at least one user/);
    expect(() => applyPatch(base, { port: 2525, tlsPort: 2525 })).toThrow(/must differ/);
    expect(settingsProblems({ users: [{ username: '', password: 'x' }, { username: 'a', password: '' }] })).toEqual([
      'User 1: the user name must be non-empty text on one line.',
      'User 2: a password is required.',
    ]);
    expect(settingsProblems({ users: [{ username: 'a', password: 'x' }, { username: 'a', password: 'y' }] })).toEqual(['User 2: "a" is listed twice.']);
    expect(settingsProblems({ tlsPort: null, reverseDns: 'yes' })).toEqual(['"reverseDns" must be true or false.']);
    expect(settingsProblems({ fsyncEachCommit: 1 })).toEqual(['"fsyncEachCommit" must be true or false.']);
    expect(settingsProblems({ fsyncEachCommit: true })).toEqual([]);
    expect(settingsProblems(null)).toEqual(['Settings must be an object.']);
  });

  it('masks passwords for display and keeps the stored one when the mask comes back', () => {
    const shown = maskSettings(base);
    expect(shown.users).toEqual([{ username: 'alice', password: PASSWORD_MASK }]);
    expect(JSON.stringify(shown)).not.toContain('s3cret');
    const next = applyPatch(base, { users: [...shown.users, { username: 'bob', password: 'pw2' }], auth: 'required' });
    expect(next.users).toEqual([
      { username: 'alice', password: 's3cret' },
      { username: 'bob', password: 'pw2' },
    ]);
    expect(() => applyPatch(base, { users: [{ username: 'carol', password: PASSWORD_MASK }] })).toThrow(/enter a password/);
  });

  it('reads stored settings leniently: missing or invalid fields fall back to defaults', () => {
    expect(fromStored(null)).toEqual(DEFAULT_CAPTURE_SETTINGS);
    // Commits are not fsynced unless asked (a killed process still keeps them).
    expect(DEFAULT_CAPTURE_SETTINGS.fsyncEachCommit).toBe(false);
    // Settings saved by a version without the field read as the default.
    expect(fromStored({ port: 2600 }).fsyncEachCommit).toBe(false);
    expect(fromStored({ fsyncEachCommit: true }).fsyncEachCommit).toBe(true);
    expect(fromStored({ port: 2600, host: 42, maxMessages: -1, extra: 1 })).toEqual({ ...DEFAULT_CAPTURE_SETTINGS, port: 2600 });
  });
});
