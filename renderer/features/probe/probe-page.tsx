/**
 * Probe: type a domain (and optionally a sending IP, selectors, a mail
 * server, a resolver) and watch the report fill in — every check with its
 * status, explanation, fix and evidence. Three columns: the form, the run
 * being shown, the history. Escape cancels a running probe.
 */
import { useEffect } from 'react';
import type { KeyboardEvent } from 'react';
import { useApp } from '../../app/store-context';
import { Icon } from '../../components/icon';
import { ProbeFormPanel } from './probe-form-panel';
import { ProbeHistoryList } from './probe-history-list';
import { ProbeReport } from './probe-report';
import './probe.css';

function Empty() {
  return (
    <div className="probe-empty">
      <Icon name="probe" size={28} />
      <h2>Check a domain&apos;s mail health</h2>
      <p className="muted">
        MX and its hosts, SPF as a tree with its lookup count, DKIM keys, DMARC, MTA-STS, TLS-RPT, BIMI, reverse DNS, blocklists and a live SMTP probe of each mail server — every
        check with the DNS answers it rests on, a plain explanation and the fix. Nothing is sent: the SMTP probe stops before a message.
      </p>
    </div>
  );
}

export function ProbePage() {
  const shown = useApp((s) => s.shownProbe);
  const loadHistory = useApp((s) => s.loadProbeHistory);
  const cancel = useApp((s) => s.cancelShownProbe);
  useEffect(() => {
    void loadHistory();
  }, [loadHistory]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && shown?.summary?.state === 'running') {
      e.preventDefault();
      void cancel();
    }
  };
  return (
    <section className="probe-page" aria-label="Probe" onKeyDown={onKeyDown}>
      <ProbeFormPanel />
      <div className="probe-main">{shown ? <ProbeReport shown={shown} /> : <Empty />}</div>
      <ProbeHistoryList />
    </section>
  );
}
