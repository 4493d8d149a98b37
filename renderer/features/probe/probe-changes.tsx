/** "Changed since the last run": what differs from the previous finished run of the same domain, in plain words. */
import { useState } from 'react';
import type { ProbeComparisonState } from '../../store/probe-slice';
import { StatusBadge } from './status-badge';

/** Changes shown before "Show all": a long list would push the report itself off the screen. */
const FIRST = 8;

export function ProbeChanges({ state }: { state: ProbeComparisonState | null }) {
  const [all, setAll] = useState(false);
  if (!state) return null;
  if (state.status === 'loading') return <section className="probe-changes muted" aria-label="Changes since the last run">Comparing with the last run…</section>;
  if (state.status === 'error') return <section className="probe-changes probe-error" aria-label="Changes since the last run">Could not compare with the last run: {state.error}</section>;
  const { previous, changes } = state.comparison;
  if (!previous) return <section className="probe-changes muted" aria-label="Changes since the last run">First run of this domain: the next run will say what changed.</section>;
  const when = new Date(previous.finishedAt ?? previous.startedAt).toLocaleString();
  return (
    <section className="probe-changes" aria-label="Changes since the last run" data-testid="probe-changes">
      <h3>
        {changes.length === 0 ? 'No changes' : `${changes.length} change${changes.length === 1 ? '' : 's'}`} since the last run <span className="muted">(#{previous.id}, {when})</span>
      </h3>
      {changes.length ? (
        <ul>
          {(all ? changes : changes.slice(0, FIRST)).map((c, i) => (
            <li key={`${c.checkId}-${i}`} data-change={c.checkId}>
              <span className="probe-change-status">
                {c.before === c.after && c.after ? (
                  <StatusBadge status={c.after} compact />
                ) : (
                  <>
                    {c.before ? <StatusBadge status={c.before} compact /> : <span className="muted">new</span>}
                    <span aria-hidden="true"> → </span>
                    {c.after ? <StatusBadge status={c.after} compact /> : <span className="muted">gone</span>}
                  </>
                )}
              </span>
              <span>{c.detail}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {changes.length > FIRST ? (
        <button type="button" className="link-button" onClick={() => setAll((a) => !a)} aria-expanded={all}>
          {all ? 'Show fewer' : `Show all ${changes.length} changes`}
        </button>
      ) : null}
    </section>
  );
}
