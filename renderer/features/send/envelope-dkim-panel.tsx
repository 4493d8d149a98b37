/**
 * The two optional extras: an envelope override (MAIL FROM / RCPT TO other
 * than what the message implies), and DKIM signing on send. The private key
 * stays in this form's memory for the run: it is sent with the request and
 * never stored or echoed.
 */
import { useApp, useAppShallow } from '../../app/store-context';
import { Field, TextField } from './fields';

export function EnvelopePanel() {
  const { form, errors } = useAppShallow((s) => ({ form: s.sendForm, errors: s.sendErrors }));
  const update = useApp((s) => s.updateSendForm);
  const derived = form.sourceKind === 'compose' ? 'From and To/Cc/Bcc' : form.sourceKind === 'stored' ? 'the captured envelope' : 'the file’s From and To/Cc';
  return (
    <fieldset className="send-section" aria-labelledby="send-envelope-legend">
      <legend id="send-envelope-legend">Envelope</legend>
      <label className="checkbox send-checkbox">
        <input type="checkbox" checked={form.overrideEnvelope} onChange={(e) => update({ overrideEnvelope: e.target.checked })} />
        <span>
          Override the envelope <span className="muted">(otherwise taken from {derived})</span>
        </span>
      </label>
      {form.overrideEnvelope ? (
        <>
          <TextField id="send-env-from" label="MAIL FROM" value={form.envelopeFrom} onChange={(envelopeFrom) => update({ envelopeFrom })} error={errors.envelopeFrom} placeholder="bounces@example.test (empty for <>)" mono />
          <TextField id="send-env-to" label="RCPT TO" value={form.envelopeTo} onChange={(envelopeTo) => update({ envelopeTo })} error={errors.envelopeTo} placeholder="user@example.test, …" mono />
        </>
      ) : null}
    </fieldset>
  );
}

export function DkimPanel() {
  const { form, errors } = useAppShallow((s) => ({ form: s.sendForm, errors: s.sendErrors }));
  const update = useApp((s) => s.updateSendForm);
  return (
    <fieldset className="send-section" aria-labelledby="send-dkim-legend">
      <legend id="send-dkim-legend">DKIM signing</legend>
      <label className="checkbox send-checkbox">
        <input type="checkbox" checked={form.dkimEnabled} onChange={(e) => update({ dkimEnabled: e.target.checked })} />
        Sign the message with DKIM before sending
      </label>
      {form.dkimEnabled ? (
        <>
          <div className="send-grid">
            <TextField id="send-dkim-domain" label="Domain (d=)" value={form.dkimDomain} onChange={(dkimDomain) => update({ dkimDomain })} error={errors.dkimDomain} placeholder="example.com" mono />
            <TextField id="send-dkim-selector" label="Selector (s=)" value={form.dkimSelector} onChange={(dkimSelector) => update({ dkimSelector })} error={errors.dkimSelector} placeholder="s2024" mono />
          </div>
          <Field id="send-dkim-key" label="Private key (PEM)" error={errors.dkimKey} hint="Used for this send only: never saved, never shown in a transcript.">
            {(a11y) => (
              <textarea
                {...a11y}
                className="input send-textarea mono send-secret-text"
                rows={4}
                spellCheck={false}
                autoComplete="off"
                placeholder={'-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----'}
                value={form.dkimKey}
                onChange={(e) => update({ dkimKey: e.target.value })}
              />
            )}
          </Field>
          <p className="send-hint muted">To test the signature end to end, send to this app’s capture server and open the result in Analyze.</p>
        </>
      ) : null}
    </fieldset>
  );
}
