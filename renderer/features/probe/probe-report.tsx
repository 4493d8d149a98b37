/**
 * The run being shown: header (domain, counts, progress, cancel / re-run /
 * export), what changed since the last run, the checks grouped by section in
 * report order as they stream in, and the run's whole DNS transcript.
 */
import type { ProbeCheck, ProbeGroup } from '../../../shared/model/probe';
import { GROUP_LABEL, GROUP_ORDER, STATUS_RANK } from '../../../shared/probe/report-order';
import { useApp, useAppShallow } from '../../app/store-context';
import { Icon } from '../../components/icon';
import type { ShownProbe } from '../../store/probe-slice';
import { DnsTranscriptTable } from './dns-transcript-table';
import { ProbeChanges } from './probe-changes';
import { ProbeCheckItem } from './probe-check-item';
import { StatusBadge } from './status-badge';

function grouped(checks: readonly ProbeCheck[]): [ProbeGroup, ProbeCheck[]][] {
  const order = [...GROUP_ORDER, ...new Set(checks.map((c) => c.group).filter((g) => !GROUP_ORDER.includes(g)))];
  return order.map((g) => [g, checks.filter((c) => c.group === g)] as [ProbeGroup, ProbeCheck[]]).filter(([, list]) => list.length > 0);
}

function worst(checks: readonly ProbeCheck[]): ProbeCheck['status'] {
  return checks.reduce<ProbeCheck['status']>((w, c) => (STATUS_RANK[c.status] < STATUS_RANK[w] ? c.status : w), 'pass');
}

/** Section links with each section's worst status: a long report read from its problems. */
function JumpBar({ groups }: { groups: [ProbeGroup, ProbeCheck[]][] }) {
  if (groups.length < 2) return null;
  return (
    <nav className="probe-jump" aria-label="Sections">
      {groups.map(([group, checks]) => (
        <a
          key={group}
          href={`#probe-group-${group}`}
          onClick={(e) => {
            e.preventDefault();
            document.getElementById(`probe-group-${group}`)?.scrollIntoView({ block: 'start', behavior: 'smooth' });
          }}
        >
          <StatusBadge status={worst(checks)} compact /> {GROUP_LABEL[group] ?? group}
        </a>
      ))}
    </nav>
  );
}

function Header({ shown, groups }: { shown: ShownProbe; groups: [ProbeGroup, ProbeCheck[]][] }) {
  const cancel = useApp((s) => s.cancelShownProbe);
  const rerun = useApp((s) => s.rerunProbe);
  const exportProbe = useApp((s) => s.exportProbe);
  const starting = useApp((s) => s.probeStarting);
  const s = shown.summary;
  const running = s?.state === 'running';
  const domain = s?.domain ?? shown.request?.domain ?? '…';
  const c = s?.counts;
  const p = s?.progress;
  const stateText = !s ? 'starting…' : s.state === 'running' ? 'running' : s.state === 'done' ? `finished in ${(((s.finishedAt ?? s.startedAt) - s.startedAt) / 1000).toFixed(1)} s` : s.state === 'cancelled' ? 'cancelled' : `failed${s.error ? `: ${s.error}` : ''}`;
  return (
    <header className="probe-report-head">
      <div className="probe-report-title">
        <h2>
          <span className="mono">{domain}</span> <span className="muted probe-run-id">#{shown.id}</span>
        </h2>
        <span className="muted" role="status" data-testid="probe-state">
          {stateText}
        </span>
        <span className="header-spacer" />
        {running ? (
          <button type="button" className="button button-small" onClick={() => void cancel()}>
            <Icon name="stop" size={12} /> Cancel
          </button>
        ) : (
          <button type="button" className="button button-small" onClick={() => void rerun()} disabled={!shown.request || starting} title="Run the same probe again">
            <Icon name="play" size={12} /> Re-run
          </button>
        )}
        <button type="button" className="button button-small" disabled={running || !s} onClick={() => void exportProbe(shown.id, 'markdown')} title="Save a readable report (Markdown)">
          <Icon name="download" size={12} /> Markdown
        </button>
        <button type="button" className="button button-small" disabled={running || !s} onClick={() => void exportProbe(shown.id, 'json')} title="Save the run as JSON">
          <Icon name="download" size={12} /> JSON
        </button>
      </div>
      {c ? (
        <div className="probe-counts" aria-label="Counts">
          {(['fail', 'warn', 'error', 'pass', 'info'] as const).map((k) => (
            <span key={k} className="probe-count" data-count={k}>
              <StatusBadge status={k} /> <b className="num">{c[k]}</b>
            </span>
          ))}
        </div>
      ) : null}
      <JumpBar groups={groups} />
      {running && p ? (
        <div className="probe-progress">
          <progress max={Math.max(p.total, 1)} value={p.done} aria-label="Checks finished" />
          <span className="muted num">
            {p.done} of {p.total} checks
          </span>
        </div>
      ) : null}
    </header>
  );
}

export function ProbeReport({ shown }: { shown: ShownProbe }) {
  const comparison = useAppShallow((s) => (s.probeComparison?.runId === shown.id ? s.probeComparison : null));
  const groups = grouped(shown.checks);
  const running = shown.summary?.state === 'running';
  return (
    <div className="probe-report" aria-busy={running}>
      <Header shown={shown} groups={groups} />
      {shown.error ? (
        <p className="probe-error" role="alert">
          Could not load probe #{shown.id}: {shown.error}
        </p>
      ) : null}
      <ProbeChanges state={comparison} />
      {groups.length === 0 ? <p className="muted probe-waiting">{shown.loading || running ? 'Waiting for the first check…' : 'No checks.'}</p> : null}
      {groups.map(([group, checks]) => (
        <section key={group} className="probe-group" aria-labelledby={`probe-group-${group}`} data-group={group}>
          <h3 id={`probe-group-${group}`}>
            <StatusBadge status={worst(checks)} compact /> {GROUP_LABEL[group] ?? group} <span className="muted num">{checks.length}</span>
          </h3>
          <ul className="probe-checks">
            {checks.map((check) => (
              <ProbeCheckItem key={check.id} check={check} />
            ))}
          </ul>
        </section>
      ))}
      <details className="probe-group probe-run-dns">
        <summary>
          All DNS queries of this run <span className="muted num">({shown.dns.length})</span>
        </summary>
        <DnsTranscriptTable queries={shown.dns} label="DNS transcript of the run" />
      </details>
    </div>
  );
}
