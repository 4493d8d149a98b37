/**
 * Authentication results grouped by the server that wrote them and where in
 * the chain: the receiver's own marked as the one that counts, the rest
 * labelled upstream (anyone upstream can write such a header). Each result
 * shows its raw token when the vendor wrote a synonym; the original header
 * text is one click away. Below: each DKIM signature, ARC sets, compauth
 * decoded and Received-SPF.
 */
import type { AnalysisReport, ArGroup, ArResult } from '../../../shared/model/analysis';

function resultClass(r: string): string {
  if (r === 'pass' || r === 'bestguesspass') return 'az-chip az-chip-pass';
  if (r === 'fail' || r === 'permerror' || r === 'hardfail') return 'az-chip az-chip-fail';
  if (r === 'softfail' || r === 'temperror' || r === 'neutral' || r === 'policy' || r === 'softpass') return 'az-chip az-chip-warn';
  return 'az-chip';
}

function ResultRow({ r }: { r: ArResult }) {
  return (
    <tr>
      <td className="mono">{r.method}</td>
      <td>
        <span className={resultClass(r.result)}>{r.result}</span>
        {r.resultRaw !== r.result ? <span className="muted mono" title="As the receiver wrote it"> “{r.resultRaw}”</span> : null}
      </td>
      <td className="mono ar-props">
        {r.properties.map((p, i) => (
          <span key={i}>
            {p.ptype ? `${p.ptype}.` : ''}
            {p.property}=<b>{p.value === '' ? '∅' : p.value}</b>{' '}
          </span>
        ))}
      </td>
      <td className="muted">{[r.reason ? `reason: ${r.reason}` : '', ...r.comments].filter(Boolean).join(' · ')}</td>
    </tr>
  );
}

function GroupCard({ g }: { g: ArGroup }) {
  return (
    <div className={g.counts ? 'ar-group ar-group-counts' : 'ar-group'} data-role={g.role}>
      <div className="ar-group-head">
        {g.counts ? <span className="az-badge az-badge-ok">counts</span> : g.role === 'arc' ? <span className="az-badge az-badge-quiet">ARC i={g.arcInstance ?? '?'}</span> : <span className="az-badge az-badge-quiet">upstream</span>}
        <span className="ar-group-label">{g.label}</span>
      </div>
      {g.results.length > 0 ? (
        <table className="ar-results">
          <tbody>
            {g.results.map((r, i) => (
              <ResultRow key={i} r={r} />
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No results could be read from this header.</p>
      )}
      {g.warnings.length > 0 ? <p className="muted ar-warn">{g.warnings.map((w) => w.message).join(' ')}</p> : null}
      <details className="ar-raw">
        <summary>Original text</summary>
        <pre>{g.raw.join('\n')}</pre>
      </details>
    </div>
  );
}

export function AuthPanel({ report }: { report: AnalysisReport }) {
  const a = report.authentication;
  return (
    <section id="analyze-auth" className="analyze-section" aria-labelledby="analyze-auth-h">
      <h2 id="analyze-auth-h">Authentication results</h2>
      {a.groups.length === 0 ? <p className="muted">No Authentication-Results headers: how the receiver judged SPF, DKIM and DMARC is not recorded. Use the live checks below.</p> : null}
      {a.groups.map((g, i) => (
        <GroupCard key={i} g={g} />
      ))}
      {a.compauth ? (
        <p className="compauth">
          <b>Microsoft compauth:</b> <span className={resultClass(a.compauth.result)}>{a.compauth.result}</span>
          {a.compauth.reason ? ` reason ${a.compauth.reason}` : ''}
          {a.compauth.reasonMeaning ? <span className="muted"> — {a.compauth.reasonMeaning}</span> : null}
        </p>
      ) : null}
      {a.dkim.length > 0 ? (
        <>
          <h3 className="analyze-sub">DKIM signatures</h3>
          <table className="plain-table">
            <thead>
              <tr><th>d=</th><th>s=</th><th>a=</th><th>c=</th><th>Signed headers</th><th>Receiver said</th></tr>
            </thead>
            <tbody>
              {a.dkim.map((s, i) => (
                <tr key={i}>
                  <td className="mono">{s.domain ?? '?'}</td>
                  <td className="mono">{s.selector ?? '?'}</td>
                  <td className="mono">{s.algorithm ?? '?'}</td>
                  <td className="mono">{s.canonicalization ?? 'simple/simple'}</td>
                  <td className="mono muted ar-props">{s.signedHeaders.join(':')}</td>
                  <td>{s.recorded ? <span className={resultClass(s.recorded.result)}>{s.recorded.result}</span> : <span className="muted">not recorded</span>} {s.recordedReason ? <span className="muted">{s.recordedReason}</span> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {a.arc.length > 0 ? (
        <>
          <h3 className="analyze-sub">ARC sets</h3>
          <table className="plain-table">
            <thead><tr><th>i=</th><th>cv=</th><th>Sealed by</th><th>What it saw</th></tr></thead>
            <tbody>
              {a.arc.map((s) => (
                <tr key={s.instance}>
                  <td className="num">{s.instance}</td>
                  <td>{s.chainValidation ? <span className={resultClass(s.chainValidation)}>{s.chainValidation}</span> : '?'}</td>
                  <td className="mono">{s.sealDomain ?? '?'}</td>
                  <td className="mono muted ar-props">{s.results ?? s.problems.join(' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {a.receivedSpf.length > 0 ? (
        <>
          <h3 className="analyze-sub">Received-SPF</h3>
          <ul className="plain-list">
            {a.receivedSpf.map((s, i) => (
              <li key={i}>
                <span className={resultClass(s.result)}>{s.result}</span> {s.clientIp ? <span className="mono">{s.clientIp}</span> : null} {s.upstream ? <span className="az-badge az-badge-quiet">upstream</span> : null}{' '}
                <span className="muted">{s.comment}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
