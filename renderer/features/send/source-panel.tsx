/**
 * What to send: a message composed here (addresses, subject, text, HTML,
 * attachments, custom headers), a stored message replayed as its exact bytes
 * or as an edited copy, or an .eml file. Files dropped here stay here: the
 * window-wide import drop zone does not also take them.
 */
import { useEffect, useRef, useState } from 'react';
import type { DragEvent, ReactNode } from 'react';
import { useApp, useAppShallow } from '../../app/store-context';
import { formatBytes } from '../../components/format';
import { Icon } from '../../components/icon';
import { Segmented, TextField } from './fields';
import { HeaderRows } from './header-rows';
import { base64Size, readAttachments, readEml } from './send-files';
import type { SourceKind } from './send-form';

function DropArea({ onFiles, children, label }: { onFiles(files: File[]): void; children: ReactNode; label: string }) {
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
    setOver(false);
    const files = [...e.dataTransfer.files];
    if (files.length > 0) onFiles(files);
  };
  return (
    <div
      className={over ? 'send-drop send-drop-over' : 'send-drop'}
      aria-label={label}
      onDragOver={(e) => {
        e.preventDefault();
        e.stopPropagation();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      {children}
    </div>
  );
}

function Compose() {
  const { form, errors } = useAppShallow((s) => ({ form: s.sendForm, errors: s.sendErrors }));
  const update = useApp((s) => s.updateSendForm);
  const fileRef = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [showHtml, setShowHtml] = useState(form.html !== '');
  const addFiles = async (files: File[]) => {
    const { attachments, error } = await readAttachments(files, form.attachments);
    setFileError(error);
    if (attachments.length > 0) update({ attachments: [...form.attachments, ...attachments] });
  };
  return (
    <>
      <TextField id="send-from" label="From" value={form.from} onChange={(from) => update({ from })} error={errors.from} placeholder="App <app@staging.example.test>" mono />
      <TextField id="send-to" label="To" value={form.to} onChange={(to) => update({ to })} error={errors.to ?? errors.recipients} placeholder="user@example.test, other@example.test" mono />
      <div className="send-grid">
        <TextField id="send-cc" label="Cc" value={form.cc} onChange={(cc) => update({ cc })} error={errors.cc} mono />
        <TextField id="send-bcc" label="Bcc" value={form.bcc} onChange={(bcc) => update({ bcc })} error={errors.bcc} hint="Envelope only: no header shows it." mono />
      </div>
      <TextField id="send-subject" label="Subject" value={form.subject} onChange={(subject) => update({ subject })} />
      <div className="send-field">
        <label htmlFor="send-text">Text</label>
        <textarea id="send-text" className="input send-textarea" rows={5} value={form.text} onChange={(e) => update({ text: e.target.value })} />
      </div>
      {showHtml ? (
        <div className="send-field">
          <label htmlFor="send-html">HTML</label>
          <textarea id="send-html" className="input send-textarea mono" rows={5} spellCheck={false} value={form.html} placeholder="<p>Hello</p>" onChange={(e) => update({ html: e.target.value })} />
        </div>
      ) : (
        <button type="button" className="link-button send-add" onClick={() => setShowHtml(true)}>
          + HTML part
        </button>
      )}
      <DropArea label="Attachments: drop files here" onFiles={(files) => void addFiles(files)}>
        <div className="send-row">
          <span className="send-inline-label">Attachments</span>
          <button type="button" className="button button-small" onClick={() => fileRef.current?.click()}>
            <Icon name="clip" size={14} /> Add files…
          </button>
          <span className="muted send-drop-hint">or drop them here</span>
          <input
            ref={fileRef}
            type="file"
            multiple
            hidden
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              if (files.length > 0) void addFiles(files);
            }}
          />
        </div>
        {form.attachments.length > 0 ? (
          <ul className="send-attachments">
            {form.attachments.map((a, i) => (
              <li key={`${a.filename}-${i}`}>
                <Icon name="file" size={14} /> <span className="send-attachment-name">{a.filename}</span>
                <span className="muted num">
                  {a.contentType} · {formatBytes(base64Size(a.contentBase64))}
                </span>
                <button type="button" className="icon-button" aria-label={`Remove ${a.filename}`} onClick={() => update({ attachments: form.attachments.filter((_, j) => j !== i) })}>
                  <Icon name="close" size={13} />
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {fileError ? (
          <p className="send-error" role="alert">
            {fileError}
          </p>
        ) : null}
      </DropArea>
      <HeaderRows
        title="Custom headers"
        rows={form.headers.map((h) => ({ op: 'add' as const, ...h }))}
        withOp={false}
        errors={errors}
        errorKey="header"
        onChange={(rows) => update({ headers: rows.map(({ name, value }) => ({ name, value })) })}
      />
    </>
  );
}

function Stored() {
  const { form, errors } = useAppShallow((s) => ({ form: s.sendForm, errors: s.sendErrors }));
  const update = useApp((s) => s.updateSendForm);
  const setTool = useApp((s) => s.setTool);
  if (form.storedId === null) {
    return (
      <div className="send-empty-source">
        <p>No message picked yet.</p>
        <p className="muted">
          Open a message in the Inbox and choose <b>Send / Replay…</b> in its header.
        </p>
        <button type="button" className="button button-small" onClick={() => setTool('inbox')}>
          <Icon name="inbox" size={14} /> Go to the Inbox
        </button>
        {errors.storedId ? <p className="send-error">{errors.storedId}</p> : null}
      </div>
    );
  }
  return (
    <>
      <p className="send-source-picked">
        <Icon name="file" size={14} /> <b>{form.storedLabel || `Message #${form.storedId}`}</b> <span className="muted">#{form.storedId}</span>
      </p>
      <Segmented
        label="Replay as"
        value={form.replayMode}
        options={[
          ['raw', 'Exact bytes'],
          ['edited', 'Copy with edited headers'],
        ]}
        onChange={(replayMode) => update({ replayMode })}
      />
      <p className="send-hint muted">
        {form.replayMode === 'raw'
          ? 'The stored bytes go out unchanged — headers, body, any DKIM signature. The envelope is the captured one unless you override it below.'
          : 'A copy with the header changes below (a DKIM signature over changed headers will no longer verify).'}
      </p>
      {form.replayMode === 'edited' ? (
        <HeaderRows title="Header edits" rows={form.headerEdits} withOp errors={errors} errorKey="edit" onChange={(headerEdits) => update({ headerEdits })} />
      ) : null}
    </>
  );
}

function Eml() {
  const { eml, error: formError } = useAppShallow((s) => ({ eml: s.sendForm.eml, error: s.sendErrors.eml }));
  const update = useApp((s) => s.updateSendForm);
  const fileRef = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async (file: File) => {
    const result = await readEml(file);
    setError(result.error);
    if (result.eml) update({ eml: result.eml });
  };
  return (
    <DropArea label="Drop an .eml file here" onFiles={(files) => files[0] && void load(files[0])}>
      <div className="send-row">
        <button type="button" className="button button-small" onClick={() => fileRef.current?.click()}>
          <Icon name="file" size={14} /> Choose .eml…
        </button>
        <span className="muted send-drop-hint">or drop it here</span>
        <input
          ref={fileRef}
          type="file"
          accept=".eml,message/rfc822"
          hidden
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void load(f);
          }}
        />
      </div>
      {eml ? (
        <p className="send-source-picked">
          <Icon name="file" size={14} /> <b>{eml.name}</b> <span className="muted num">{formatBytes(eml.size)} — sent unchanged</span>
        </p>
      ) : null}
      {error || formError ? (
        <p className="send-error" role="alert">
          {error ?? formError}
        </p>
      ) : null}
    </DropArea>
  );
}

export function SourcePanel() {
  const kind = useApp((s) => s.sendForm.sourceKind);
  const request = useApp((s) => s.sendSourceRequest);
  const update = useApp((s) => s.updateSendForm);
  const ref = useRef<HTMLFieldSetElement>(null);
  // A message handed over from the inbox: bring its section into view.
  useEffect(() => {
    if (request > 0) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [request]);
  return (
    <fieldset ref={ref} className="send-section" aria-labelledby="send-source-legend">
      <legend id="send-source-legend">Message</legend>
      <Segmented<SourceKind>
        label="Message source"
        value={kind}
        options={[
          ['compose', 'Compose'],
          ['stored', 'Stored message'],
          ['eml', '.eml file'],
        ]}
        onChange={(sourceKind) => update({ sourceKind })}
      />
      <div className="send-source-body">
        {kind === 'compose' ? <Compose /> : null}
        {kind === 'stored' ? <Stored /> : null}
        {kind === 'eml' ? <Eml /> : null}
      </div>
    </fieldset>
  );
}
