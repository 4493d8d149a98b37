/**
 * The app frame: nav rail on the left (one slot per tool), header bar, and
 * the active tool. A tool stays mounted once opened (hidden when another is
 * shown), so switching back keeps the inbox's scroll position and the
 * Analyze screen's pasted text. Global shortcuts and drag-and-drop import
 * live here because they apply to the whole window.
 */
import { lazy, Suspense, useState } from 'react';
import type { AnalyzeServices } from '../features/analyze/analyze-page';
import { InboxPage } from '../features/inbox/inbox-page';
import { DropZone } from '../features/import/drop-zone';
import { ImportStatus } from '../features/import/import-status';
import { FaultsDialog } from '../features/faults/faults-dialog';
import { SettingsDialog } from '../features/settings/settings-dialog';
import { BannerStack } from './banner-stack';
import { HeaderBar } from './header-bar';
import { NavRail } from './nav-rail';
import { useApp } from './store-context';
import { useGlobalShortcuts } from './use-global-shortcuts';

// Analyze (its parsers and the public-suffix list) loads on first use, not with the inbox.
const AnalyzePage = lazy(() => import('../features/analyze/analyze-page').then((m) => ({ default: m.AnalyzePage })));
// Send loads on first use too.
const SendPage = lazy(() => import('../features/send/send-page').then((m) => ({ default: m.SendPage })));
const ProbePage = lazy(() => import('../features/probe/probe-page').then((m) => ({ default: m.ProbePage })));

export function App({ analyzeServices }: { analyzeServices: AnalyzeServices }) {
  useGlobalShortcuts();
  const tool = useApp((s) => s.tool);
  const analyzeMessageId = useApp((s) => s.analyzeMessageId);
  const analyzeRequest = useApp((s) => s.analyzeRequest);
  const [analyzeOpened, setAnalyzeOpened] = useState(false);
  if (tool === 'analyze' && !analyzeOpened) setAnalyzeOpened(true);
  const [sendOpened, setSendOpened] = useState(false);
  if (tool === 'send' && !sendOpened) setSendOpened(true);
  const [probeOpened, setProbeOpened] = useState(false);
  if (tool === 'probe' && !probeOpened) setProbeOpened(true);
  return (
    <DropZone>
      <div className="app">
        <NavRail />
        <div className="app-main">
          <HeaderBar />
          <BannerStack />
          <ImportStatus />
          <div className="tool-slot" hidden={tool !== 'inbox'}>
            <InboxPage />
          </div>
          {analyzeOpened ? (
            <div className="tool-slot" hidden={tool !== 'analyze'}>
              <Suspense fallback={<div className="tab-empty">Loading Analyze…</div>}>
                <AnalyzePage services={analyzeServices} messageId={analyzeMessageId ?? undefined} messageRequest={analyzeRequest} />
              </Suspense>
            </div>
          ) : null}
          {sendOpened ? (
            <div className="tool-slot" hidden={tool !== 'send'}>
              <Suspense fallback={<div className="tab-empty">Loading Send…</div>}>
                <SendPage />
              </Suspense>
            </div>
          ) : null}
          {probeOpened ? (
            <div className="tool-slot" hidden={tool !== 'probe'}>
              <Suspense fallback={<div className="tab-empty">Loading Probe…</div>}>
                <ProbePage />
              </Suspense>
            </div>
          ) : null}
        </div>
      </div>
      <SettingsDialog />
      <FaultsDialog />
    </DropZone>
  );
}
