/**
 * Where to send: a server (host, port) or each recipient's MX, transport
 * security and TLS options, AUTH and the HELO name, timeouts. Accepting an
 * invalid certificate is a separate, explicit tick with its consequence
 * spelled out. The password field is never filled from anywhere: a saved
 * profile says it has one, and the core keeps it.
 */
import type { SendAuthMethod, SendSecurity, SendTarget } from '../../../shared/model/send';
import { useApp, useAppShallow } from '../../app/store-context';
import { Icon } from '../../components/icon';
import { Field, Segmented, SelectField, TextField, Warning } from './fields';
import { ProfileBar } from './profile-bar';

const SECURITY: readonly (readonly [SendSecurity, string])[] = [
  ['none', 'None (plain text)'],
  ['starttls', 'STARTTLS if offered'],
  ['starttls-required', 'STARTTLS required'],
  ['tls', 'Implicit TLS (port 465)'],
];
const AUTH: readonly (readonly [SendAuthMethod, string])[] = [
  ['none', 'None'],
  ['PLAIN', 'PLAIN'],
  ['LOGIN', 'LOGIN'],
  ['CRAM-MD5', 'CRAM-MD5'],
  ['XOAUTH2', 'XOAUTH2 (OAuth token)'],
];
const TLS_VERSIONS: readonly (readonly [SendTarget['minTlsVersion'], string])[] = [
  ['TLSv1', 'TLS 1.0'],
  ['TLSv1.1', 'TLS 1.1'],
  ['TLSv1.2', 'TLS 1.2'],
  ['TLSv1.3', 'TLS 1.3'],
];

export function TargetPanel() {
  const { form, errors, profiles, capture } = useAppShallow((s) => ({ form: s.sendForm, errors: s.sendErrors, profiles: s.sendProfiles, capture: s.status?.capture ?? null }));
  const update = useApp((s) => s.updateSendForm);
  const profile = profiles.find((p) => p.id === form.profileId) ?? null;
  const tls = form.security !== 'none';
  return (
    <fieldset className="send-section" aria-labelledby="send-target-legend">
      <legend id="send-target-legend">Target</legend>
      <ProfileBar />
      <div className="send-row">
        <Segmented
          label="Deliver to"
          value={form.mode}
          options={[
            ['server', 'A server'],
            ['mx', "Recipient's MX"],
          ]}
          onChange={(mode) => update({ mode })}
        />
        {capture?.running ? (
          <button
            type="button"
            className="link-button send-capture-link"
            title="Fill in this app's own capture server (plain SMTP on loopback)"
            onClick={() => update({ mode: 'server', host: capture.host === '0.0.0.0' || capture.host === '::' ? '127.0.0.1' : capture.host, port: String(capture.port), security: 'none', authMethod: 'none', profileId: null })}
          >
            Use this app’s capture server ({capture.port})
          </button>
        ) : null}
      </div>
      {form.mode === 'server' ? (
        <div className="send-grid send-grid-host">
          <TextField id="send-host" label="Host" value={form.host} onChange={(host) => update({ host })} error={errors.host} placeholder="smtp.example.org" mono />
          <TextField id="send-port" label="Port" value={form.port} onChange={(port) => update({ port })} error={errors.port} inputMode="numeric" mono />
        </div>
      ) : (
        <p className="send-hint muted">
          Looks up each recipient domain’s MX records and connects to them in priority order on port 25. Many networks block outbound port 25: a timeout there is usually the network, not the server.
        </p>
      )}
      <div className="send-grid">
        <SelectField id="send-security" label="Security" value={form.security} options={SECURITY} onChange={(security) => update({ security })} />
        <SelectField id="send-min-tls" label="Minimum TLS version" value={form.minTlsVersion} options={TLS_VERSIONS} onChange={(minTlsVersion) => update({ minTlsVersion })} />
      </div>
      {tls ? (
        <>
          <TextField
            id="send-servername"
            label="TLS server name"
            value={form.tlsServername}
            onChange={(tlsServername) => update({ tlsServername })}
            placeholder={form.mode === 'server' ? form.host || 'same as host' : 'the MX host name'}
            hint="Checked against the certificate (and sent as SNI). Leave empty to use the host name."
            mono
          />
          <label className="checkbox send-checkbox">
            <input type="checkbox" checked={form.allowInvalidCertificate} onChange={(e) => update({ allowInvalidCertificate: e.target.checked })} />
            Accept a self-signed or otherwise invalid certificate
          </label>
          {form.allowInvalidCertificate ? (
            <Warning>The certificate will not be checked: anyone between here and the server could read and change this conversation, password included. For test servers only.</Warning>
          ) : null}
        </>
      ) : null}
      <div className="send-grid">
        <SelectField id="send-auth" label="Authentication" value={form.authMethod} options={AUTH} onChange={(authMethod) => update({ authMethod })} />
        <TextField id="send-helo" label="HELO/EHLO name" value={form.helo} onChange={(helo) => update({ helo })} error={errors.helo} placeholder="default" mono />
      </div>
      {form.authMethod !== 'none' ? (
        <div className="send-grid">
          <TextField id="send-user" label="User" value={form.user} onChange={(user) => update({ user })} error={errors.user} mono autoComplete="off" />
          <Field
            id="send-secret"
            label={form.authMethod === 'XOAUTH2' ? 'Access token' : 'Password'}
            error={errors.secret}
            hint={profile?.hasSecret ? 'Empty: the profile’s saved secret is used.' : 'Used for this send only, then cleared.'}
          >
            {(a11y) => (
              <input
                {...a11y}
                className="input mono"
                type="password"
                value={form.secret}
                autoComplete="new-password"
                placeholder={profile?.hasSecret ? '•••••• (saved)' : ''}
                onChange={(e) => update({ secret: e.target.value })}
              />
            )}
          </Field>
        </div>
      ) : null}
      <details className="send-more">
        <summary>
          <Icon name="chevronRight" size={12} /> Timeouts
          <span className="muted num">
            {' '}
            {form.connectTimeout}s connect · {form.greetingTimeout}s greeting · {form.socketTimeout}s idle
          </span>
        </summary>
        <div className="send-grid send-grid-3">
          <TextField id="send-connect-timeout" label="Connect (s)" value={form.connectTimeout} onChange={(connectTimeout) => update({ connectTimeout })} error={errors.connectTimeout} inputMode="numeric" />
          <TextField id="send-greeting-timeout" label="Greeting (s)" value={form.greetingTimeout} onChange={(greetingTimeout) => update({ greetingTimeout })} error={errors.greetingTimeout} inputMode="numeric" />
          <TextField id="send-socket-timeout" label="Idle (s)" value={form.socketTimeout} onChange={(socketTimeout) => update({ socketTimeout })} error={errors.socketTimeout} inputMode="numeric" />
        </div>
      </details>
    </fieldset>
  );
}
