import { describe, expect, it } from 'vitest';
import type { SendProfile } from '../../../../../shared/model/send';
import { applyProfile, buildSendRequest, emptySendForm, splitAddresses, targetFromForm, validateSendForm } from '../../../../../renderer/features/send/send-form';
import type { SendForm } from '../../../../../renderer/features/send/send-form';

function form(patch: Partial<SendForm> = {}): SendForm {
  return { ...emptySendForm(), host: '127.0.0.1', port: '2525', security: 'none', from: 'App <app@staging.example.test>', to: 'quinn@example.test', subject: 'Hi', text: 'Hello', ...patch };
}

const KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';

describe('send form', () => {
  it('splits address lists on commas, semicolons and lines, keeping the address of a display-name form', () => {
    expect(splitAddresses('a@x.test, Bob <b@y.test>;c@z.test\n\n')).toEqual(['a@x.test', 'b@y.test', 'c@z.test']);
    expect(splitAddresses('  ')).toEqual([]);
  });

  it('turns a composed message into a SendRequest with a full target and no secret', () => {
    const built = buildSendRequest(form({ cc: 'c@example.test', bcc: 'hidden@example.test', headers: [{ name: 'X-Campaign', value: 'spring' }, { name: ' ', value: '' }] }));
    if (!('request' in built)) throw new Error(JSON.stringify(built.errors));
    const { request } = built;
    expect(request.source).toEqual({
      kind: 'compose',
      from: 'App <app@staging.example.test>',
      to: ['quinn@example.test'],
      cc: ['c@example.test'],
      bcc: ['hidden@example.test'],
      subject: 'Hi',
      text: 'Hello',
      html: '',
      attachments: [],
      headers: [{ name: 'X-Campaign', value: 'spring' }],
    });
    expect(request.target).toMatchObject({ mode: 'server', host: '127.0.0.1', port: 2525, security: 'none', authMethod: 'none', user: '' });
    expect(request.target).toMatchObject({ timeouts: { connectMs: 10_000, greetingMs: 15_000, socketMs: 60_000 } });
    expect(request.secret).toBeNull();
    expect(request.envelope).toBeNull();
    expect(request.dkim).toBeNull();
  });

  it('names each problem on its field', () => {
    const { errors } = validateSendForm(form({ host: '', port: '70000', from: 'not an address', to: 'ok@example.test, nope', connectTimeout: '0', helo: 'two words' }));
    expect(errors.host).toMatch(/host name or IP/);
    expect(errors.port).toMatch(/1 to 65535/);
    expect(errors.from).toMatch(/does not look like an address/);
    expect(errors.to).toBe('Not an address: nope');
    expect(errors.connectTimeout).toMatch(/Connect timeout/);
    expect(errors.helo).toMatch(/one word/);
    expect(validateSendForm(form({ to: '' })).errors.recipients).toMatch(/at least one recipient/);
    expect(validateSendForm(form({ headers: [{ name: 'Bad Name', value: 'x' }] })).errors['header-0']).toMatch(/without spaces or colons/);
  });

  it('asks for a password with AUTH, and warns about AUTH in the clear and unchecked certificates', () => {
    const plain = validateSendForm(form({ authMethod: 'PLAIN', user: 'qa' }));
    expect(plain.errors.secret).toBe('Enter the password.');
    expect(plain.warnings.join(' ')).toMatch(/in the clear/);
    expect(validateSendForm(form({ authMethod: 'XOAUTH2', user: '' })).errors).toMatchObject({ user: expect.stringMatching(/XOAUTH2/), secret: 'Paste the OAuth 2.0 access token.' });
    const tls = validateSendForm(form({ security: 'starttls', allowInvalidCertificate: true }));
    expect(tls.warnings.join(' ')).toMatch(/test servers only/);
    expect(validateSendForm(form({ port: '465', security: 'starttls' })).warnings.join(' ')).toMatch(/implicit TLS/);
  });

  it('sends the typed secret with the request, and uses a profile (its stored secret) only for its unchanged target', () => {
    const typed = buildSendRequest(form({ authMethod: 'PLAIN', user: 'qa', secret: 'pw', security: 'starttls-required' }));
    if (!('request' in typed)) throw new Error('expected a request');
    expect(typed.request.secret).toBe('pw');

    const base = form({ authMethod: 'LOGIN', user: 'qa', security: 'starttls-required' });
    const profile: SendProfile = { id: 7, name: 'Relay', target: targetFromForm(base), hasSecret: true, secretStorage: 'memory' };
    const loaded = applyProfile({ ...base, secret: 'typed before' }, profile);
    expect(loaded.secret).toBe('');
    expect(loaded.profileId).toBe(7);
    const viaProfile = buildSendRequest(loaded, [profile]);
    if (!('request' in viaProfile)) throw new Error(JSON.stringify(viaProfile.errors));
    expect(viaProfile.request.target).toEqual({ profileId: 7 });
    expect(viaProfile.request.secret).toBeNull();

    // Changed settings: the stored secret does not follow them.
    const changed = buildSendRequest({ ...loaded, port: '587' }, [profile]);
    expect('errors' in changed && changed.errors.secret).toMatch(/saved password applies to the profile/);
  });

  it('replays a stored message raw or with header edits, with an envelope override', () => {
    const stored = form({ sourceKind: 'stored', storedId: 12, replayMode: 'edited', headerEdits: [{ op: 'set', name: 'Subject', value: 'Replayed' }, { op: 'remove', name: 'DKIM-Signature', value: '' }], overrideEnvelope: true, envelopeFrom: '<>', envelopeTo: 'a@example.test; b@example.test' });
    const built = buildSendRequest(stored);
    if (!('request' in built)) throw new Error(JSON.stringify(built.errors));
    expect(built.request.source).toEqual({ kind: 'stored', id: 12, mode: 'edited', headerEdits: [{ op: 'set', name: 'Subject', value: 'Replayed' }, { op: 'remove', name: 'DKIM-Signature', value: '' }] });
    expect(built.request.envelope).toEqual({ from: '', to: ['a@example.test', 'b@example.test'] });
    expect(validateSendForm(form({ sourceKind: 'stored', storedId: null })).errors.storedId).toMatch(/Send \/ Replay/);
    expect(validateSendForm(form({ sourceKind: 'eml' })).errors.eml).toMatch(/\.eml/);
    expect(validateSendForm(form({ overrideEnvelope: true, envelopeTo: '' })).errors.envelopeTo).toMatch(/at least one/);
  });

  it('checks DKIM fields and passes the key only in the request', () => {
    const bad = validateSendForm(form({ dkimEnabled: true, dkimDomain: 'nodot', dkimSelector: 'has space', dkimKey: 'not a pem' })).errors;
    expect(Object.keys(bad).sort()).toEqual(['dkimDomain', 'dkimKey', 'dkimSelector']);
    const built = buildSendRequest(form({ dkimEnabled: true, dkimDomain: 'example.test', dkimSelector: 's1', dkimKey: KEY }));
    if (!('request' in built)) throw new Error(JSON.stringify(built.errors));
    expect(built.request.dkim).toEqual({ domain: 'example.test', selector: 's1', privateKeyPem: KEY });
  });

  it('sends MX delivery to port 25 whatever the port field says', () => {
    const built = buildSendRequest(form({ mode: 'mx', port: '', host: '' }));
    if (!('request' in built)) throw new Error(JSON.stringify(built.errors));
    expect(built.request.target).toMatchObject({ mode: 'mx', port: 25 });
  });
});
