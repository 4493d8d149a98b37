/**
 * Capture settings. Only the fields the user changed are sent, so a masked
 * password that comes back from the host is never written back over the
 * real one unless the user edits that user list. Listening beyond loopback
 * is allowed but called out: anyone on the network could then send mail in
 * and anything they send shows up here.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { CaptureSettings } from '../../../shared/model/settings';
import { useApp } from '../../app/store-context';
import { Dialog } from '../../components/dialog';
import { Icon } from '../../components/icon';

const MB = 1024 * 1024;

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

interface Draft {
  host: string;
  port: string;
  tlsPort: string;
  maxMb: string;
  auth: CaptureSettings['auth'];
  users: { username: string; password: string }[];
  reverseDns: boolean;
  maxMessages: string;
  autoStart: boolean;
  fsyncEachCommit: boolean;
}

function toDraft(s: CaptureSettings): Draft {
  return {
    host: s.host,
    port: String(s.port),
    tlsPort: s.tlsPort === null ? '' : String(s.tlsPort),
    maxMb: String(Math.round((s.maxMessageBytes / MB) * 100) / 100),
    auth: s.auth,
    users: s.users.map((u) => ({ ...u })),
    reverseDns: s.reverseDns,
    maxMessages: String(s.maxMessages),
    autoStart: s.autoStart,
    fsyncEachCommit: s.fsyncEachCommit,
  };
}

function portValue(text: string, label: string, errors: string[]): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n > 65535) errors.push(`${label} must be a number from 0 to 65535.`);
  return n;
}

/** The changed fields, or the problems that stop saving. */
export function diffSettings(saved: CaptureSettings, draft: Draft): { changes: Partial<CaptureSettings>; errors: string[] } {
  const errors: string[] = [];
  const next: CaptureSettings = {
    host: draft.host.trim(),
    port: portValue(draft.port, 'SMTP port', errors),
    tlsPort: draft.tlsPort.trim() === '' ? null : portValue(draft.tlsPort, 'TLS port', errors),
    maxMessageBytes: Math.round(Number(draft.maxMb) * MB),
    auth: draft.auth,
    users: draft.users.filter((u) => u.username.trim() !== '').map((u) => ({ username: u.username.trim(), password: u.password })),
    reverseDns: draft.reverseDns,
    maxMessages: Number(draft.maxMessages),
    autoStart: draft.autoStart,
    fsyncEachCommit: draft.fsyncEachCommit,
  };
  if (next.host === '') errors.push('The listen address cannot be empty (use 127.0.0.1 for this machine only).');
  if (!Number.isFinite(next.maxMessageBytes) || next.maxMessageBytes < 1024) errors.push('Maximum message size must be at least 0.001 MB.');
  if (!Number.isInteger(next.maxMessages) || next.maxMessages < 1) errors.push('Keep at most must be a whole number of messages, 1 or more.');
  if (next.auth === 'required' && next.users.length === 0) errors.push('Required authentication needs at least one user.');
  const changes: Partial<CaptureSettings> = {};
  for (const key of Object.keys(next) as (keyof CaptureSettings)[]) {
    if (JSON.stringify(next[key]) !== JSON.stringify(saved[key])) (changes as Record<string, unknown>)[key] = next[key];
  }
  return { changes, errors };
}

export function SettingsDialog() {
  const open = useApp((s) => s.dialog === 'settings');
  const settings = useApp((s) => s.settings);
  const busy = useApp((s) => s.captureBusy);
  const openDialog = useApp((s) => s.openDialog);
  const close = () => openDialog(null);
  return (
    <Dialog
      title="Capture settings"
      open={open}
      onClose={close}
      wide
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" form="settings-form" className="button button-primary" disabled={!settings || busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </>
      }
    >
      {settings ? <SettingsForm settings={settings} onDone={close} /> : <p className="muted">Loading settings…</p>}
    </Dialog>
  );
}

/** Mounted each time the dialog opens (Dialog renders children only while open), so the draft starts from the saved settings. */
function SettingsForm({ settings, onDone }: { settings: CaptureSettings; onDone(): void }) {
  const saveSettings = useApp((s) => s.saveSettings);
  const [draft, setDraft] = useState<Draft>(() => toDraft(settings));
  const [problems, setProblems] = useState<string[]>([]);
  const update = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { changes, errors } = diffSettings(settings, draft);
    setProblems(errors);
    if (errors.length > 0) return;
    if (Object.keys(changes).length === 0) return onDone();
    const failure = await saveSettings(changes);
    if (failure) setProblems([failure]);
    else onDone();
  };

  return (
    <form id="settings-form" className="settings-form" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset>
        <legend>SMTP server</legend>
        <label className="form-row">
          <span>Listen address</span>
          <input className="input mono" value={draft.host} onChange={(e) => update({ host: e.currentTarget.value })} spellCheck={false} />
        </label>
        {!isLoopbackHost(draft.host) && draft.host.trim() !== '' ? (
          <p className="form-warning" role="alert">
            <Icon name="alert" size={14} /> <strong>{draft.host}</strong> is not a loopback address: other machines on the network will be able to
            connect and deliver mail into this inbox. Use 127.0.0.1 unless you need that.
          </p>
        ) : null}
        <div className="form-grid">
          <label className="form-row">
            <span>SMTP port (STARTTLS offered)</span>
            <input className="input mono" inputMode="numeric" value={draft.port} onChange={(e) => update({ port: e.currentTarget.value })} />
          </label>
          <label className="form-row">
            <span>Implicit TLS port (empty = off)</span>
            <input className="input mono" inputMode="numeric" placeholder="e.g. 4650" value={draft.tlsPort} onChange={(e) => update({ tlsPort: e.currentTarget.value })} />
          </label>
          <label className="form-row">
            <span>Maximum message size (MB)</span>
            <input className="input mono" inputMode="decimal" value={draft.maxMb} onChange={(e) => update({ maxMb: e.currentTarget.value })} />
          </label>
          <label className="form-row">
            <span>Keep at most (messages)</span>
            <input className="input mono" inputMode="numeric" value={draft.maxMessages} onChange={(e) => update({ maxMessages: e.currentTarget.value })} />
          </label>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={draft.reverseDns} onChange={(e) => update({ reverseDns: e.currentTarget.checked })} /> Look up client host names
          (reverse DNS — can delay sends on machines without working rDNS)
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={draft.autoStart} onChange={(e) => update({ autoStart: e.currentTarget.checked })} /> Start capturing when Mailscope
          starts
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={draft.fsyncEachCommit} onChange={(e) => update({ fsyncEachCommit: e.currentTarget.checked })} /> Flush each message to
          disk before answering 250 (also survives a power cut; slower)
        </label>
      </fieldset>
      <fieldset>
        <legend>Authentication</legend>
        <div className="segmented" role="radiogroup" aria-label="Authentication mode">
          {(['optional', 'required'] as const).map((mode) => (
            <button key={mode} type="button" role="radio" aria-checked={draft.auth === mode} className={draft.auth === mode ? 'segment segment-on' : 'segment'} onClick={() => update({ auth: mode })}>
              {mode === 'optional' ? 'Accept any credentials' : 'Require these users'}
            </button>
          ))}
        </div>
        <p className="muted form-help">
          {draft.auth === 'optional'
            ? 'Clients may authenticate with any user name and password (the user name is recorded) or not at all.'
            : 'Clients must authenticate with one of these users; wrong credentials get 535.'}
        </p>
        {draft.auth === 'required' || draft.users.length > 0 ? (
          <div className="users">
            {draft.users.map((u, i) => (
              <div className="user-row" key={i}>
                <input
                  className="input"
                  aria-label={`User ${i + 1} name`}
                  placeholder="user name"
                  value={u.username}
                  onChange={(e) => update({ users: draft.users.map((x, j) => (j === i ? { ...x, username: e.currentTarget.value } : x)) })}
                />
                <input
                  className="input"
                  type="password"
                  aria-label={`User ${i + 1} password`}
                  placeholder="password"
                  autoComplete="new-password"
                  value={u.password}
                  onChange={(e) => update({ users: draft.users.map((x, j) => (j === i ? { ...x, password: e.currentTarget.value } : x)) })}
                />
                <button type="button" className="icon-button" aria-label={`Remove user ${i + 1}`} onClick={() => update({ users: draft.users.filter((_, j) => j !== i) })}>
                  <Icon name="close" size={14} />
                </button>
              </div>
            ))}
            <button type="button" className="button button-small" onClick={() => update({ users: [...draft.users, { username: '', password: '' }] })}>
              Add user
            </button>
          </div>
        ) : null}
      </fieldset>
      {problems.length > 0 ? (
        <div className="form-errors" role="alert">
          {problems.map((p) => (
            <p key={p}>
              <Icon name="alert" size={14} /> {p}
            </p>
          ))}
        </div>
      ) : null}
    </form>
  );
}
