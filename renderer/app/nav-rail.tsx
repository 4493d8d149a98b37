/**
 * One slot per tool. Tools not built yet (Probe, Send) sit under a "soon"
 * divider, dimmed and aria-disabled (not `disabled`, so the tooltip that
 * says why still shows), never as dead links.
 */
import { Icon } from '../components/icon';
import { FaultsNavButton } from '../features/faults/faults-nav-button';
import type { IconName } from '../components/icon';
import type { ToolId } from '../store/ui-slice';
import { useApp } from './store-context';

interface Tool {
  id: string;
  label: string;
  icon: IconName;
  ready: boolean;
  /** What it will do, for the tooltip of tools not there yet. */
  blurb: string;
}

const TOOLS: Tool[] = [
  { id: 'inbox', label: 'Inbox', icon: 'inbox', ready: true, blurb: 'Captured mail' },
  { id: 'analyze', label: 'Analyze', icon: 'analyze', ready: true, blurb: 'Explain headers: Received hops, SPF/DKIM/DMARC, spam verdicts' },
  { id: 'probe', label: 'Probe', icon: 'probe', ready: true, blurb: "Check a domain's DNS and mail servers" },
  { id: 'send', label: 'Send', icon: 'send', ready: true, blurb: 'Send or replay a message and watch every SMTP step' },
];

function ToolButton({ tool }: { tool: Tool }) {
  const current = useApp((s) => s.tool);
  const setTool = useApp((s) => s.setTool);
  const active = tool.id === current;
  return (
    <li>
      <button
        type="button"
        className={['nav-item', active ? 'nav-item-active' : '', tool.ready ? '' : 'nav-item-soon'].filter(Boolean).join(' ')}
        aria-current={active ? 'page' : undefined}
        aria-disabled={!tool.ready || undefined}
        title={tool.ready ? `${tool.label} — ${tool.blurb}` : `${tool.label} — coming soon. ${tool.blurb}.`}
        aria-label={tool.ready ? tool.label : `${tool.label} (coming soon)`}
        onClick={() => {
          if (tool.ready) setTool(tool.id as ToolId);
        }}
      >
        <Icon name={tool.icon} size={20} />
        <span className="nav-label">{tool.label}</span>
      </button>
    </li>
  );
}

export function NavRail() {
  return (
    <nav className="nav-rail" aria-label="Tools">
      <div className="nav-logo" aria-hidden="true">
        <svg viewBox="0 0 24 24" width="24" height="24">
          <rect x="2" y="4.5" width="20" height="15" rx="3.5" fill="var(--accent)" />
          <path d="M5.5 8.5l6.5 4.8 6.5-4.8" fill="none" stroke="var(--accent-contrast)" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </div>
      <ul>
        {TOOLS.filter((t) => t.ready).map((tool) => (
          <ToolButton key={tool.id} tool={tool} />
        ))}
        <FaultsNavButton />
      </ul>
      {/* The "soon" group only while some tool is not there yet: an empty heading reads as a missing tool. */}
      {TOOLS.some((t) => !t.ready) ? (
        <>
          <div className="nav-divider" aria-hidden="true">
            soon
          </div>
          <ul>
            {TOOLS.filter((t) => !t.ready).map((tool) => (
              <ToolButton key={tool.id} tool={tool} />
            ))}
          </ul>
        </>
      ) : null}
    </nav>
  );
}
