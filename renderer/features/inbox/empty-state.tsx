/**
 * What a newcomer sees before any mail arrived: where to point their app
 * (the real address, not a guess), snippets to copy, and the other ways in.
 */
import { useApp } from '../../app/store-context';
import { CopyButton } from '../../components/copy-button';
import { Icon } from '../../components/icon';

function snippets(host: string, port: number): { id: string; label: string; code: string }[] {
  const server = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return [
    { id: 'swaks', label: 'swaks', code: `swaks --server ${server} --to qa@example.com --from app@example.com --header "Subject: Hello Mailscope"` },
    {
      id: 'nodemailer',
      label: 'Node.js (nodemailer)',
      code: `const transport = nodemailer.createTransport({ host: '${host}', port: ${port}, secure: false });\nawait transport.sendMail({ from: 'app@example.com', to: 'qa@example.com', subject: 'Hello Mailscope', text: 'It works.' });`,
    },
    { id: 'env', label: 'App settings', code: `SMTP_HOST=${host}\nSMTP_PORT=${port}\nSMTP_SECURE=false   # STARTTLS is offered; any user/password is accepted` },
  ];
}

export function EmptyState() {
  const capture = useApp((s) => s.status?.capture ?? null);
  const start = useApp((s) => s.startCapture);
  const host = capture?.host && capture.host !== '0.0.0.0' && capture.host !== '::' ? capture.host : '127.0.0.1';
  const port = capture?.port ?? 2525;
  return (
    <div className="empty-state" data-testid="empty-state">
      <div className="empty-card">
        <div className="empty-icon" aria-hidden="true">
          <Icon name="inbox" size={30} />
        </div>
        <h2>No messages yet</h2>
        {capture?.running ? (
          <p className="empty-lead">
            Point your app at <strong className="mono address-pill">{`${host.includes(':') ? `[${host}]` : host}:${port}`}</strong> — every message it sends
            appears here within a second.
          </p>
        ) : (
          <p className="empty-lead">
            The capture server is stopped{capture?.error ? ` (${capture.error})` : ''}.{' '}
            <button type="button" className="button button-primary button-small" onClick={() => void start()}>
              <Icon name="play" size={12} /> Start capturing
            </button>
          </p>
        )}
        <div className="snippets">
          {snippets(host, port).map((s) => (
            <figure key={s.id} className="snippet-block">
              <figcaption>
                <span>{s.label}</span>
                <CopyButton text={s.code} />
              </figcaption>
              <pre className="mono">{s.code}</pre>
            </figure>
          ))}
        </div>
        <p className="empty-foot muted">
          Or drop <span className="mono">.eml</span> and <span className="mono">mbox</span> files anywhere on this window to import them.
        </p>
      </div>
    </div>
  );
}
