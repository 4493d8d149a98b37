/**
 * The latest capture sessions, in the Faults panel: a message a rule refused
 * is never stored, so it has no place in the inbox — here its conversation
 * can still be read, with the "fault rule #N applied" line and the reply it
 * caused, each reply explained as in the message view. Refreshed when the
 * panel opens and whenever a rule is hit.
 */
import { useEffect } from 'react';
import { explainReplyText } from '../../../shared/smtp/index';
import { useApp } from '../../app/store-context';
import { formatFullTime } from '../../components/format';
import { TranscriptView } from '../../components/transcript-view';
import type { ReplyExplainer } from '../../components/transcript-text';

const explain: ReplyExplainer = (reply, stage) => explainReplyText(reply, stage ? { stage } : {});

export function RecentSessions() {
  const sessions = useApp((s) => s.faultSessions);
  const open = useApp((s) => s.faultSession);
  const load = useApp((s) => s.loadFaultSessions);
  const openSession = useApp((s) => s.openFaultSession);
  // A hit means a session just ran into a rule: list it.
  const hits = useApp((s) => (s.faults ? s.faults.rules.reduce((n, r) => n + r.hits, s.faults.rateLimit.hits ?? 0) : 0));
  useEffect(() => {
    void load();
  }, [load, hits]);
  useEffect(() => () => void openSession(null), [openSession]);

  if (sessions.length === 0) return <p className="muted">No SMTP sessions yet.</p>;
  return (
    <div className="fault-sessions">
      <ul aria-label="Recent SMTP sessions">
        {sessions.map((s) => {
          const shown = open?.id === s.id;
          return (
            <li key={s.id}>
              <button type="button" className="fault-session" aria-expanded={shown} onClick={() => void openSession(shown ? null : s.id)}>
                <span className="mono">#{s.id}</span>
                <span>{formatFullTime(s.startedAt)}</span>
                <span className="mono">{s.clientAddress}</span>
                <span className={s.messageIds.length === 0 ? 'fault-session-none' : 'muted'}>
                  {s.endedAt === null ? 'still open' : s.messageIds.length === 0 ? 'nothing stored' : `${s.messageIds.length} stored`}
                </span>
              </button>
              {shown && open ? (
                <TranscriptView entries={open.transcript} explain={explain} label={`SMTP transcript of session ${s.id}`} title={`SMTP session #${s.id} from ${s.clientAddress}:${s.clientPort}`} fileName={`session-${s.id}.txt`} />
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
