/**
 * Who, what and when, plus the facts the raw bytes do not state: the SMTP
 * envelope, Bcc recipients derived from it, missing fields, parse problems.
 */
import { useState, type ReactNode } from 'react';
import type { Address, EsmtpParams, MessageDetail } from '../../../shared/model/message';
import { useApp } from '../../app/store-context';
import { formatAddress, formatBytes, formatFullTime } from '../../components/format';
import { Icon } from '../../components/icon';
import { AnalyzeButton } from '../analyze/analyze-button';

/** Addresses shown before "+N more": a message to 3 000 people must not push the tabs off the screen. */
const ADDRESSES_SHOWN = 12;
/** Characters of a subject in its tooltip (the heading shows three lines; the Headers tab has all of it). */
const SUBJECT_TITLE_MAX = 1000;

function AddressList({ list }: { list: Address[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? list : list.slice(0, ADDRESSES_SHOWN);
  const hidden = list.length - shown.length;
  return (
    <>
      {shown.map((a, i) => (
        <span key={`${a.address}-${i}`} className="address" title={a.address}>
          {a.name ? (
            <>
              {a.name} <span className="muted">&lt;{a.address}&gt;</span>
            </>
          ) : (
            formatAddress(a)
          )}
          {i < list.length - 1 ? ', ' : ''}
        </span>
      ))}
      {hidden > 0 ? (
        <button type="button" className="link-button" onClick={() => setAll(true)}>
          +{hidden.toLocaleString()} more
        </button>
      ) : null}
    </>
  );
}

/** Facts true of every captured message: shown with the envelope, not as alerts. */
const ROUTINE_FACTS = new Set(['return-path', 'received']);
/** Facts that are information rather than a problem. */
const INFO_FACTS = new Set(['bcc', 'envelope-sender-domain']);

function params(p: EsmtpParams): string {
  const parts = Object.entries(p).map(([k, v]) => (v === true ? k : `${k}=${v}`));
  return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}

export function MessageHeader({ detail }: { detail: MessageDetail }) {
  const { summary, envelope } = detail;
  const downloadEml = useApp((s) => s.downloadEml);
  const deleteSelected = useApp((s) => s.deleteSelected);
  const analyzeMessage = useApp((s) => s.analyzeMessage);
  const replayMessage = useApp((s) => s.replayMessage);
  const routine = detail.derived.filter((f) => ROUTINE_FACTS.has(f.kind));
  const notable = detail.derived.filter((f) => !ROUTINE_FACTS.has(f.kind));
  const rows: [string, ReactNode][] = [];
  if (summary.from.length > 0) rows.push(['From', <AddressList key="from" list={summary.from} />]);
  if (summary.to.length > 0) rows.push(['To', <AddressList key="to" list={summary.to} />]);
  if (summary.cc.length > 0) rows.push(['Cc', <AddressList key="cc" list={summary.cc} />]);
  rows.push(['Date', summary.date !== null ? formatFullTime(summary.date) : <span className="muted">no Date header</span>]);

  return (
    <header className="message-header">
      <div className="message-title-row">
        <h2 className="message-subject" title={summary.subject.length > 120 ? summary.subject.slice(0, SUBJECT_TITLE_MAX) : undefined}>
          {summary.subject || <span className="muted">(no subject)</span>}
        </h2>
        <div className="message-actions">
          <AnalyzeButton messageId={summary.id} onAnalyze={analyzeMessage} />
          <button
            type="button"
            className="button button-small"
            title="Send this message (its exact bytes, or an edited copy) to a server and watch the SMTP conversation"
            onClick={() => replayMessage(summary.id, summary.subject || '(no subject)', envelope ? { from: envelope.mailFrom, to: envelope.rcptTo.map((r) => r.address) } : null)}
          >
            <Icon name="send" size={14} /> Send / Replay…
          </button>
          <button type="button" className="button button-small" onClick={() => void downloadEml()} title="Save the exact bytes as .eml">
            <Icon name="download" size={14} /> .eml
          </button>
          <button type="button" className="button button-small" onClick={() => void deleteSelected()} title="Delete (Del)">
            <Icon name="trash" size={14} /> Delete
          </button>
        </div>
      </div>
      <dl className="message-fields">
        {rows.map(([label, value]) => (
          <div key={label} className="field-row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <div className="message-meta">
        <span title="When Mailscope committed it">Received {formatFullTime(summary.receivedAt)}</span>
        <span>{formatBytes(summary.size)}</span>
        <span>{summary.source === 'smtp' ? 'via SMTP' : 'imported'}</span>
        {summary.messageId ? (
          <span className="mono muted message-id" title="Message-ID">
            {summary.messageId}
          </span>
        ) : null}
      </div>
      {envelope ? (
        <details className="envelope">
          <summary>
            Envelope: <span className="mono">{envelope.mailFrom || '<>'}</span> → {envelope.rcptTo.length} recipient{envelope.rcptTo.length === 1 ? '' : 's'}
          </summary>
          <dl className="message-fields mono">
            <div className="field-row">
              <dt>MAIL FROM</dt>
              <dd>
                &lt;{envelope.mailFrom}&gt;{params(envelope.mailFromParams)}
              </dd>
            </div>
            {envelope.rcptTo.map((r, i) => (
              <div className="field-row" key={`${r.address}-${i}`}>
                <dt>RCPT TO</dt>
                <dd>
                  &lt;{r.address}&gt;{params(r.params)}
                </dd>
              </div>
            ))}
          </dl>
          {routine.length > 0 ? (
            <ul className="routine-facts">
              {routine.map((fact, i) => (
                <li key={`${fact.kind}-${i}`}>{fact.text}</li>
              ))}
            </ul>
          ) : null}
        </details>
      ) : null}
      {notable.length > 0 ? (
        <ul className="derived-facts" aria-label="Derived facts">
          {notable.map((fact, i) => (
            <li key={`${fact.kind}-${i}`} className={INFO_FACTS.has(fact.kind) ? 'fact fact-info' : 'fact fact-warn'} data-kind={fact.kind}>
              <Icon name={INFO_FACTS.has(fact.kind) ? 'info' : 'alert'} size={14} /> {fact.text}
            </li>
          ))}
        </ul>
      ) : null}
      {detail.parseWarnings.length > 0 ? (
        <ul className="parse-warnings" aria-label="Parse warnings">
          {detail.parseWarnings.map((w) => (
            <li key={w}>
              <Icon name="alert" size={14} /> {w}
            </li>
          ))}
        </ul>
      ) : null}
    </header>
  );
}
