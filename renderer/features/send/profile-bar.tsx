/**
 * Saved targets: pick one, save the current settings (as new or over the
 * loaded one), delete. Says plainly where a saved password lives: the OS
 * keychain in the desktop app; in headless mode only this run's memory unless
 * the user ticks "store on disk".
 */
import { useState } from 'react';
import type { SendProfile } from '../../../shared/model/send';
import { desktopApi } from '../../api/desktop';
import { useApp, useAppShallow } from '../../app/store-context';
import { Icon } from '../../components/icon';
import { Warning } from './fields';
import { targetFromForm } from './send-form';

const STORAGE_TEXT: Record<SendProfile['secretStorage'], string> = {
  'safe-storage': 'Password saved in the OS keychain (Electron safeStorage).',
  memory: 'Password kept in memory for this run only; it is gone when Mailscope stops.',
  file: 'Password stored on disk in the workspace folder (you opted in). Anyone who can read that folder can read it.',
  none: 'No password saved with this profile.',
};

export function ProfileBar() {
  const { profiles, profileId, authMethod, secret, error, targetKey } = useAppShallow((s) => ({
    profiles: s.sendProfiles,
    profileId: s.sendForm.profileId,
    authMethod: s.sendForm.authMethod,
    secret: s.sendForm.secret,
    error: s.sendProfilesError,
    targetKey: JSON.stringify(targetFromForm(s.sendForm)),
  }));
  const loadProfile = useApp((s) => s.loadSendProfile);
  const saveProfile = useApp((s) => s.saveSendProfile);
  const deleteProfile = useApp((s) => s.deleteSendProfile);
  const profile = profiles.find((p) => p.id === profileId) ?? null;
  const changed = profile !== null && JSON.stringify(profile.target) !== targetKey;
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [keepSecret, setKeepSecret] = useState(true);
  const [onDisk, setOnDisk] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const desktop = desktopApi() !== null;

  const save = async (asNew: boolean) => {
    const problem = await saveProfile(name, { keepSecret: authMethod !== 'none' && keepSecret, persistSecret: !desktop && onDisk, asNew });
    setSaveError(problem);
    if (!problem) setSaving(false);
  };

  return (
    <div className="send-profiles">
      <div className="send-row">
        <label htmlFor="send-profile" className="send-inline-label">
          Profile
        </label>
        <select
          id="send-profile"
          className="input"
          value={profileId ?? ''}
          onChange={(e) => {
            setConfirmDelete(false);
            loadProfile(e.target.value === '' ? null : Number(e.target.value));
          }}
        >
          <option value="">{profiles.length === 0 ? 'No saved profiles' : '— not saved —'}</option>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            setName(profile?.name ?? '');
            setSaveError(null);
            setSaving((v) => !v);
          }}
          aria-expanded={saving}
        >
          Save…
        </button>
        {profile ? (
          confirmDelete ? (
            <button type="button" className="button button-small button-danger" onClick={() => void deleteProfile(profile.id).then(() => setConfirmDelete(false))}>
              Delete “{profile.name}”
            </button>
          ) : (
            <button type="button" className="icon-button" title={`Delete the profile “${profile.name}”`} aria-label={`Delete the profile ${profile.name}`} onClick={() => setConfirmDelete(true)}>
              <Icon name="trash" size={14} />
            </button>
          )
        ) : null}
      </div>
      {changed ? <p className="send-hint muted">Changed since “{profile.name}” was saved: Save to keep the changes.</p> : null}
      {/* The core's own note (where it really put the secret) wins over our generic line. */}
      {profile?.warning ? <Warning>{profile.warning}</Warning> : profile ? <p className="send-hint muted">{STORAGE_TEXT[profile.secretStorage]}</p> : null}
      {error ? <p className="send-error">Profiles could not be loaded: {error}</p> : null}
      {saving ? (
        <div className="send-profile-save" role="group" aria-label="Save profile">
          <input className="input" aria-label="Profile name" placeholder="Profile name, e.g. Staging relay" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          {authMethod !== 'none' ? (
            <>
              <label className="checkbox send-checkbox">
                <input type="checkbox" checked={keepSecret} onChange={(e) => setKeepSecret(e.target.checked)} />
                {secret !== '' ? 'Save the password typed above with the profile' : profile?.hasSecret ? 'Keep the saved password' : 'Save a password with the profile (type it above first)'}
              </label>
              {desktop ? (
                <p className="send-hint muted">The password goes to the OS keychain (safeStorage), never into a plain file.</p>
              ) : (
                <>
                  <label className="checkbox send-checkbox">
                    <input type="checkbox" checked={onDisk} disabled={!keepSecret} onChange={(e) => setOnDisk(e.target.checked)} />
                    Store it on disk
                  </label>
                  <p className="send-hint muted">
                    {onDisk
                      ? 'Headless mode has no OS keychain: the password is written to the workspace folder, readable by anyone who can read that folder.'
                      : 'Not ticked: the password is kept in memory until Mailscope stops, never written to disk.'}
                  </p>
                </>
              )}
            </>
          ) : null}
          {saveError ? (
            <p className="send-error" role="alert">
              {saveError}
            </p>
          ) : null}
          <div className="send-row">
            <button type="button" className="button button-small button-primary" onClick={() => void save(false)}>
              {profile ? 'Save' : 'Save profile'}
            </button>
            {profile ? (
              <button type="button" className="button button-small" onClick={() => void save(true)}>
                Save as new
              </button>
            ) : null}
            <button type="button" className="button button-small" onClick={() => setSaving(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
