/** The Faults entry of the nav rail: opens the Faults panel (a dialog, not a tool screen). */
import { useApp } from '../../app/store-context';
import { Icon } from '../../components/icon';

export function FaultsNavButton() {
  const openDialog = useApp((s) => s.openDialog);
  const active = useApp((s) => (s.faults ? s.faults.rules.some((r) => r.enabled) || s.faults.rateLimit.enabled : false));
  return (
    <li>
      <button
        type="button"
        className="nav-item"
        aria-haspopup="dialog"
        aria-label={active ? 'Faults (rules active)' : 'Faults'}
        title="Faults — make the capture server refuse, delay or drop mail on purpose"
        onClick={() => openDialog('faults')}
      >
        <Icon name="bolt" size={20} />
        <span className="nav-label">Faults</span>
        {active ? <span className="nav-dot" aria-hidden="true" /> : null}
      </button>
    </li>
  );
}
