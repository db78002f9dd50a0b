// The main column's two views: what training produces (samples, losses, quality) and the latent
// explorer. Tabs keep the explorer one click from the samples at any window height; both views
// stay mounted (hidden, not removed), so a scrubbed timeline or a picked pair survives a switch,
// and the tab bar is there from the start, so nothing moves when a run begins.

import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import './tabs.css';

export interface ResultTab {
  readonly id: string;
  readonly label: string;
  /** A short word after the label, e.g. what the tab needs. */
  readonly hint?: string;
  readonly content: ReactNode;
}

export function ResultTabs({ tabs }: { tabs: readonly ResultTab[] }) {
  const [active, setActive] = useState(tabs[0].id);
  const base = useId();
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  // Arrow keys move between tabs, as in every tablist (WAI-ARIA authoring practices).
  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    const next = (index + step + tabs.length) % tabs.length;
    setActive(tabs[next].id);
    buttons.current[next]?.focus();
  };

  return (
    <>
      <div className="result-tabs" role="tablist" aria-label="Results">
        {tabs.map((tab, i) => (
          <button
            key={tab.id}
            ref={(node) => {
              buttons.current[i] = node;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${tab.id}`}
            aria-controls={`${base}-panel-${tab.id}`}
            aria-selected={tab.id === active}
            tabIndex={tab.id === active ? 0 : -1}
            className="result-tab"
            data-testid={`tab-${tab.id}`}
            onClick={() => setActive(tab.id)}
            onKeyDown={(e) => onKeyDown(e, i)}
          >
            {tab.label}
            {tab.hint !== undefined && <span className="result-tab-hint">{tab.hint}</span>}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={`${base}-panel-${tab.id}`}
          aria-labelledby={`${base}-tab-${tab.id}`}
          className="result-panel"
          data-testid={`tabpanel-${tab.id}`}
          hidden={tab.id !== active}
        >
          {tab.content}
        </div>
      ))}
    </>
  );
}
