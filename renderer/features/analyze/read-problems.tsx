/** "What could not be read": shown first when the input was partly unreadable, so nothing is silently missing. */
import type { AnalysisReport } from '../../../shared/model/analysis';

export function ReadProblems({ report }: { report: AnalysisReport }) {
  const w = report.parseWarnings;
  if (w.length === 0) return null;
  const notHeaders = report.input.kind === 'not-headers';
  return (
    <details className={notHeaders ? 'read-problems read-problems-bad' : 'read-problems'} open={notHeaders}>
      <summary>
        {notHeaders ? 'This does not look like mail headers' : `What could not be read (${w.length})`}
      </summary>
      <ul>
        {w.map((p, i) => (
          <li key={i}>
            {p.line ? <span className="muted num">line {p.line}: </span> : null}
            {p.message}
            {p.text ? <code className="read-problem-text"> {p.text}</code> : null}
          </li>
        ))}
      </ul>
    </details>
  );
}
