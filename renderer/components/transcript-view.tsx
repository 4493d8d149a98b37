/**
 * THE transcript view: captured SMTP sessions (message view), test sends and
 * replays (Send screen) and probes (Probe screen) all show their
 * conversation here, the same way.
 *
 * Each line: time since the start (ms), a kind marker (C: S: DNS TCP TLS --
 * !!; colour is never the only cue), the text in monospace. Under each server
 * reply or failure, its explanation — stored with sends and probes, made on
 * the fly by `explain` for captured sessions, which store none.
 *
 * Live transcripts grow while shown: the view follows the end while the user
 * is at the bottom, and stays put (offering a "new lines" jump) when they
 * scrolled up to read. Copy and Export give the same text the screen shows.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { TranscriptEntry } from '../../shared/model/session';
import { saveFile } from '../api/desktop';
import { CopyButton } from './copy-button';
import { Icon } from './icon';
import { ReplyExplanationView } from './reply-explanation';
import { explanationFor, formatMs, isAtBottom, KIND_MARK, KIND_NAME, repeatedExplanations, replyStages, transcriptToText } from './transcript-text';
import type { ReplyExplainer } from './transcript-text';
import '../styles/transcript.css';

export interface TranscriptViewProps {
  /** The lines, in order (a live transcript passes a growing array). */
  entries: readonly TranscriptEntry[];
  /** Accessible name of the list. */
  label?: string;
  /** Explains replies that carry no stored explanation (captured sessions). */
  explain?: ReplyExplainer;
  /** Still growing: follow the end and say so. */
  live?: boolean;
  /**
   * Scroll inside the view (fills its parent, which must give it a height):
   * needed for live following. Off, the page around it scrolls.
   */
  scroll?: boolean;
  /** First line of the copied/exported text, e.g. "Send #4 to 127.0.0.1:2525 — delivered". */
  title?: string;
  /** File name of Export. */
  fileName?: string;
  /** Export some other way (e.g. the core's masked export); default: save the text shown. */
  onExport?: () => void;
  /** Shown when there are no lines yet. */
  emptyText?: string;
  /** Extra buttons at the start of the toolbar. */
  actions?: ReactNode;
}

/** Server replies are coloured by class too: a 550 in "all is well" green would mislead. */
function replyClass(entry: TranscriptEntry): string {
  if (entry.kind !== 'server') return '';
  const digit = /^([45])\d\d/.exec(entry.text)?.[1];
  return digit ? ` line-reply-${digit}xx` : '';
}

export function TranscriptView(props: TranscriptViewProps) {
  const { entries, explain, live = false, scroll = false } = props;
  const box = useRef<HTMLDivElement>(null);
  // Follow the end until the user scrolls away from it; a ref so scrolling does not re-render.
  const follow = useRef(true);
  const seen = useRef(entries.length);
  const [unseen, setUnseen] = useState(0);

  const explained = useMemo(() => {
    const stages = explain ? replyStages(entries) : [];
    return entries.map((e, i) => explanationFor(e, explain, stages[i]));
  }, [entries, explain]);
  const repeated = useMemo(() => repeatedExplanations(explained), [explained]);
  const text = useMemo(() => transcriptToText(entries, { title: props.title, explain }), [entries, explain, props.title]);

  // Mounted while live with lines already there (a fast send's first steps
  // arrive before the view exists): start at the end, which it then follows.
  useLayoutEffect(() => {
    const el = box.current;
    if (scroll && live && el) el.scrollTop = el.scrollHeight;
    // Only on mount: later changes are the effect below's business.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useLayoutEffect(() => {
    const el = box.current;
    const added = entries.length - seen.current;
    seen.current = entries.length;
    if (!scroll || !el) return;
    if (added < 0) {
      // A different transcript replaced this one: start at its top (or its end while live).
      follow.current = live;
      el.scrollTop = live ? el.scrollHeight : 0;
      setUnseen(0);
      return;
    }
    if (added === 0) return;
    if (follow.current) el.scrollTop = el.scrollHeight;
    else setUnseen((n) => n + added);
  }, [entries.length, scroll, live]);

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    follow.current = isAtBottom(el);
    if (follow.current) setUnseen(0);
  };
  const jumpToEnd = () => {
    const el = box.current;
    if (!el) return;
    follow.current = true;
    el.scrollTop = el.scrollHeight;
    setUnseen(0);
  };
  const exportText = () => {
    if (props.onExport) props.onExport();
    else void saveFile(props.fileName ?? 'transcript.txt', new TextEncoder().encode(text), 'text/plain;charset=utf-8');
  };

  return (
    <div className={scroll ? 'transcript-view transcript-view-scroll' : 'transcript-view'}>
      <div className="transcript-toolbar">
        {props.actions}
        {live ? (
          <span className="transcript-live" role="status">
            <span className="transcript-live-dot" aria-hidden="true" /> live
          </span>
        ) : null}
        <span className="header-spacer" />
        <span className="muted num">
          {entries.length} line{entries.length === 1 ? '' : 's'}
        </span>
        <CopyButton text={text} label="Copy" />
        <button type="button" className="button button-small" onClick={exportText} disabled={entries.length === 0} title="Save the transcript as a text file">
          <Icon name="download" size={14} /> Export
        </button>
      </div>
      <div ref={box} className="transcript-scroll" onScroll={scroll ? onScroll : undefined} tabIndex={scroll ? 0 : undefined} aria-label={scroll ? props.label ?? 'SMTP transcript' : undefined} role={scroll ? 'region' : undefined}>
        {entries.length === 0 ? (
          <p className="transcript-empty muted">{props.emptyText ?? 'No lines yet.'}</p>
        ) : (
          <ol className="transcript mono" data-testid="transcript" aria-label={props.label ?? 'SMTP transcript'} aria-live={live ? 'polite' : undefined} aria-relevant="additions">
            {entries.map((entry, i) => {
              const explanation = explained[i];
              return (
                <li key={i} className={`line line-${entry.kind}${replyClass(entry)}`} data-kind={entry.kind}>
                  <span className="line-time">{formatMs(entry.t)}</span>
                  <span className="line-mark" aria-label={KIND_NAME[entry.kind]}>
                    {KIND_MARK[entry.kind]}
                  </span>
                  <span className="line-text">{entry.text}</span>
                  {explanation ? (
                    <div className="line-explanation">
                      <ReplyExplanationView explanation={explanation} compact repeated={repeated[i]} />
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ol>
        )}
      </div>
      {unseen > 0 ? (
        <button type="button" className="button button-small transcript-jump" onClick={jumpToEnd}>
          <Icon name="chevronDown" size={14} /> {unseen} new line{unseen === 1 ? '' : 's'}
        </button>
      ) : null}
    </div>
  );
}
