/** The three identities side by side, with organisational domains and which one made DMARC pass. */
import type { AnalysisReport } from '../../../shared/model/analysis';
import { CheckDomainButton } from './check-domain-button';

const yn = (v: boolean | null) => (v === null ? <span className="muted">—</span> : v ? <span className="az-chip az-chip-pass">yes</span> : <span className="az-chip az-chip-fail">no</span>);

export function AlignmentPanel({ report }: { report: AnalysisReport }) {
  const t = report.alignment;
  return (
    <section id="analyze-alignment" className="analyze-section" aria-labelledby="analyze-alignment-h">
      <h2 id="analyze-alignment-h">Alignment</h2>
      <p>{t.summary}</p>
      <table className="plain-table alignment">
        <thead>
          <tr>
            <th>Identifier</th>
            <th>Domain</th>
            <th>Org domain</th>
            <th>Result</th>
            <th>Relaxed</th>
            <th>Strict</th>
            <th>Counts</th>
          </tr>
        </thead>
        <tbody>
          {t.rows.map((r, i) => (
            <tr key={i} className={r.identifier === 'from' ? 'alignment-from' : undefined}>
              <td>
                {r.label}
                {/* Where the domain was read: a header line, the receiver's record, or the SMTP envelope Mailscope captured. */}
                {r.source ? <div className="muted alignment-source">from {r.source}</div> : null}
              </td>
              <td className="mono">
                {r.domain ?? <span className="muted">unknown</span>}
                {r.domain && t.rows.findIndex((x) => x.domain === r.domain) === i ? <div><CheckDomainButton domain={r.domain} /></div> : null}
              </td>
              <td className="mono">{r.orgDomain ?? '—'}</td>
              <td>{r.authResult ?? <span className="muted">{r.identifier === 'from' ? '' : 'not recorded'}</span>}</td>
              <td>{r.identifier === 'from' ? null : yn(r.relaxed)}</td>
              <td>{r.identifier === 'from' ? null : yn(r.strict)}</td>
              <td>{r.identifier === 'from' ? null : r.counts ? <span className="az-chip az-chip-pass">aligned + passed</span> : <span className="muted">no</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Mode: SPF {t.mode.spf === 's' ? 'strict' : 'relaxed'}, DKIM {t.mode.dkim === 's' ? 'strict' : 'relaxed'} ({t.mode.source === 'dmarc-dns' ? 'from the DMARC record' : 'the DMARC default; the record was not looked up'}). Org domains:{' '}
        {t.orgDomainSource === 'psl-estimate' ? <b>estimated from the Public Suffix List</b> : <b>from the DMARC DNS tree walk</b>}.
      </p>
    </section>
  );
}
