/**
 * The SMTP conversation that delivered the message: who connected, TLS and
 * AUTH details, then the transcript (components/transcript-view.tsx: every
 * command and reply with its time, each reply explained on the fly — captured
 * sessions store no explanations).
 */
import { useApp } from '../../app/store-context';
import { formatFullTime } from '../../components/format';
import { Icon } from '../../components/icon';
import { TranscriptView } from '../../components/transcript-view';
import type { ReplyExplainer } from '../../components/transcript-text';
import { explainReplyText } from '../../../shared/smtp/index';

/** Captured sessions store no explanations: each reply is explained here, as the answer to the command before it. */
const explain: ReplyExplainer = (reply, stage) => explainReplyText(reply, stage ? { stage } : {});

export function SessionTab() {
  const session = useApp((s) => s.session);
  if (!session || session.status === 'loading') return <div className="tab-empty">Loading the SMTP session…</div>;
  if (session.status === 'error') return <div className="tab-empty tab-error" role="alert">Could not load the SMTP session: {session.error}</div>;
  const s = session.data;
  const duration = s.endedAt !== null ? `${((s.endedAt - s.startedAt) / 1000).toFixed(3)} s` : 'still open';
  return (
    <div className="session-tab">
      <dl className="session-facts">
        <div>
          <dt>Client</dt>
          <dd className="mono">
            {s.clientAddress}:{s.clientPort}
            {s.clientHostname ? ` (${s.clientHostname})` : ''}
          </dd>
        </div>
        <div>
          <dt>HELO/EHLO</dt>
          <dd className="mono">{s.helo || '—'}</dd>
        </div>
        <div>
          <dt>TLS</dt>
          <dd>
            {s.tls ? (
              <>
                <Icon name="lock" size={13} /> {s.tls.protocol} · <span className="mono">{s.tls.cipher}</span> · {s.tls.implicit ? 'implicit TLS' : 'STARTTLS'}
              </>
            ) : (
              'none (plain text)'
            )}
          </dd>
        </div>
        <div>
          <dt>AUTH</dt>
          <dd>{s.authUser ? <span className="mono">{s.authUser} ({s.authMethod || 'unknown method'})</span> : 'none'}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>
            {formatFullTime(s.startedAt)} · {duration}
          </dd>
        </div>
        <div>
          <dt>Messages</dt>
          <dd>{s.messageIds.length}</dd>
        </div>
      </dl>
      <TranscriptView entries={s.transcript} explain={explain} label="SMTP transcript" title={`SMTP session #${s.id} from ${s.clientAddress}:${s.clientPort}`} fileName={`session-${s.id}.txt`} />
    </div>
  );
}
