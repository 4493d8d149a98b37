/**
 * The input side: a paste box that also takes a dropped .eml or text file,
 * a file picker, and the live-check options (DNS server, "as of" time).
 */
import { useRef, useState } from 'react';
import type { DragEvent } from 'react';
import { Icon } from '../../components/icon';
import type { AnalysisState } from './use-analysis';

const MAX_FILE = 25 * 1024 * 1024;

export function InputPanel({ state, onNewInput }: { state: AnalysisState; onNewInput(): void }) {
  const fileRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);

  const load = async (file: File) => {
    setFileError(null);
    if (file.size > MAX_FILE) {
      setFileError(`${file.name} is larger than 25 MB; import it into the inbox instead.`);
      return;
    }
    const text = await file.text();
    state.setText(text);
    state.setSource(file.name);
    state.setBoundary(undefined);
    onNewInput();
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    // Keep the window-wide import drop zone from taking this file too.
    event.stopPropagation();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void load(file);
    else {
      const text = event.dataTransfer.getData('text/plain');
      if (text) {
        state.setText(text);
        onNewInput();
      }
    }
  };

  return (
    <div className="analyze-input">
      <div className="analyze-input-head">
        <label htmlFor="analyze-text" className="analyze-input-label">
          Headers or message
        </label>
        {state.source ? <span className="muted analyze-source" title={state.source}>{state.source}</span> : null}
        <span className="header-spacer" />
        <button type="button" className="button button-small" onClick={() => fileRef.current?.click()}>
          <Icon name="file" size={14} /> Open .eml
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={state.text === ''}
          onClick={() => {
            state.setText('');
            state.setSource(null);
            state.setBoundary(undefined);
          }}
        >
          <Icon name="clear" size={14} /> Clear
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".eml,.txt,message/rfc822,text/plain"
          hidden
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void load(f);
            e.target.value = '';
          }}
        />
      </div>
      <textarea
        id="analyze-text"
        className={dragging ? 'analyze-textarea analyze-textarea-drag' : 'analyze-textarea'}
        spellCheck={false}
        placeholder={'Paste headers here, or drop an .eml file.\n\nReceived: from mail.example.net (mail.example.net [192.0.2.10])\n        by mx.example.com …'}
        value={state.text}
        onChange={(e) => {
          state.setText(e.target.value);
          if (state.source && !state.source.startsWith('edited')) state.setSource(`edited ${state.source}`);
        }}
        onPaste={() => {
          state.setBoundary(undefined);
          onNewInput();
        }}
        onDragOver={(e) => {
          e.preventDefault();
          e.stopPropagation();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      />
      {fileError ? <p className="analyze-error" role="alert">{fileError}</p> : null}
      {state.loading ? <p className="muted" role="status">{state.loading}</p> : null}
      <div className="analyze-input-foot muted">
        {state.report.input.kind !== 'empty' ? (
          <span className="num">
            {state.report.input.headerCount} header fields · {state.report.input.lines} lines ·{' '}
            {state.report.input.kind === 'message' ? 'body present (DKIM body hashes can be checked)' : 'headers only'}
          </span>
        ) : (
          <span>Offline analysis runs here as you type.</span>
        )}
      </div>
    </div>
  );
}
