/**
 * Past runs, newest first: domain, when, state and counts; a click opens one
 * (↑/↓ move between them). "Only <domain>" narrows the list to the domain
 * being shown — the runs a comparison is made from.
 *
 * Each finished run has a delete button (Tab reaches it; Delete on a focused
 * row asks the same), and the shown domain's history can be cleared; both ask
 * first, in a modal dialog. A running run cannot be deleted: cancel it first.
 */
import { useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { ProbeRunSummary } from '../../../shared/model/probe';
import { useApp, useAppShallow } from '../../app/store-context';
import { ConfirmDialog } from '../../components/dialog';
import { Icon } from '../../components/icon';
import { StatusBadge } from './status-badge';

/** What the confirm dialog asks about. */
type Pending = { kind: 'run'; run: ProbeRunSummary; index: number } | { kind: 'domain'; domain: string } | null;

const when = (run: ProbeRunSummary) => new Date(run.startedAt).toLocaleString();

export function ProbeHistoryList() {
  const { all, total, error, shownId, domain } = useAppShallow((s) => ({
    all: s.probeHistory,
    total: s.probeHistoryTotal,
    error: s.probeHistoryError,
    shownId: s.shownProbe?.id ?? null,
    domain: s.shownProbe?.summary?.domain ?? s.shownProbe?.request?.domain ?? null,
  }));
  const open = useApp((s) => s.openProbe);
  const deleteRun = useApp((s) => s.deleteProbeRun);
  const clearHistory = useApp((s) => s.clearProbeHistory);
  const [onlyDomain, setOnlyDomain] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const list = useRef<HTMLUListElement>(null);
  const items = onlyDomain && domain ? all.filter((r) => r.domain === domain) : all;
  const ofDomain = domain ? all.filter((r) => r.domain === domain) : [];
  const rows = () => [...(list.current?.querySelectorAll<HTMLButtonElement>('.probe-history-item') ?? [])];

  /** After a row is gone, keep the keyboard where it was: the row that took its place (or the one above). */
  const focusRowAt = (index: number) => {
    setTimeout(() => {
      const buttons = rows();
      (buttons[Math.min(index, buttons.length - 1)] ?? list.current?.closest('aside')?.querySelector<HTMLElement>('h2'))?.focus();
    }, 0);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const buttons = rows();
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Delete' && at >= 0) {
      const run = items[at];
      if (run && run.state !== 'running') {
        e.preventDefault();
        setPending({ kind: 'run', run, index: at });
      }
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  };

  return (
    <aside className="probe-history" aria-label="Probe history">
      <h2 tabIndex={-1}>
        History <span className="muted num">{total || ''}</span>
      </h2>
      {domain ? (
        <label className="probe-history-filter">
          <input type="checkbox" checked={onlyDomain} onChange={(e) => setOnlyDomain(e.target.checked)} /> Only <span className="mono">{domain}</span>
        </label>
      ) : null}
      {domain && ofDomain.some((r) => r.state !== 'running') ? (
        <button type="button" className="link-button probe-history-clear" onClick={() => setPending({ kind: 'domain', domain })}>
          Clear history of <span className="mono">{domain}</span>…
        </button>
      ) : null}
      {error ? <p className="probe-error">{error}</p> : null}
      {items.length === 0 && !error ? <p className="muted probe-none">No runs yet.</p> : null}
      <ul ref={list} onKeyDown={onKeyDown}>
        {items.map((run, index) => (
          <li key={run.id} className="probe-history-row">
            <button type="button" className={run.id === shownId ? 'probe-history-item probe-history-item-active' : 'probe-history-item'} aria-current={run.id === shownId ? 'true' : undefined} onClick={() => void open(run.id)}>
              <span className="mono probe-history-domain">{run.domain}</span>
              <span className="muted probe-history-when">
                {when(run)} · {run.state === 'done' ? `${run.counts.fail} fail, ${run.counts.warn} warn` : run.state}
              </span>
              {run.state === 'done' ? <StatusBadge status={run.counts.fail ? 'fail' : run.counts.warn ? 'warn' : run.counts.error ? 'error' : 'pass'} compact /> : null}
            </button>
            <button
              type="button"
              className="icon-button probe-history-delete"
              aria-label={`Delete the run of ${run.domain} from ${when(run)}`}
              title={run.state === 'running' ? 'Still running: cancel it first' : 'Delete this run'}
              disabled={run.state === 'running'}
              onClick={() => setPending({ kind: 'run', run, index })}
            >
              <Icon name="trash" />
            </button>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={pending !== null}
        title={pending?.kind === 'domain' ? 'Clear probe history' : 'Delete probe run'}
        message={
          pending?.kind === 'domain' ? (
            <>
              Delete every run of <span className="mono">{pending.domain}</span> from the history? Runs still running are kept. This cannot be undone.
            </>
          ) : pending?.kind === 'run' ? (
            <>
              Delete the run of <span className="mono">{pending.run.domain}</span> from {when(pending.run)}? This cannot be undone.
            </>
          ) : null
        }
        confirmLabel={pending?.kind === 'domain' ? 'Clear history' : 'Delete run'}
        onConfirm={() => {
          if (pending?.kind === 'run') void deleteRun(pending.run.id).then(() => focusRowAt(pending.index));
          else if (pending?.kind === 'domain') void clearHistory(pending.domain).then(() => focusRowAt(0));
        }}
        onClose={() => {
          // Back to the row the question was about: the keyboard user goes on from there (Chromium's own
          // return of focus when a dialog closes did not always land, and then Delete did nothing).
          if (pending?.kind === 'run') focusRowAt(pending.index);
          setPending(null);
        }}
      />
    </aside>
  );
}
