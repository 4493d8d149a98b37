/**
 * The verdict summary: ranked findings, each in plain words with what to
 * fix; the evidence (header line, DNS answer and when it was asked) one
 * click away. "Could not check" and estimates are labelled as such.
 */
import type { AnalysisReport, Evidence, Finding } from '../../../shared/model/analysis';
import { CheckDomainButton } from './check-domain-button';

const SEVERITY: Record<Finding['severity'], string> = { high: 'Likely cause', medium: 'Problem', low: 'Worth fixing', info: 'Note', ok: 'OK' };
const CONFIDENCE: Partial<Record<Finding['confidence'], string>> = { estimated: 'estimate', unknown: 'could not check', checked: 'checked live' };

function EvidenceItem({ e }: { e: Evidence }) {
  const where =
    e.kind === 'header' ? `${e.header ?? 'Header'}${e.line ? `, line ${e.line}` : ''}` : e.kind === 'dns' ? `DNS${e.askedAt ? `, asked ${new Date(e.askedAt).toLocaleString()}` : ''}` : 'Computed';
  return (
    <li className="evidence">
      <span className="evidence-where muted">{where}</span>
      <code className="evidence-text">{e.text}</code>
    </li>
  );
}

/** Findings about what DNS publishes (SPF, DKIM, DMARC, ARC, BIMI, MX, reverse DNS, a live re-check that differs): a live probe can prove or refute them. */
const ABOUT_DNS = /^(spf|dkim|dmarc|arc|bimi|mx|ptr|iprev|live-differs)/;

function FindingCard({ f, probeDomain }: { f: Finding; probeDomain: string | null }) {
  return (
    <li className={`finding finding-${f.severity}`} data-finding={f.id}>
      <div className="finding-head">
        <span className={`az-badge az-badge-${f.severity}`}>{SEVERITY[f.severity]}</span>
        <h3 className="finding-title">{f.title}</h3>
        {CONFIDENCE[f.confidence] ? <span className="az-badge az-badge-quiet">{CONFIDENCE[f.confidence]}</span> : null}
      </div>
      <p className="finding-text">{f.explanation}</p>
      {f.fix ? (
        <p className="finding-fix">
          <b>Fix:</b> {f.fix}
        </p>
      ) : null}
      {probeDomain && ABOUT_DNS.test(f.id) && f.severity !== 'ok' ? (
        <p className="finding-probe">
          <CheckDomainButton domain={probeDomain} />
        </p>
      ) : null}
      {f.evidence.length > 0 ? (
        <details className="finding-evidence">
          <summary>Evidence ({f.evidence.length})</summary>
          <ul>
            {f.evidence.map((e, i) => (
              <EvidenceItem key={i} e={e} />
            ))}
          </ul>
        </details>
      ) : null}
    </li>
  );
}

export function FindingsPanel({ report }: { report: AnalysisReport }) {
  const main = report.findings.filter((f) => f.severity !== 'ok');
  const ok = report.findings.filter((f) => f.severity === 'ok');
  // The From domain is the one DMARC judges: the natural domain to probe from a finding.
  const fromDomain = report.alignment.rows.find((r) => r.identifier === 'from')?.domain ?? null;
  return (
    <section id="analyze-findings" className="analyze-section" aria-labelledby="analyze-findings-h">
      <h2 id="analyze-findings-h">
        Summary {fromDomain ? <CheckDomainButton domain={fromDomain} /> : null}
      </h2>
      {main.length === 0 && ok.length === 0 ? <p className="muted">Nothing notable: the headers show no problem the analyzer knows about.</p> : null}
      <ol className="findings">
        {main.map((f, i) => (
          <FindingCard key={`${f.id}-${i}`} f={f} probeDomain={fromDomain} />
        ))}
      </ol>
      {ok.length > 0 ? (
        <ul className="findings findings-ok" aria-label="What passed">
          {ok.map((f, i) => (
            <FindingCard key={`${f.id}-${i}`} f={f} probeDomain={fromDomain} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
