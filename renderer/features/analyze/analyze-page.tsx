/**
 * Analyze: paste headers (or drop an .eml, or open a captured message) and
 * read why it landed where it did. Offline parts update as you type; the live
 * DNS re-checks run on demand through the core. Every section shows what it
 * could read and says what it could not: never a blank panel.
 */
import { useCallback, useEffect, useRef } from 'react';
import { AlignmentPanel } from './alignment-panel';
import { AuthPanel } from './auth-panel';
import { FindingsPanel } from './findings-panel';
import { HopTimeline } from './hop-timeline';
import { InputPanel } from './input-panel';
import { ReadProblems } from './read-problems';
import { type AnalyzeServices, useAnalysis } from './use-analysis';
import { VendorPanel } from './vendor-panel';
import { VerificationPanel } from './verification-panel';
import './analyze.css';

export type { AnalyzeServices } from './use-analysis';
export { createAnalyzeServices } from './services';

export interface AnalyzePageProps {
  /** How to reach the core (analyzeMessage, getRawMessage). */
  services: AnalyzeServices;
  /** Open this captured message (from the inbox's "Analyze" button). */
  messageId?: number;
  /**
   * Changes with every "Analyze" click: a new value reloads `messageId` even
   * when it is the same message (the user edited the text and asks again).
   */
  messageRequest?: number;
}

const SECTIONS = [
  ['analyze-findings', 'Summary'],
  ['analyze-hops', 'Hops'],
  ['analyze-auth', 'Authentication'],
  ['analyze-alignment', 'Alignment'],
  ['analyze-vendors', 'Spam verdicts'],
  ['analyze-live', 'Live checks'],
] as const;

export function AnalyzePage({ services, messageId, messageRequest }: AnalyzePageProps) {
  const state = useAnalysis(services, messageId, messageRequest);
  const results = useRef<HTMLDivElement>(null);
  // A new paste, file or message starts reading from the summary, not where the last one was scrolled to.
  const toTop = useCallback(() => results.current?.scrollTo({ top: 0 }), []);
  // A captured message opened from the inbox replaces the text: start at its summary too.
  useEffect(() => {
    if (state.loadedKey !== undefined) toTop();
  }, [state.loadedKey, toTop]);
  const r = state.report;
  const empty = r.input.kind === 'empty';
  return (
    <section className="analyze" aria-label="Analyze headers">
      <InputPanel state={state} onNewInput={toTop} />
      <div ref={results} className="analyze-results" aria-busy={state.stale || state.live.status === 'running'}>
        {empty ? (
          <div className="analyze-empty">
            <h2>Why did this land in spam?</h2>
            <p className="muted">
              Paste the raw headers — Gmail: <b>⋮ → Show original</b>; Outlook: <b>File → Properties → Internet headers</b> or <b>View → View message source</b>;
              Apple Mail: <b>View → Message → Raw Source</b> — or drop an <code>.eml</code> file. Nothing leaves this machine until you ask for live DNS checks.
            </p>
          </div>
        ) : (
          <>
            <nav className="analyze-jump" aria-label="Sections">
              {SECTIONS.map(([id, label]) => (
                <a key={id} href={`#${id}`} onClick={(e) => { e.preventDefault(); document.getElementById(id)?.scrollIntoView({ block: 'start', behavior: 'smooth' }); }}>
                  {label}
                </a>
              ))}
              <span className="analyze-timing muted num" title="Time the offline analysis took in this window">
                {r.verification ? 'live + offline' : 'offline'} · {r.elapsedMs.toFixed(1)} ms
              </span>
            </nav>
            <ReadProblems report={r} />
            <FindingsPanel report={r} />
            <HopTimeline report={r} onMoveBoundary={state.setBoundary} boundaryChosen={state.boundaryIndex !== undefined} />
            <AuthPanel report={r} />
            <AlignmentPanel report={r} />
            <VendorPanel report={r} />
            <VerificationPanel report={r} state={state} />
          </>
        )}
      </div>
    </section>
  );
}
