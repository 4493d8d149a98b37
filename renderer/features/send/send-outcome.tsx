/**
 * The outcome of the send shown: a banner that says delivered / deferred /
 * rejected / failed before SMTP in words, the explanation that decided it
 * (open), the queue id, per-recipient results when they differ, timings, and
 * where to go next (export the transcript, find the message in the inbox or
 * the analyzer when it went to this app's own capture server).
 */
import type { SendStatus, SendSummary, SendTimings } from '../../../shared/model/send';
import { useApp } from '../../app/store-context';
import { formatBytes, formatFullTime } from '../../components/format';
import { Icon } from '../../components/icon';
import type { IconName } from '../../components/icon';
import { ReplyExplanationView } from '../../components/reply-explanation';

const HEADLINE: Record<SendStatus, { text: string; icon: IconName }> = {
  running: { text: 'Sending…', icon: 'send' },
  delivered: { text: 'Delivered', icon: 'check' },
  deferred: { text: 'Deferred (temporary failure)', icon: 'alert' },
  rejected: { text: 'Rejected', icon: 'alert' },
  failed: { text: 'Failed before SMTP finished', icon: 'alert' },
};

const SAYS: Record<SendStatus, string> = {
  running: 'The transcript below grows as the conversation happens.',
  delivered: 'The server accepted the message for every recipient (250 after DATA). Accepted is not yet in the inbox: it can still be filtered or bounced later.',
  deferred: 'The server answered with a temporary (4xx) failure. A real sender would queue the message and retry later.',
  rejected: 'The server refused for good (5xx). Sending it again unchanged will fail the same way.',
  failed: 'No final SMTP answer: DNS, the connection, TLS, a timeout or a cancel ended it first.',
};

const TIMING_LABEL: [keyof SendTimings, string][] = [
  ['dnsMs', 'DNS'],
  ['connectMs', 'connect'],
  ['tlsMs', 'TLS'],
  ['authMs', 'AUTH'],
  ['dataMs', 'DATA'],
  ['totalMs', 'total'],
];

/** True when the send went to this app's own capture server (so the message can be found here). */
function wentToCapture(send: SendSummary, capturePort: number | null): boolean {
  if (capturePort === null) return false;
  // The label names host:port ("127.0.0.1:2525 (plain)"); the host may be any name for this machine, so the port decides.
  return new RegExp(`:${capturePort}(?!\\d)`).test(send.targetLabel);
}

export function SendOutcome({ send, onCancel }: { send: SendSummary; onCancel(): void }) {
  const capturePort = useApp((s) => (s.status?.capture.running ? s.status.capture.port : null));
  const analyzeSent = useApp((s) => s.analyzeSentMessage);
  const showSent = useApp((s) => s.showSentMessage);
  const exportTranscript = useApp((s) => s.exportSendTranscript);
  const head = HEADLINE[send.status];
  const timings = TIMING_LABEL.filter(([key]) => send.timings[key] !== null);
  const mixed = send.recipients.length > 1 && send.recipients.some((r) => r.accepted) && send.recipients.some((r) => !r.accepted);
  const local = send.status === 'delivered' && wentToCapture(send, capturePort);
  return (
    <section className={`send-outcome send-outcome-${send.status}`} aria-label="Send result" data-testid="send-outcome" data-status={send.status}>
      <div className="send-outcome-head">
        <Icon name={head.icon} size={18} />
        <h2 role="status">{head.text}</h2>
        <span className="header-spacer" />
        {send.status === 'running' ? (
          <button type="button" className="button button-small" onClick={onCancel} title="Cancel the send (Esc)">
            <Icon name="stop" size={12} /> Cancel
          </button>
        ) : (
          <>
            {local ? (
              <>
                <button type="button" className="button button-small" onClick={() => void showSent(send)}>
                  <Icon name="inbox" size={14} /> Show in Inbox
                </button>
                <button type="button" className="button button-small" onClick={() => void analyzeSent(send)}>
                  <Icon name="analyze" size={14} /> Open in analyzer
                </button>
              </>
            ) : null}
            <button type="button" className="button button-small" onClick={() => void exportTranscript(send.id)} title="The transcript as the core stored it, secrets masked">
              <Icon name="download" size={14} /> Export transcript
            </button>
          </>
        )}
      </div>
      <p className="send-outcome-says">{SAYS[send.status]}</p>
      {send.explanation ? <ReplyExplanationView explanation={send.explanation} open={send.status !== 'delivered'} /> : null}
      <dl className="send-facts">
        <div>
          <dt>Target</dt>
          <dd className="mono">{send.targetLabel}</dd>
        </div>
        <div>
          <dt>Envelope</dt>
          <dd className="mono">
            &lt;{send.envelope.from}&gt; → {send.envelope.to.map((t) => `<${t}>`).join(', ') || '—'}
          </dd>
        </div>
        {send.queueId ? (
          <div>
            <dt>Queue id</dt>
            <dd className="mono" data-testid="queue-id">
              {send.queueId}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Message</dt>
          <dd>
            {send.subject ? <>“{send.subject}” · </> : null}
            {formatBytes(send.size)}
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatFullTime(send.startedAt)}</dd>
        </div>
        {timings.length > 0 ? (
          <div className="send-facts-wide">
            <dt>Timings</dt>
            <dd className="num">
              {timings.map(([key, label], i) => (
                <span key={key}>
                  {i > 0 ? ' · ' : ''}
                  {label} {Math.round(send.timings[key] ?? 0)} ms
                </span>
              ))}
            </dd>
          </div>
        ) : null}
      </dl>
      {mixed ? (
        <table className="send-recipients">
          <caption>Recipients</caption>
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Result</th>
              <th scope="col">Reply</th>
            </tr>
          </thead>
          <tbody>
            {send.recipients.map((r) => (
              <tr key={r.address}>
                <td className="mono">{r.address}</td>
                <td className={r.accepted ? 'send-accepted' : 'send-refused'}>{r.accepted ? 'accepted' : 'refused'}</td>
                <td className="mono">{r.reply}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
