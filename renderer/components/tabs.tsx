/**
 * WAI-ARIA tabs: one tab stop, arrow keys move between tabs (automatic
 * activation), each panel labelled by its tab.
 */
import { useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

export interface TabSpec<T extends string> {
  id: T;
  label: ReactNode;
  disabled?: boolean;
  /** Tooltip, e.g. why a tab is disabled. */
  title?: string;
}

export function Tabs<T extends string>(props: { label: string; tabs: TabSpec<T>[]; active: T; onChange(id: T): void; idPrefix: string; actions?: ReactNode }) {
  const refs = useRef(new Map<T, HTMLButtonElement>());
  const enabled = props.tabs.filter((t) => !t.disabled);
  const onKeyDown = (event: KeyboardEvent) => {
    const index = enabled.findIndex((t) => t.id === props.active);
    let next: TabSpec<T> | undefined;
    if (event.key === 'ArrowRight') next = enabled[(index + 1) % enabled.length];
    else if (event.key === 'ArrowLeft') next = enabled[(index - 1 + enabled.length) % enabled.length];
    else if (event.key === 'Home') next = enabled[0];
    else if (event.key === 'End') next = enabled[enabled.length - 1];
    if (!next) return;
    event.preventDefault();
    props.onChange(next.id);
    refs.current.get(next.id)?.focus();
  };
  return (
    <div className="tabs-bar">
      <div role="tablist" aria-label={props.label} className="tabs" onKeyDown={onKeyDown}>
        {props.tabs.map((tab) => {
          const selected = tab.id === props.active;
          return (
            <button
              key={tab.id}
              ref={(el) => {
                if (el) refs.current.set(tab.id, el);
                else refs.current.delete(tab.id);
              }}
              type="button"
              role="tab"
              id={`${props.idPrefix}-tab-${tab.id}`}
              aria-selected={selected}
              aria-controls={`${props.idPrefix}-panel`}
              tabIndex={selected ? 0 : -1}
              disabled={tab.disabled}
              title={tab.title}
              className={selected ? 'tab tab-active' : 'tab'}
              onClick={() => props.onChange(tab.id)}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {props.actions ? <div className="tabs-actions">{props.actions}</div> : null}
    </div>
  );
}
