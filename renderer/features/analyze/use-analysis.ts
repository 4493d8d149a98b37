/**
 * The Analyze screen's state: the pasted text, the boundary the user chose,
 * the offline report (recomputed in the renderer on every change: the shared
 * analysis is runtime-neutral and takes a few milliseconds), and the live
 * report the core returns on demand (DNS re-checks). The live report is shown
 * only while it still matches the text and boundary it was made for.
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { analyzeText } from '../../../shared/analysis/analyze';
import type { AnalysisOptions, AnalysisReport, AnalyzeRequest } from '../../../shared/model/analysis';

/** What the screen needs from the core. */
export interface AnalyzeServices {
  /** POST /api/analyze. */
  analyze(request: AnalyzeRequest): Promise<AnalysisReport>;
  /** A captured message's raw text. */
  getRawText(id: number): Promise<string>;
}

export type LiveState =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; report: AnalysisReport; text: string; boundaryIndex: number | undefined }
  | { status: 'error'; message: string };

export interface AnalysisState {
  text: string;
  setText(text: string): void;
  /** Where the text came from (a file name, "message #12"), shown above the input. */
  source: string | null;
  setSource(source: string | null): void;
  boundaryIndex: number | undefined;
  setBoundary(index: number | undefined): void;
  /** The report to show: live when it matches the current input, else offline. */
  report: AnalysisReport;
  /** True while the offline report lags behind fast typing. */
  stale: boolean;
  live: LiveState;
  liveOptions: Pick<AnalysisOptions, 'dns' | 'at'>;
  setLiveOptions(options: Pick<AnalysisOptions, 'dns' | 'at'>): void;
  verify(): void;
  loading: string | null;
  /** The captured-message request ("id:request") the text was last loaded for; undefined before any. */
  loadedKey: string | undefined;
}

/**
 * `messageId` opens a captured message; `messageRequest` changes with every
 * "Analyze" click, so asking again for the same message reloads it.
 */
export function useAnalysis(services: AnalyzeServices, messageId: number | undefined, messageRequest = 0): AnalysisState {
  const [text, setText] = useState('');
  const [source, setSource] = useState<string | null>(null);
  const [boundaryIndex, setBoundary] = useState<number | undefined>(undefined);
  const [live, setLive] = useState<LiveState>({ status: 'idle' });
  const [liveOptions, setLiveOptions] = useState<Pick<AnalysisOptions, 'dns' | 'at'>>({});
  // Which captured-message request ("id:request") the text was last loaded for (or failed to load): loading is derived from it.
  const [loadedKey, setLoadedKey] = useState<string | undefined>(undefined);
  const wantedKey = messageId === undefined ? undefined : `${messageId}:${messageRequest}`;
  const deferred = useDeferredValue(text);
  const request = useRef(0);

  const offline = useMemo(() => analyzeText(deferred, boundaryIndex !== undefined ? { boundaryIndex } : {}), [deferred, boundaryIndex]);

  // A captured message opened from the inbox: fetch its bytes once per request (a second click on the same message reloads it).
  useEffect(() => {
    if (messageId === undefined) return;
    const key = `${messageId}:${messageRequest}`;
    let cancelled = false;
    services.getRawText(messageId).then(
      (raw) => {
        if (cancelled) return;
        setText(raw);
        setSource(`Captured message #${messageId}`);
        setBoundary(undefined);
        setLoadedKey(key);
      },
      (err: unknown) => {
        if (cancelled) return;
        setLoadedKey(key);
        setLive({ status: 'error', message: `Could not load message #${messageId}: ${err instanceof Error ? err.message : String(err)}` });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [messageId, messageRequest, services]);

  const verify = useCallback(() => {
    const id = ++request.current;
    const forText = text;
    const forBoundary = boundaryIndex;
    setLive({ status: 'running' });
    const options: AnalysisOptions = { ...liveOptions, ...(forBoundary !== undefined ? { boundaryIndex: forBoundary } : {}) };
    services.analyze({ raw: forText, options }).then(
      (report) => {
        if (id === request.current) setLive({ status: 'done', report, text: forText, boundaryIndex: forBoundary });
      },
      (err: unknown) => {
        if (id === request.current) setLive({ status: 'error', message: err instanceof Error ? err.message : String(err) });
      },
    );
  }, [text, boundaryIndex, liveOptions, services]);

  const liveMatches = live.status === 'done' && live.text === text && live.boundaryIndex === boundaryIndex;
  return {
    text,
    setText,
    source,
    setSource,
    boundaryIndex,
    setBoundary,
    report: liveMatches ? live.report : offline,
    stale: deferred !== text,
    live,
    liveOptions,
    setLiveOptions,
    verify,
    loading: wantedKey !== undefined && loadedKey !== wantedKey ? `Loading message #${messageId}…` : null,
    loadedKey,
  };
}
