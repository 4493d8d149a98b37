/**
 * One slot per tool. Analyze, Probe and Send arrive in later versions: they
 * are shown, disabled and labelled "coming soon", never as dead links.
 */
import { Icon } from '../components/icon';
import type { IconName } from '../components/icon';

const TOOLS: { id: string; label: string; icon: IconName; ready: boolean }[] = [
  { id: 'inbox', label: 'Inbox', icon: 'inbox', ready: true },
  { id: 'analyze', label: 'Analyze', icon: 'analyze', ready: false },
  { id: 'probe', label: 'Probe', icon: 'probe', ready: false },
  { id: 'send', label: 'Send', icon: 'send', ready: false },
];

export function NavRail() {
  return (
    <nav className="nav-rail" aria-label="Tools">
      <div className="nav-logo" aria-hidden="true">
        <svg viewBox="0 0 24 24" width="22" height="22">
          <rect x="2.5" y="5" width="19" height="14" rx="3" fill="var(--accent)" />
          <path d="M5.5 8.5l6.5 5 6.5-5" fill="none" stroke="var(--accent-contrast)" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
          <circle cx="18.5" cy="17" r="4" fill="var(--bg-rail)" stroke="var(--accent-contrast)" strokeWidth="0" />
          <circle cx="18.5" cy="17" r="2.6" fill="none" stroke="var(--accent)" strokeWidth="1.6" />
          <path d="M20.4 18.9l1.8 1.8" stroke="var(--accent)" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
      </div>
      <ul>
        {TOOLS.map((tool) => (
          <li key={tool.id}>
            <button
              type="button"
              className={tool.id === 'inbox' ? 'nav-item nav-item-active' : 'nav-item'}
              aria-current={tool.id === 'inbox' ? 'page' : undefined}
              disabled={!tool.ready}
              title={tool.ready ? tool.label : `${tool.label} — coming soon`}
              aria-label={tool.ready ? tool.label : `${tool.label} (coming soon)`}
            >
              <Icon name={tool.icon} size={20} />
              <span className="nav-label">{tool.label}</span>
              {tool.ready ? null : <span className="nav-soon">soon</span>}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
