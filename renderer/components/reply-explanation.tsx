/**
 * What one SMTP reply (or connection failure) means and how to fix it, shown
 * under the reply in every transcript and as the deciding reason of a send.
 * A native <details>: keyboard and screen readers get the disclosure for
 * free. Success replies start closed (one quiet line), refusals and failures
 * start open — that is what the user came to read.
 */
import type { ReplyExplanation } from '../../shared/model/smtp-reply';
import { explanationHeadline, explanationStartsOpen } from './transcript-text';

const CATEGORY_LABEL: Record<ReplyExplanation['category'], string> = {
  success: 'OK',
  intermediate: 'continue',
  transient: 'temporary',
  permanent: 'permanent',
  connection: 'connection',
};

/** A reference as a link when it is a web address (opens outside the app), plain text otherwise. */
function Reference({ text }: { text: string }) {
  if (/^https?:\/\//i.test(text)) {
    return (
      <a href={text} target="_blank" rel="noopener noreferrer">
        {text}
      </a>
    );
  }
  return <>{text}</>;
}

export function ReplyExplanationView({ explanation, open, compact, repeated }: { explanation: ReplyExplanation; open?: boolean; compact?: boolean; repeated?: boolean }) {
  const e = explanation;
  // The provider's fix is usually the sharper one; the general fix is shown only when it adds something.
  const fix = e.fix && e.fix !== e.provider?.fix ? e.fix : null;
  return (
    <details className={`explanation explanation-${e.category}${compact ? ' explanation-compact' : ''}${repeated ? ' explanation-repeated' : ''}`} open={open ?? (!repeated && explanationStartsOpen(e))} data-testid="explanation">
      <summary>
        <span className={`explanation-badge explanation-badge-${e.category}`}>{CATEGORY_LABEL[e.category]}</span>
        <span className="explanation-title">{explanationHeadline(e)}</span>
        {repeated ? <span className="muted explanation-repeat-note">explained above</span> : null}
      </summary>
      <div className="explanation-body">
        <p>{e.meaning}</p>
        {e.provider ? (
          <div className="explanation-provider">
            <p>
              <b>{e.provider.provider}</b> <span className="mono">({e.provider.marker})</span>: {e.provider.meaning}
            </p>
            <p>
              <b>Usual fix:</b> {e.provider.fix} <span className="muted">— source: <Reference text={e.provider.source} /></span>
            </p>
          </div>
        ) : null}
        {fix ? (
          <p className="explanation-fix">
            <b>Fix:</b> {fix}
          </p>
        ) : null}
        {e.references.length > 0 ? (
          <p className="explanation-refs muted">
            See:{' '}
            {e.references.map((r, i) => (
              <span key={`${r}-${i}`}>
                {i > 0 ? ' · ' : ''}
                <Reference text={r} />
              </span>
            ))}
          </p>
        ) : null}
      </div>
    </details>
  );
}
