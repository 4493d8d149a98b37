/**
 * "N fault rules active" in the header: a QA engineer must never wonder why
 * the capture server refuses mail, so active rules are always in sight, and
 * one click opens the Faults panel. Quiet when nothing is active (still the
 * way into the panel from the header).
 */
import { useEffect } from 'react';
import { activeFaultCount, describeAction, STAGE_LABELS } from '../../../shared/faults/fault-rules';
import { useApp } from '../../app/store-context';
import { Icon } from '../../components/icon';

export function FaultsBadge() {
  const faults = useApp((s) => s.faults);
  const loadFaults = useApp((s) => s.loadFaults);
  const openDialog = useApp((s) => s.openDialog);
  // The header is always mounted: it is where the configuration is first loaded.
  useEffect(() => {
    void loadFaults();
  }, [loadFaults]);
  const count = faults ? activeFaultCount(faults) : 0;
  const details = faults
    ? [
        ...faults.rules.filter((r) => r.enabled).map((r) => `${STAGE_LABELS[r.stage]}: ${describeAction(r.action)}`),
        ...(faults.rateLimit.enabled ? [`rate limit: ${faults.rateLimit.maxMessages} per ${faults.rateLimit.windowSeconds} s`] : []),
      ]
    : [];
  const label = count > 0 ? `${count} fault rule${count === 1 ? '' : 's'} active` : 'No faults';
  return (
    <button
      type="button"
      className={count > 0 ? 'faults-badge faults-badge-on' : 'faults-badge'}
      data-testid="faults-badge"
      aria-haspopup="dialog"
      title={count > 0 ? `Fault injection is on — the capture server refuses or slows mail:\n${details.join('\n')}` : 'Fault injection: make the capture server fail on purpose'}
      onClick={() => openDialog('faults')}
    >
      <Icon name="bolt" size={13} />
      {label}
    </button>
  );
}
