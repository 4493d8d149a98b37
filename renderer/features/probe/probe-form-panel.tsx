/**
 * The Probe form: the domain (required), then what sharpens the report — a
 * sending IP, DKIM selectors, a mail server to probe instead of the MX, the
 * resolver, SMTP on/off and a recipient test. Enter anywhere runs it.
 */
import { useEffect, useRef } from 'react';
import type { FormEvent } from 'react';
import { useApp, useAppShallow } from '../../app/store-context';
import { Icon } from '../../components/icon';

export function ProbeFormPanel() {
  const { form, starting, startError, running } = useAppShallow((s) => ({
    form: s.probeForm,
    starting: s.probeStarting,
    startError: s.probeStartError,
    running: s.shownProbe?.summary?.state === 'running',
  }));
  const update = useApp((s) => s.updateProbeForm);
  const start = useApp((s) => s.startProbe);
  const visible = useApp((s) => s.tool === 'probe');
  const domainRef = useRef<HTMLInputElement>(null);
  // The domain field takes focus when the screen is shown: typing a domain is what everyone does first.
  useEffect(() => {
    if (visible) domainRef.current?.focus();
  }, [visible]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void start();
  };
  return (
    <form className="probe-form" aria-label="Probe settings" onSubmit={submit} noValidate>
      <div className="probe-form-scroll">
        <label className="probe-field">
          <span className="probe-label">Domain</span>
          <input
            ref={domainRef}
            id="probe-domain"
            className="input mono"
            value={form.domain}
            onChange={(e) => update({ domain: e.target.value })}
            placeholder="example.org"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={startError ? 'probe-start-error' : undefined}
            aria-invalid={startError ? true : undefined}
          />
        </label>
        <label className="probe-field">
          <span className="probe-label">
            Sending IP <span className="muted">(optional)</span>
          </span>
          <input id="probe-ip" className="input mono" value={form.ip} onChange={(e) => update({ ip: e.target.value })} placeholder="192.0.2.10" autoComplete="off" spellCheck={false} />
          <span className="probe-hint muted">SPF result, reverse DNS and blocklists for the address your mail leaves from.</span>
        </label>
        <label className="probe-field">
          <span className="probe-label">
            DKIM selectors <span className="muted">(optional)</span>
          </span>
          <input id="probe-selectors" className="input mono" value={form.selectors} onChange={(e) => update({ selectors: e.target.value })} placeholder="s1 s2" autoComplete="off" spellCheck={false} />
          <span className="probe-hint muted">The s= of your DKIM-Signature; common selectors (google, selector1, k1…) are always tried.</span>
        </label>
        <fieldset className="probe-fieldset">
          <legend>SMTP</legend>
          <label className="probe-check-field">
            <input type="checkbox" checked={form.smtpEnabled} onChange={(e) => update({ smtpEnabled: e.target.checked })} /> Probe the mail servers (connect, EHLO, STARTTLS, certificate — never sends a message)
          </label>
          <label className="probe-field">
            <span className="probe-label">
              Server <span className="muted">(optional, instead of the MX)</span>
            </span>
            <input id="probe-mx-host" className="input mono" value={form.mxHost} disabled={!form.smtpEnabled} onChange={(e) => update({ mxHost: e.target.value })} placeholder="mail.example.org:587" autoComplete="off" spellCheck={false} />
          </label>
          <label className="probe-field">
            <span className="probe-label">
              Recipient test <span className="muted">(optional, stops after RCPT TO)</span>
            </span>
            <input id="probe-rcpt" className="input mono" value={form.rcptTest} disabled={!form.smtpEnabled} onChange={(e) => update({ rcptTest: e.target.value })} placeholder="postmaster@example.org" autoComplete="off" spellCheck={false} />
          </label>
        </fieldset>
        <label className="probe-field">
          <span className="probe-label">
            Resolver <span className="muted">(optional)</span>
          </span>
          <input id="probe-dns" className="input mono" value={form.dnsServers} onChange={(e) => update({ dnsServers: e.target.value })} placeholder="system resolver — or 9.9.9.9, 127.0.0.1:5353" autoComplete="off" spellCheck={false} />
          <span className="probe-hint muted">Public resolvers are refused by some blocklists: those checks then say “could not check”.</span>
        </label>
      </div>
      <div className="probe-form-foot">
        {startError ? (
          <p id="probe-start-error" className="probe-error" role="alert">
            {startError}
          </p>
        ) : null}
        <button type="submit" className="button button-primary probe-run" disabled={starting}>
          <Icon name="probe" size={15} /> {starting ? 'Starting…' : running ? 'Run another' : 'Run probe'}
        </button>
      </div>
    </form>
  );
}
