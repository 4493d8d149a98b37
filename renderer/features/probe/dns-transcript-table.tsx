/**
 * A DNS transcript: each query with what came back — outcome told apart
 * (NXDOMAIN, no data, SERVFAIL, refused, timeout), answers, TTL, the time it
 * took, CNAMEs followed, and whether this run had already asked it.
 */
import type { ProbeDnsQuery } from '../../../shared/model/probe';

const OUTCOME: Record<ProbeDnsQuery['outcome'], string> = {
  answer: 'answer',
  nxdomain: 'no such name (NXDOMAIN)',
  nodata: 'no record of this type',
  servfail: 'server failure (SERVFAIL)',
  refused: 'refused',
  timeout: 'timed out',
  error: 'error',
};

export function DnsTranscriptTable({ queries, label }: { queries: readonly ProbeDnsQuery[]; label: string }) {
  if (queries.length === 0) return <p className="muted probe-none">No DNS queries.</p>;
  return (
    <div className="probe-dns-wrap">
      <table className="plain-table probe-dns" aria-label={label} data-testid="dns-transcript">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>Name</th>
            <th>Type</th>
            <th>Outcome</th>
            <th>Answers</th>
            <th className="num">TTL</th>
            <th className="num">Time</th>
          </tr>
        </thead>
        <tbody>
          {queries.map((q, i) => (
            <tr key={`${q.seq}-${i}`} className={`probe-dns-${q.outcome}`} data-outcome={q.outcome}>
              <td className="num muted">{q.seq}</td>
              <td className="mono probe-dns-name">
                {q.name}
                {q.cnames.length ? <div className="muted">via CNAME {q.cnames.join(' → ')}</div> : null}
              </td>
              <td className="mono">{q.type}</td>
              <td>
                {OUTCOME[q.outcome]}
                {q.cached ? <span className="probe-cached" title="Answered from this run's earlier query of the same name and type"> cached</span> : null}
              </td>
              <td className="mono probe-dns-answers">
                {q.answers.length ? q.answers.map((a, j) => <div key={j}>{a}</div>) : <span className="muted">—</span>}
                {q.note ? <div className="muted probe-dns-note">{q.note}</div> : null}
              </td>
              <td className="num">{q.ttl ?? <span className="muted" title={q.note ?? 'not known'}>—</span>}</td>
              <td className="num" title={`asked ${new Date(q.askedAt).toLocaleString()} via ${q.server}`}>
                {Math.round(q.durationMs)} ms
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
