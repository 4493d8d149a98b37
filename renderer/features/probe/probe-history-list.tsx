/**
 * Past runs, newest first: domain, when, state and counts; a click opens one
 * (↑/↓ move between them). "Only <domain>" narrows the list to the domain
 * being shown — the runs a comparison is made from.
 */
import { useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useApp, useAppShallow } from '../../app/store-context';
import { StatusBadge } from './status-badge';

export function ProbeHistoryList() {
  const { all, total, error, shownId, domain } = useAppShallow((s) => ({
    all: s.probeHistory,
    total: s.probeHistoryTotal,
    error: s.probeHistoryError,
    shownId: s.shownProbe?.id ?? null,
    domain: s.shownProbe?.summary?.domain ?? s.shownProbe?.request?.domain ?? null,
  }));
  const open = useApp((s) => s.openProbe);
  const [onlyDomain, setOnlyDomain] = useState(false);
  const items = onlyDomain && domain ? all.filter((r) => r.domain === domain) : all;
  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  };
  return (
    <aside className="probe-history" aria-label="Probe history">
      <h2>
        History <span className="muted num">{total || ''}</span>
      </h2>
      {domain ? (
        <label className="probe-history-filter">
          <input type="checkbox" checked={onlyDomain} onChange={(e) => setOnlyDomain(e.target.checked)} /> Only <span className="mono">{domain}</span>
        </label>
      ) : null}
      {error ? <p className="probe-error">{error}</p> : null}
      {items.length === 0 && !error ? <p className="muted probe-none">No runs yet.</p> : null}
      <ul onKeyDown={onKeyDown}>
        {items.map((run) => (
          <li key={run.id}>
            <button type="button" className={run.id === shownId ? 'probe-history-item probe-history-item-active' : 'probe-history-item'} aria-current={run.id === shownId ? 'true' : undefined} onClick={() => void open(run.id)}>
              <span className="mono probe-history-domain">{run.domain}</span>
              <span className="muted probe-history-when">
                {new Date(run.startedAt).toLocaleString()} · {run.state === 'done' ? `${run.counts.fail} fail, ${run.counts.warn} warn` : run.state}
              </span>
              {run.state === 'done' ? <StatusBadge status={run.counts.fail ? 'fail' : run.counts.warn ? 'warn' : run.counts.error ? 'error' : 'pass'} compact /> : null}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
