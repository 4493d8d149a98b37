/**
 * The reading pane: header (addresses, envelope, derived facts) and the
 * per-message tool tabs. Heavy tabs (Raw, SMTP session) load on first show.
 */
import { useEffect, useRef } from 'react';
import type { MessageDetail } from '../../../shared/model/message';
import { useApp, useAppShallow } from '../../app/store-context';
import { Icon } from '../../components/icon';
import { Tabs } from '../../components/tabs';
import type { TabSpec } from '../../components/tabs';
import type { MessageTab } from '../../store/message-slice';
import { AttachmentsTab } from './attachments-tab';
import { HeadersTab } from './headers-tab';
import { MessageHeader } from './message-header';
import { MimeTreeTab } from './mime-tree-tab';
import { PreviewTab } from './preview-tab';
import { RawTab } from './raw-tab';
import { SessionTab } from './session-tab';
import { TextTab } from './text-tab';

/** The tab actually shown: Preview falls back to Text for messages without HTML, Session to Headers for imports. */
export function effectiveTab(tab: MessageTab, detail: MessageDetail): MessageTab {
  if (tab === 'preview' && detail.html === null) return 'text';
  if (tab === 'session' && detail.summary.sessionId === null) return 'headers';
  return tab;
}

function tabSpecs(detail: MessageDetail): TabSpec<MessageTab>[] {
  const count = (n: number) => (n > 0 ? <span className="tab-count">{n}</span> : null);
  return [
    { id: 'preview', label: 'Preview', disabled: detail.html === null, title: detail.html === null ? 'This message has no HTML body' : undefined },
    { id: 'text', label: 'Text' },
    { id: 'headers', label: <>Headers{count(detail.headers.length)}</> },
    { id: 'raw', label: 'Raw' },
    { id: 'attachments', label: <>Attachments{count(detail.attachments.length)}</> },
    { id: 'mime', label: 'MIME tree' },
    {
      id: 'session',
      label: 'SMTP session',
      disabled: detail.summary.sessionId === null,
      title: detail.summary.sessionId === null ? 'Imported messages have no SMTP session' : undefined,
    },
  ];
}

function NoMessage() {
  const total = useApp((s) => s.total);
  return (
    <div className="pane-empty">
      <Icon name="inbox" size={28} />
      <p>{total > 0 ? 'Select a message to read it.' : 'Nothing selected.'}</p>
      <dl className="key-hints">
        <dt>
          <kbd>↑</kbd> <kbd>↓</kbd>
        </dt>
        <dd>move</dd>
        <dt>
          <kbd>⇧</kbd>/<kbd>Ctrl</kbd> + click
        </dt>
        <dd>select several</dd>
        <dt>
          <kbd>Enter</kbd>
        </dt>
        <dd>open</dd>
        <dt>
          <kbd>Del</kbd>
        </dt>
        <dd>delete</dd>
        <dt>
          <kbd>/</kbd>
        </dt>
        <dd>search</dd>
      </dl>
    </div>
  );
}

export function MessageView() {
  const { openId, detail, tab, focusRequest } = useAppShallow((s) => ({ openId: s.openId, detail: s.detail, tab: s.tab, focusRequest: s.paneFocusRequest }));
  const setTab = useApp((s) => s.setTab);
  const openMessage = useApp((s) => s.openMessage);
  const loadRaw = useApp((s) => s.loadRaw);
  const loadSession = useApp((s) => s.loadSession);
  const panel = useRef<HTMLDivElement>(null);

  const shown = detail?.status === 'ready' ? effectiveTab(tab, detail.data) : tab;
  useEffect(() => {
    if (shown === 'raw') loadRaw();
    if (shown === 'session') loadSession();
  }, [shown, openId, loadRaw, loadSession, detail?.status]);

  useEffect(() => {
    if (focusRequest > 0) panel.current?.focus();
  }, [focusRequest]);

  if (openId === null || !detail) return <NoMessage />;
  if (detail.status === 'loading') {
    return (
      <div className="pane-loading" aria-busy="true">
        <span className="skeleton" style={{ width: '60%', height: 18 }} />
        <span className="skeleton" style={{ width: '40%' }} />
        <span className="skeleton" style={{ width: '45%' }} />
      </div>
    );
  }
  if (detail.status === 'error') {
    return (
      <div className="pane-error" role="alert">
        <Icon name="alert" /> Could not open the message: {detail.error}
        <button type="button" className="button button-small" onClick={() => openMessage(openId)}>
          Retry
        </button>
      </div>
    );
  }
  const data = detail.data;
  return (
    <article className="message-view" aria-label={data.summary.subject.slice(0, 200) || '(no subject)'}>
      {/* Keyed by message: what was opened in one header ("+N more") starts closed for the next. */}
      <MessageHeader key={data.summary.id} detail={data} />
      <Tabs label="Message views" idPrefix="msg" tabs={tabSpecs(data)} active={shown} onChange={setTab} />
      <div
        ref={panel}
        id="msg-panel"
        role="tabpanel"
        aria-labelledby={`msg-tab-${shown}`}
        tabIndex={-1}
        className={`tab-panel tab-panel-${shown}`}
        data-testid={`panel-${shown}`}
      >
        {shown === 'preview' ? <PreviewTab detail={data} /> : null}
        {shown === 'text' ? <TextTab detail={data} /> : null}
        {shown === 'headers' ? <HeadersTab detail={data} /> : null}
        {shown === 'raw' ? <RawTab /> : null}
        {shown === 'attachments' ? <AttachmentsTab detail={data} /> : null}
        {shown === 'mime' ? <MimeTreeTab root={data.mime} /> : null}
        {shown === 'session' ? <SessionTab /> : null}
      </div>
    </article>
  );
}
