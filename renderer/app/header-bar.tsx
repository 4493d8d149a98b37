/**
 * Where capture listens and whether it is up (with start/stop), how many
 * messages are stored, whether the live connection is up, the theme toggle
 * and the settings. Everything a QA engineer glances at.
 */
import { Icon } from '../components/icon';
import { retentionHint } from '../components/format';
import { FaultsBadge } from '../features/faults/faults-badge';
import type { IconName } from '../components/icon';
import { useApp, useAppShallow } from './store-context';
import type { ThemeChoice, ToolId } from '../store/ui-slice';
import type { ConnectionState } from '../api/events';

const THEME_NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
const THEME_ICON: Record<ThemeChoice, IconName> = { system: 'monitor', light: 'sun', dark: 'moon' };
const THEME_LABEL: Record<ThemeChoice, string> = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };

const TOOL_TITLE: Record<ToolId, string> = { inbox: 'Inbox', analyze: 'Analyze', send: 'Send', probe: 'Probe' };

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  unauthorized: 'Access token refused',
  closed: 'Disconnected',
};

function CaptureStatusView() {
  const { capture, busy, statusError } = useAppShallow((s) => ({ capture: s.status?.capture ?? null, busy: s.captureBusy, statusError: s.statusError }));
  const start = useApp((s) => s.startCapture);
  const stop = useApp((s) => s.stopCapture);
  if (!capture) {
    return <div className="capture-status capture-unknown">{statusError ? `Status unavailable: ${statusError}` : 'Loading status…'}</div>;
  }
  const address = `${capture.host.includes(':') ? `[${capture.host}]` : capture.host}:${capture.port}`;
  return (
    <div className="capture-status" data-testid="capture-status">
      <span className={capture.running ? 'status-dot status-up' : 'status-dot status-down'} aria-hidden="true" />
      <span className="capture-text">
        {capture.running ? (
          <>
            SMTP listening on <strong className="mono">{address}</strong>
            {capture.tlsPort ? <span className="muted"> · TLS :{capture.tlsPort}</span> : null}
          </>
        ) : (
          <>Capture stopped{capture.error ? <span className="capture-error"> — {capture.error}</span> : null}</>
        )}
      </span>
      {capture.running ? (
        <button type="button" className="button button-small" disabled={busy} onClick={() => void stop()}>
          <Icon name="stop" size={12} /> Stop
        </button>
      ) : (
        <button type="button" className="button button-small button-primary" disabled={busy} onClick={() => void start()}>
          <Icon name="play" size={12} /> Start
        </button>
      )}
    </div>
  );
}

export function HeaderBar() {
  const { count, unread, maxMessages, connection, theme } = useAppShallow((s) => ({
    count: s.status?.messageCount ?? null,
    unread: s.status?.unreadCount ?? 0,
    maxMessages: s.status?.maxMessages ?? 0,
    connection: s.connection,
    theme: s.theme,
  }));
  const tool = useApp((s) => s.tool);
  const setTheme = useApp((s) => s.setTheme);
  const openDialog = useApp((s) => s.openDialog);
  const loadSettings = useApp((s) => s.loadSettings);
  const hint = count !== null ? retentionHint(count, maxMessages) : null;
  return (
    <header className="header-bar">
      <h1 className="header-title">{TOOL_TITLE[tool]}</h1>
      <CaptureStatusView />
      <FaultsBadge />
      <div className="header-spacer" />
      {count !== null ? (
        <span className="header-count" data-testid="message-count">
          {count.toLocaleString()} {count === 1 ? 'message' : 'messages'}
          {unread > 0 ? <span className="muted"> · {unread.toLocaleString()} unread</span> : null}
          {hint ? (
            <span className="muted" data-testid="retention-hint" title={hint.title}>
              {' '}
              · {hint.text}
            </span>
          ) : null}
        </span>
      ) : null}
      <span className={`connection connection-${connection}`} role="status" title="Live updates from the Mailscope host">
        <span className="status-dot" aria-hidden="true" />
        {CONNECTION_TEXT[connection]}
      </span>
      <button type="button" className="icon-button" aria-label={`${THEME_LABEL[theme]} (click to change)`} title={THEME_LABEL[theme]} onClick={() => setTheme(THEME_NEXT[theme])}>
        <Icon name={THEME_ICON[theme]} />
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Capture settings"
        title="Capture settings"
        onClick={() => {
          void loadSettings();
          openDialog('settings');
        }}
      >
        <Icon name="settings" />
      </button>
    </header>
  );
}
