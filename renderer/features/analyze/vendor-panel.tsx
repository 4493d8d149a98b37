/**
 * Vendor spam verdicts, field by field: the raw value beside its meaning,
 * and whether that meaning is documented by the vendor or only
 * community-observed. Verdicts stamped upstream are labelled; X- headers
 * nobody decodes are listed, not hidden.
 */
import type { AnalysisReport, VendorVerdict } from '../../../shared/model/analysis';

/** Long opaque values (Microsoft's SFS/ARA rule lists) are shortened; the full text is in the tooltip and "Original text". */
const MAX_RAW = 96;

const SOURCE_LABEL = { documented: 'documented', community: 'community-observed', unknown: 'unknown' } as const;

function VerdictCard({ v }: { v: VendorVerdict }) {
  return (
    <div className={`vendor vendor-${v.verdict}`} data-vendor={v.vendor}>
      <div className="vendor-head">
        <b>{v.vendorName}</b> <code className="muted">{v.header}</code>
        {v.upstream ? <span className="az-badge az-badge-quiet" title="Stamped before the message reached the receiver">upstream</span> : null}
        <span className={`az-badge az-badge-verdict-${v.verdict}`}>{v.verdict}</span>
      </div>
      <p className="vendor-summary">{v.summary}</p>
      {v.fields.length > 0 && !(v.fields.length === 1 && v.fields[0]!.key.toLowerCase() === v.header.toLowerCase()) ? (
        <table className="plain-table vendor-fields">
          <thead>
            <tr>
              <th>Field</th>
              <th>Raw</th>
              <th>Meaning</th>
              <th>Source</th>
            </tr>
          </thead>
          <tbody>
            {v.fields.map((f, i) => (
              <tr key={i} className={f.notable ? 'vendor-notable' : undefined}>
                <td className="mono">{f.key}</td>
                <td className="mono vendor-raw" title={f.raw.length > MAX_RAW ? f.raw : undefined}>
                  {f.raw === '' ? <span className="muted">(empty)</span> : f.raw.length > MAX_RAW ? `${f.raw.slice(0, MAX_RAW)}…` : f.raw}
                </td>
                <td>{f.meaning ?? <span className="muted">not publicly documented</span>}</td>
                <td>
                  <span className={`az-badge az-badge-src-${f.source}`}>{SOURCE_LABEL[f.source]}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {v.problems.length > 0 ? <p className="muted">{v.problems.join(' ')}</p> : null}
      <details className="ar-raw">
        <summary>Original text</summary>
        <pre>{v.raw}</pre>
      </details>
    </div>
  );
}

export function VendorPanel({ report }: { report: AnalysisReport }) {
  const verdicts = report.vendorVerdicts.filter((v) => !v.informational);
  const bookkeeping = report.vendorVerdicts.filter((v) => v.informational);
  return (
    <section id="analyze-vendors" className="analyze-section" aria-labelledby="analyze-vendors-h">
      <h2 id="analyze-vendors-h">Spam-filter verdicts</h2>
      {verdicts.length === 0 ? <p className="muted">No spam-filter verdict headers the analyzer knows (Microsoft, SpamAssassin, Rspamd, Proofpoint, Mimecast, Barracuda, IronPort…).</p> : null}
      {verdicts.map((v, i) => (
        <VerdictCard key={i} v={v} />
      ))}
      {bookkeeping.length > 0 ? (
        <details className="unknown-headers">
          <summary>Other headers from these systems, decoded ({bookkeeping.length})</summary>
          <table className="plain-table">
            <tbody>
              {bookkeeping.map((v, i) => (
                <tr key={i}>
                  <td className="mono">{v.header}</td>
                  <td>{v.summary}</td>
                  <td>
                    <span className={`az-badge az-badge-src-${v.fields[0]?.source ?? 'unknown'}`}>{SOURCE_LABEL[v.fields[0]?.source ?? 'unknown']}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
      {report.unknownHeaders.length > 0 ? (
        <details className="unknown-headers">
          <summary>Other X- headers without a decoder ({report.unknownHeaders.length})</summary>
          <table className="plain-table">
            <tbody>
              {report.unknownHeaders.map((h, i) => (
                <tr key={i}>
                  <td className="mono">{h.name}</td>
                  <td className="mono muted vendor-raw">{h.value}</td>
                  <td className="muted">{h.note ?? 'No decoder: meaning unknown.'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </section>
  );
}
