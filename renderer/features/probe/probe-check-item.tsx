/**
 * One check: its status and title on a line; opened, the plain explanation,
 * the fix, then the evidence — facts, the SPF tree, HTTPS fetches, the SMTP
 * conversation (the shared transcript view) and the DNS queries it made.
 */
import { memo, useId, useState } from 'react';
import type { ProbeCheck } from '../../../shared/model/probe';
import { Icon } from '../../components/icon';
import { TranscriptView } from '../../components/transcript-view';
import { DnsTranscriptTable } from './dns-transcript-table';
import { SpfTree } from './spf-tree';
import { StatusBadge } from './status-badge';

function Detail({ check }: { check: ProbeCheck }) {
  const e = check.evidence;
  return (
    <div className="probe-check-detail">
      <p className="probe-explanation">{check.explanation}</p>
      {check.fix ? (
        <p className="probe-fix">
          <b>Fix:</b> {check.fix}
        </p>
      ) : null}
      {e.facts?.length ? (
        <dl className="probe-facts">
          {e.facts.map((f, i) => (
            <div key={i}>
              <dt>{f.label}</dt>
              <dd className="mono">{f.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {e.spfTree ? (
        <div className="probe-evidence-block">
          <h4>SPF tree</h4>
          <SpfTree root={e.spfTree} />
        </div>
      ) : null}
      {e.http?.length ? (
        <div className="probe-evidence-block">
          <h4>HTTPS</h4>
          <ul className="probe-http">
            {e.http.map((h, i) => (
              <li key={i}>
                <span className="mono">GET {h.url}</span> → {h.status ?? 'no response'} in {Math.round(h.durationMs)} ms{h.error ? <span className="probe-http-error"> — {h.error}</span> : null}
                {h.excerpt ? <pre className="probe-excerpt">{h.excerpt}</pre> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {e.transcript?.length ? (
        <div className="probe-evidence-block probe-transcript">
          <h4>SMTP conversation</h4>
          <TranscriptView entries={e.transcript} label={`SMTP transcript of ${check.subject ?? check.title}`} title={`Mailscope probe — ${check.title}`} fileName={`probe-${check.id}-transcript.txt`} />
        </div>
      ) : null}
      <details className="probe-evidence-block probe-check-dns">
        <summary>DNS queries ({e.dns.length})</summary>
        <DnsTranscriptTable queries={e.dns} label={`DNS queries of ${check.title}`} />
      </details>
    </div>
  );
}

/** Memoised: a streaming run re-renders the report per event, and each check object never changes once reported. */
export const ProbeCheckItem = memo(function ProbeCheckItem({ check }: { check: ProbeCheck }) {
  const [open, setOpen] = useState(false);
  const panel = useId();
  return (
    <li className={`probe-check probe-check-${check.status}`} data-check={check.id}>
      <button type="button" className="probe-check-head" aria-expanded={open} aria-controls={panel} onClick={() => setOpen((o) => !o)}>
        <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} />
        <StatusBadge status={check.status} />
        <span className="probe-check-title">{check.title}</span>
        {check.subject ? <span className="probe-check-subject mono muted">{check.subject}</span> : null}
        <span className="probe-check-time muted num">{check.durationMs} ms</span>
      </button>
      {open ? (
        <div id={panel}>
          <Detail check={check} />
        </div>
      ) : null}
    </li>
  );
});
