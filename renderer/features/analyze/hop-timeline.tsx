/**
 * Received hops as a timeline, oldest first: who handed the message to whom,
 * the connecting IP (the bracketed TCP-info address when stated), TLS, the
 * timestamp and the delay since the previous hop as a bar. Negative delays
 * are clock skew and are shown as such, never clamped. The boundary hop —
 * where the receiver took over — is marked, and the user can move it.
 */
import { formatDuration } from '../../../shared/analysis/findings';
import type { AnalysisReport, Hop } from '../../../shared/model/analysis';

function DelayBar({ hop, max }: { hop: Hop; max: number }) {
  if (hop.delayMs === null) return <span className="muted">—</span>;
  const pct = max > 0 ? Math.max(2, (Math.abs(hop.delayMs) / max) * 100) : 2;
  const skew = hop.delayMs < 0;
  return (
    <span className="delay" title={skew ? 'Clock skew: this server stamped an earlier time than the previous one' : undefined}>
      <span className={skew ? 'delay-bar delay-skew' : hop.delayMs >= 300_000 ? 'delay-bar delay-long' : 'delay-bar'} style={{ width: `${pct}%` }} />
      <span className="delay-text num">{skew ? `clock skew ${formatDuration(hop.delayMs)}` : `+${formatDuration(hop.delayMs)}`}</span>
    </span>
  );
}

function HopRow({ hop, max, onMove }: { hop: Hop; max: number; onMove(index: number): void }) {
  const cls = ['hop', hop.boundary ? 'hop-boundary' : '', hop.internal ? 'hop-internal' : '', hop.parsed ? '' : 'hop-unparsed'].filter(Boolean).join(' ');
  return (
    <tr className={cls} data-hop={hop.index}>
      <td className="num hop-n">{hop.index + 1}</td>
      {hop.parsed ? (
        <>
          <td className="hop-from">
            <div className="mono">{hop.from ?? <span className="muted">(not stated)</span>}</div>
            {hop.ip ? (
              <div className="mono muted" title={hop.ipSource === 'tcp-info' ? 'Address the receiving server saw (TCP-info)' : 'Address read from the HELO position: weaker evidence'}>
                {hop.ip}
                {hop.ipSource !== 'tcp-info' ? ' ?' : ''}
              </div>
            ) : null}
          </td>
          <td className="hop-by mono">
            {hop.by ?? <span className="muted">(not stated)</span>}
            {hop.boundary ? <span className="az-badge az-badge-boundary">boundary</span> : hop.internal ? <span className="az-badge az-badge-quiet">receiver</span> : null}
          </td>
          <td className="hop-with">
            <div>{hop.with ?? <span className="muted">—</span>}</div>
            {hop.tls ? <div className="muted mono" title={hop.cipher ?? undefined}>{hop.tls}</div> : null}
          </td>
        </>
      ) : (
        <td colSpan={3} className="hop-raw">
          <span className="az-badge az-badge-medium">could not be read</span> <code>{hop.raw}</code>
        </td>
      )}
      <td className="hop-time num">
        {hop.timestamp ? new Date(hop.timestamp).toISOString().replace('T', ' ').replace(/\.000Z$/, 'Z') : <span className="muted">{hop.dateText ?? 'no date'}</span>}
        {hop.dateEstimated ? <span className="az-badge az-badge-quiet" title={hop.problems.join(' ')}>estimated</span> : null}
      </td>
      <td className="hop-delay">
        <DelayBar hop={hop} max={max} />
      </td>
      <td className="hop-act">
        {!hop.boundary ? (
          <button type="button" className="button button-small button-ghost" onClick={() => onMove(hop.index)} title="Mark this hop as where the message entered the receiver">
            Boundary here
          </button>
        ) : null}
      </td>
    </tr>
  );
}

export function HopTimeline({ report, onMoveBoundary, boundaryChosen }: { report: AnalysisReport; onMoveBoundary(index: number | undefined): void; boundaryChosen: boolean }) {
  const t = report.hops;
  const max = Math.max(0, ...t.hops.map((h) => Math.abs(h.delayMs ?? 0)));
  return (
    <section id="analyze-hops" className="analyze-section" aria-labelledby="analyze-hops-h">
      <h2 id="analyze-hops-h">
        Received hops <span className="muted">oldest first</span>
      </h2>
      {t.hops.length === 0 ? (
        <p className="muted">No Received headers in the input: the delivery path, the connecting IP and delays cannot be shown.</p>
      ) : (
        <>
          <table className="hops">
            <colgroup>
              <col className="c-n" />
              <col className="c-from" />
              <col className="c-by" />
              <col className="c-with" />
              <col className="c-time" />
              <col className="c-delay" />
              <col className="c-act" />
            </colgroup>
            <thead>
              <tr>
                <th>#</th>
                <th>From</th>
                <th>By</th>
                <th>With / TLS</th>
                <th>Time (UTC)</th>
                <th>Delay</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {t.hops.map((h) => (
                <HopRow key={h.index} hop={h} max={max} onMove={onMoveBoundary} />
              ))}
            </tbody>
          </table>
          <p className="hops-foot">
            <span className="num">
              Total: <b>{t.totalMs === null ? 'unknown' : formatDuration(t.totalMs)}</b>
              {t.dateToFirstHopMs !== null ? <span className="muted"> · Date header to first hop: {formatDuration(t.dateToFirstHopMs)}</span> : null}
            </span>
            <span className="muted"> · Boundary: {t.boundaryReason}</span>
            {boundaryChosen ? (
              <button type="button" className="button button-small button-ghost" onClick={() => onMoveBoundary(undefined)}>
                Reset boundary
              </button>
            ) : null}
          </p>
        </>
      )}
    </section>
  );
}
