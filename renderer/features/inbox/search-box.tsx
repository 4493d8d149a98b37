/**
 * Search with the query syntax the host understands (shared/search): free
 * text plus from:, to:, subject:, has:attachment, before:/after:. Typing
 * applies after a short pause; the host's complaints about the query are
 * shown right under the box.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useApp, useAppShallow } from '../../app/store-context';
import { Icon } from '../../components/icon';

const SYNTAX: [string, string][] = [
  ['invoice', 'a word anywhere (subject, addresses, body, attachment names); "invoi" finds "invoice"'],
  ['"exact phrase"', 'these words, adjacent, in this order'],
  ['from:alice@example.com', 'From header or envelope sender'],
  ['to:qa', 'To, Cc or any envelope recipient (so Bcc too)'],
  ['subject:"weekly report"', 'words in the subject'],
  ['has:attachment', 'with attachments (-has:attachment: without)'],
  ['is:unread', 'not opened yet (is:read: opened)'],
  ['after:2024-05-01 before:2024-06-01', 'received in a date range (before: excludes that day)'],
  ['-from:noreply', 'a minus negates any condition'],
];

const DEBOUNCE_MS = 200;

export function SearchBox() {
  const { query, queryErrors, total, loaded } = useAppShallow((s) => ({ query: s.query, queryErrors: s.queryErrors, total: s.total, loaded: s.listLoaded }));
  const setQuery = useApp((s) => s.setQuery);
  const focusRequest = useApp((s) => s.searchFocusRequest);
  const [text, setText] = useState(query);
  const [help, setHelp] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const helpId = useId();

  useEffect(() => {
    if (focusRequest > 0) {
      input.current?.focus();
      input.current?.select();
    }
  }, [focusRequest]);

  // The syntax help closes on Escape or a click anywhere else.
  useEffect(() => {
    if (!help) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !(event.target as Element).closest?.('.search')) setHelp(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [help]);

  useEffect(() => {
    if (text === query) return;
    const timer = setTimeout(() => setQuery(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, query, setQuery]);

  return (
    <div className="search">
      <div className={queryErrors.length > 0 ? 'search-field search-field-error' : 'search-field'}>
        <Icon name="search" />
        <input
          ref={input}
          type="search"
          className="search-input"
          placeholder="Search   from:  to:  subject:  has:attachment  before:  after:"
          aria-label="Search messages"
          aria-describedby={queryErrors.length > 0 ? errorId : undefined}
          aria-invalid={queryErrors.length > 0}
          spellCheck={false}
          autoComplete="off"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') setQuery(text);
            if (e.key === 'Escape') {
              setText('');
              setQuery('');
            }
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              document.querySelector<HTMLElement>('[data-message-list]')?.focus();
            }
          }}
        />
        {query.trim() !== '' && loaded ? (
          <span className="search-count" aria-live="polite">
            {total.toLocaleString()} {total === 1 ? 'match' : 'matches'}
          </span>
        ) : null}
        <kbd className="search-kbd" aria-hidden="true">
          /
        </kbd>
        <button type="button" className="icon-button search-help-button" aria-label="Search syntax" aria-expanded={help} aria-controls={helpId} onClick={() => setHelp((h) => !h)}>
          ?
        </button>
      </div>
      {queryErrors.length > 0 ? (
        <div className="search-errors" id={errorId} role="alert">
          {queryErrors.map((e) => (
            <div key={e}>{e}</div>
          ))}
        </div>
      ) : null}
      {help ? (
        <div className="search-help" id={helpId} role="region" aria-label="Search syntax">
          <table>
            <tbody>
              {SYNTAX.map(([example, meaning]) => (
                <tr key={example}>
                  <td>
                    <button
                      type="button"
                      className="link-button mono"
                      onClick={() => {
                        setText(example);
                        setQuery(example);
                        setHelp(false);
                      }}
                    >
                      {example}
                    </button>
                  </td>
                  <td>{meaning}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">Conditions combine with AND. Esc in the box clears it.</p>
        </div>
      ) : null}
    </div>
  );
}
