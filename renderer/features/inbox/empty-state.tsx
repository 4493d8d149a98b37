/**
 * What a newcomer sees before any mail arrived: where to point their app
 * (the real address, not a guess), snippets to copy, and the other ways in.
 */
import { useState } from 'react';
import { useApp } from '../../app/store-context';
import { CopyButton } from '../../components/copy-button';
import { Icon } from '../../components/icon';

function snippets(host: string, port: number): { id: string; label: string; code: string }[] {
  const server = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return [
    { id: 'swaks', label: 'swaks', code: `swaks --server ${server} \\\n  --from app@example.com --to qa@example.com \\\n  --header "Subject: Hello Mailscope"` },
    {
      id: 'nodemailer',
      label: 'Node.js (nodemailer)',
      code: [
        `const transport = nodemailer.createTransport({`,
        `  host: '${host}',`,
        `  port: ${port},`,
        `  secure: false, // STARTTLS is offered`,
        `});`,
        `await transport.sendMail({`,
        `  from: 'app@example.com',`,
        `  to: 'qa@example.com',`,
        `  subject: 'Hello Mailscope',`,
        `  text: 'It works.',`,
        `});`,
      ].join('\n'),
    },
    { id: 'env', label: 'Environment', code: `SMTP_HOST=${host}\nSMTP_PORT=${port}\nSMTP_SECURE=false` },
  ];
}

export function EmptyState() {
  const capture = useApp((s) => s.status?.capture ?? null);
  const start = useApp((s) => s.startCapture);
  const host = capture?.host && capture.host !== '0.0.0.0' && capture.host !== '::' ? capture.host : '127.0.0.1';
  const port = capture?.port ?? 2525;
  const [example, setExample] = useState('swaks');
  const examples = snippets(host, port);
  const shown = examples.find((e) => e.id === example) ?? (examples[0] as (typeof examples)[number]);
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
        <figure className="snippet-block">
          <figcaption>
            <div className="segmented" role="radiogroup" aria-label="Example">
              {examples.map((e) => (
                <button key={e.id} type="button" role="radio" aria-checked={e.id === shown.id} className={e.id === shown.id ? 'segment segment-on' : 'segment'} onClick={() => setExample(e.id)}>
                  {e.label}
                </button>
              ))}
            </div>
            <CopyButton text={shown.code} />
          </figcaption>
          <pre className="mono" data-testid="empty-snippet">
            {shown.code}
          </pre>
        </figure>
        <p className="empty-foot muted">
          Or drop <span className="mono">.eml</span> and <span className="mono">mbox</span> files anywhere on this window to import them.
        </p>
      </div>
    </div>
  );
}
