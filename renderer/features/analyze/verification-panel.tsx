/**
 * Live re-checks: each signature and policy checked again against DNS "as
 * of now" beside what the receiver recorded, with the DNS answers and when
 * they were asked. Runs only when asked (it sends DNS queries).
 */
import type { AnalysisReport } from '../../../shared/model/analysis';
import type { AnalysisState } from './use-analysis';

export function VerificationPanel({ report, state }: { report: AnalysisReport; state: AnalysisState }) {
  const v = report.verification;
  const running = state.live.status === 'running';
  return (
    <section id="analyze-live" className="analyze-section" aria-labelledby="analyze-live-h">
      <h2 id="analyze-live-h">Live checks: as of now vs as recorded</h2>
      <form
        className="live-form"
        onSubmit={(e) => {
          e.preventDefault();
          state.verify();
        }}
      >
        <label>
          DNS server{' '}
          <input
            className="input"
            placeholder="system resolver"
            value={state.liveOptions.dns ?? ''}
            onChange={(e) => state.setLiveOptions({ ...state.liveOptions, ...(e.target.value ? { dns: e.target.value } : { dns: undefined }) })}
          />
        </label>
        <label>
          Signatures as of{' '}
          <input
            className="input"
            placeholder="now, or e.g. 2024-05-01T12:00:00Z"
            value={state.liveOptions.at ?? ''}
            onChange={(e) => state.setLiveOptions({ ...state.liveOptions, ...(e.target.value ? { at: e.target.value } : { at: undefined }) })}
          />
        </label>
        <button type="submit" className="button button-primary" disabled={running || report.input.kind === 'empty' || report.input.kind === 'not-headers'}>
          {running ? 'Checking…' : v ? 'Check again' : 'Verify against DNS'}
        </button>
      </form>
      {state.live.status === 'error' ? (
        <p className="analyze-error" role="alert">
          {state.live.message}
        </p>
      ) : null}
      {!v ? (
        <p className="muted">Not run yet. The analysis above uses only what the headers say; live checks re-verify DKIM, SPF, DMARC and ARC against DNS.</p>
      ) : (
        <>
          <p className="muted">
            Asked {new Date(v.askedAt).toLocaleString()} via {v.resolver}
            {v.asOf !== v.askedAt ? `; signature times judged as of ${v.asOf}` : ''}.
          </p>
          <table className="plain-table live-table">
            <thead>
              <tr>
                <th>Check</th>
                <th>As recorded</th>
                <th>As of now</th>
                <th>Details</th>
              </tr>
            </thead>
            <tbody>
              {v.checks.map((c, i) => (
                <tr key={i} className={c.differs ? 'live-differs' : undefined}>
                  <td className="mono">{c.label}</td>
                  <td>{c.asRecorded ?? <span className="muted">not recorded</span>}</td>
                  <td>
                    <b>{c.asOfNow}</b>
                    {c.differs ? <span className="az-badge az-badge-medium">differs</span> : null}
                  </td>
                  <td>
                    {c.detail}
                    {c.bodyHash ? (
                      <div className="mono muted">
                        bh= {c.bodyHash.expected} · computed {c.bodyHash.computed}
                      </div>
                    ) : null}
                    {c.dns.length > 0 ? (
                      <details>
                        <summary>DNS ({c.dns.length})</summary>
                        <ul className="plain-list">
                          {c.dns.map((d, j) => (
                            <li key={j} className="mono">
                              {d.name} {d.type}: {d.error ?? (d.answer.join(' | ') || 'empty')} <span className="muted">({new Date(d.askedAt).toLocaleTimeString()})</span>
                            </li>
                          ))}
                        </ul>
                      </details>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {v.notChecked.length > 0 ? (
            <ul className="plain-list muted">
              {v.notChecked.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          ) : null}
        </>
      )}
    </section>
  );
}
