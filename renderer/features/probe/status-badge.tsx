/** A check's status as icon + word (colour is never the only cue): pass, warn, fail, info, could not check. */
import type { ProbeStatus } from '../../../shared/model/probe';
import { STATUS_LABEL } from '../../../shared/probe/report-order';
import { Icon, type IconName } from '../../components/icon';

const ICON: Record<ProbeStatus, IconName | null> = { pass: 'check', warn: 'alert', fail: 'close', info: 'info', error: null };

export function StatusBadge({ status, compact = false }: { status: ProbeStatus; compact?: boolean }) {
  const icon = ICON[status];
  return (
    <span className={`probe-status probe-status-${status}`} data-status={status} title={STATUS_LABEL[status]}>
      {icon ? <Icon name={icon} size={13} /> : <span className="probe-status-q" aria-hidden="true">?</span>}
      {compact ? <span className="sr-only">{STATUS_LABEL[status]}</span> : <span className="probe-status-word">{STATUS_LABEL[status]}</span>}
    </span>
  );
}
