/**
 * Send: pick a target and a message, press Send, and watch the SMTP
 * conversation happen — every step with its time, every reply explained —
 * then read the outcome. Three columns: the form, the send being watched
 * (outcome + live transcript), the history.
 *
 * Ctrl/⌘+Enter anywhere in the form sends; Esc anywhere on the screen
 * cancels the send being watched while it runs.
 */
import { useCallback, useEffect } from 'react';
import type { KeyboardEvent } from 'react';
import { useApp, useAppShallow, useAppStore } from '../../app/store-context';
import { Icon } from '../../components/icon';
import { TranscriptView } from '../../components/transcript-view';
import { DkimPanel, EnvelopePanel } from './envelope-dkim-panel';
import { SendHistory } from './send-history';
import { SendOutcome } from './send-outcome';
import { SourcePanel } from './source-panel';
import { TargetPanel } from './target-panel';
import './send.css';

/**
 * Send, and when the form is refused, take the keyboard to the first field
 * that needs attention (the errors may be far up a long form).
 */
function useSubmit(): () => Promise<void> {
  const store = useAppStore();
  return useCallback(async () => {
    await store.getState().startSend();
    if (Object.keys(store.getState().sendErrors).length === 0) return;
    requestAnimationFrame(() => {
      const first = document.querySelector<HTMLElement>('.send-form [aria-invalid="true"]');
      first?.focus();
      first?.scrollIntoView({ block: 'center' });
    });
  }, [store]);
}

function SendFooter() {
  const { errors, warnings, starting, startError } = useAppShallow((s) => ({
    errors: s.sendErrors,
    warnings: s.sendWarnings,
    starting: s.sendStarting,
    startError: s.sendStartError,
  }));
  const submit = useSubmit();
  const count = Object.values(errors).filter(Boolean).length;
  return (
    <div className="send-footer">
      {warnings.length > 0 ? (
        <ul className="send-warnings" aria-label="Warnings">
          {warnings.map((w) => (
            <li key={w}>
              <Icon name="alert" size={13} /> {w}
            </li>
          ))}
        </ul>
      ) : null}
      {count > 0 ? (
        <p className="send-error" role="alert">
          {count === 1 ? 'One field needs attention' : `${count} fields need attention`} before sending (marked above).
        </p>
      ) : null}
      {startError ? (
        <p className="send-error" role="alert">
          Not sent: {startError}
        </p>
      ) : null}
      <div className="send-row">
        {/* aria-disabled, not disabled: a disabled button drops the keyboard focus (Esc to cancel, Ctrl+Enter again). startSend ignores a second click. */}
        <button type="button" className="button button-primary send-button" onClick={() => void submit()} aria-disabled={starting || undefined} title="Send (Ctrl+Enter)">
          <Icon name="send" size={15} /> {starting ? 'Starting…' : 'Send'}
        </button>
        <span className="muted send-key-hint">
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
        </span>
      </div>
    </div>
  );
}

function Watched() {
  const shown = useApp((s) => s.shownSend);
  const cancel = useApp((s) => s.cancelShownSend);
  const exportTranscript = useApp((s) => s.exportSendTranscript);
  if (!shown) {
    return (
      <div className="send-watch-empty">
        <Icon name="send" size={28} />
        <h2>Send a test message and watch every step</h2>
        <p className="muted">
          DNS, TCP, the banner, EHLO, STARTTLS and the certificate, AUTH, MAIL, RCPT, DATA — each with its time, each reply explained with its likely fix. Pick a past send on
          the right to read its transcript again.
        </p>
      </div>
    );
  }
  const running = shown.summary?.status === 'running' || (!shown.summary && !shown.loading && !shown.error);
  return (
    <div className="send-watch-body">
      {shown.summary ? <SendOutcome send={shown.summary} onCancel={() => void cancel()} /> : null}
      {shown.error ? (
        <p className="send-error send-watch-error" role="alert">
          Could not load send #{shown.id}: {shown.error}
        </p>
      ) : null}
      <TranscriptView
        // A different send is a different transcript: start fresh (its top, or its end while live).
        key={shown.id}
        entries={shown.transcript}
        label={`Transcript of send #${shown.id}`}
        live={running}
        scroll
        title={shown.summary ? `Mailscope send #${shown.id} to ${shown.summary.targetLabel} — ${shown.summary.status}` : `Mailscope send #${shown.id}`}
        fileName={`send-${shown.id}-transcript.txt`}
        // A finished send exports the core's text (outcome, timings, envelope on top; secrets masked), like the banner's button.
        onExport={shown.summary && shown.summary.status !== 'running' ? () => void exportTranscript(shown.id) : undefined}
        emptyText={shown.loading ? 'Loading the transcript…' : 'Waiting for the first step…'}
      />
    </div>
  );
}

export function SendPage() {
  const loadProfiles = useApp((s) => s.loadSendProfiles);
  const loadHistory = useApp((s) => s.loadSendHistory);
  const submit = useSubmit();
  const cancel = useApp((s) => s.cancelShownSend);
  const running = useApp((s) => s.shownSend?.summary?.status === 'running');
  useEffect(() => {
    void loadProfiles();
    void loadHistory();
  }, [loadProfiles, loadHistory]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    }
  };
  return (
    <section
      className="send-page"
      aria-label="Send"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && running && !e.defaultPrevented) {
          e.preventDefault();
          void cancel();
        }
      }}
    >
      <form className="send-form" aria-label="Send settings" onKeyDown={onKeyDown} onSubmit={(e) => e.preventDefault()} noValidate>
        <div className="send-form-scroll">
          <TargetPanel />
          <SourcePanel />
          <EnvelopePanel />
          <DkimPanel />
        </div>
        <SendFooter />
      </form>
      <div className="send-watch">
        <Watched />
      </div>
      <SendHistory />
    </section>
  );
}
