/**
 * Pure pieces of the transcript view (no React, no DOM), so they are unit
 * tested under Node: the kind markers, the time column, which explanations
 * start open, and the plain-text form used by Copy and Export.
 *
 * The text form is the same layout the screen shows — time, marker, text,
 * and each explanation indented under its reply — so a transcript pasted
 * into a ticket reads like the screen did.
 */
import type { ReplyExplanation } from '../../shared/model/smtp-reply';
import type { TranscriptEntry, TranscriptKind } from '../../shared/model/session';

/** The marker column: who spoke or what kind of event (colour is never the only cue). */
export const KIND_MARK: Record<TranscriptKind, string> = {
  client: 'C:',
  server: 'S:',
  info: '--',
  data: '..',
  error: '!!',
  dns: 'DNS',
  tcp: 'TCP',
  tls: 'TLS',
};

/** Spoken names for the marker (screen readers read "client" rather than "C colon"). */
export const KIND_NAME: Record<TranscriptKind, string> = {
  client: 'client',
  server: 'server',
  info: 'event',
  data: 'data',
  error: 'error',
  dns: 'DNS',
  tcp: 'TCP',
  tls: 'TLS',
};

/** Explains a reply's text (multi-line replies joined by \n); null when it cannot. */
export type ReplyExplainer = (reply: string) => ReplyExplanation | null;

/** "12 ms", "1 204 ms": whole milliseconds since the session started (fractions are noise here). */
export function formatMs(t: number): string {
  return `${Math.max(0, Math.round(t))} ms`;
}

/**
 * The explanation to show under an entry: the stored one (sends, probes), or
 * for a server reply or error without one (captured sessions) whatever the
 * explainer makes of its text. Client lines and events get none.
 */
export function explanationFor(entry: TranscriptEntry, explain?: ReplyExplainer): ReplyExplanation | null {
  if (entry.explanation) return entry.explanation;
  if (!explain || entry.kind !== 'server') return null;
  // Only real replies: a 3-digit code first. Anything else would be guessed at.
  if (!/^\d{3}(?:[ -]|$)/.test(entry.text)) return null;
  try {
    return explain(entry.text);
  } catch {
    return null;
  }
}

/** Success and "go on" replies start collapsed; refusals and connection failures start open. */
export function explanationStartsOpen(explanation: ReplyExplanation): boolean {
  return explanation.category === 'transient' || explanation.category === 'permanent' || explanation.category === 'connection';
}

/** The one-line label of an explanation: "550 5.1.1 · Mailbox unavailable". */
export function explanationHeadline(explanation: ReplyExplanation): string {
  const codes = [explanation.code !== null ? String(explanation.code) : '', explanation.enhanced ?? ''].filter(Boolean).join(' ');
  return codes ? `${codes} · ${explanation.title}` : explanation.title;
}

/** An explanation as indented text lines (for copy/export). */
export function explanationText(explanation: ReplyExplanation, indent: string): string[] {
  const lines = [`${indent}= ${explanationHeadline(explanation)}`, `${indent}  Meaning: ${explanation.meaning}`];
  if (explanation.provider) {
    const p = explanation.provider;
    lines.push(`${indent}  ${p.provider} (${p.marker}): ${p.meaning}`);
    lines.push(`${indent}  ${p.provider} fix: ${p.fix}`);
  }
  if (explanation.fix) lines.push(`${indent}  Fix: ${explanation.fix}`);
  if (explanation.references.length > 0) lines.push(`${indent}  See: ${explanation.references.join('; ')}`);
  return lines;
}

export interface TranscriptTextOptions {
  /** First line(s), e.g. "Mailscope send #4 to 127.0.0.1:2525 — delivered". */
  title?: string;
  /** Explainer for entries without a stored explanation. */
  explain?: ReplyExplainer;
  /** Include explanations (default: only those that start open — refusals and failures). */
  explanations?: 'none' | 'problems' | 'all';
}

/**
 * The transcript as plain text: `   12 ms  S:   250 OK`, continuation lines
 * of multi-line replies aligned under the text, explanations indented below.
 */
export function transcriptToText(entries: readonly TranscriptEntry[], options: TranscriptTextOptions = {}): string {
  const which = options.explanations ?? 'problems';
  const width = Math.max(4, ...entries.map((e) => formatMs(e.t).length));
  const pad = ' '.repeat(width + 2 + 5);
  const out: string[] = [];
  if (options.title) out.push(options.title, '');
  for (const entry of entries) {
    const head = `${formatMs(entry.t).padStart(width)}  ${KIND_MARK[entry.kind].padEnd(3)}  `;
    const [first = '', ...rest] = entry.text.split('\n');
    out.push(head + first);
    for (const line of rest) out.push(pad + line);
    if (which === 'none') continue;
    const explanation = explanationFor(entry, options.explain);
    if (explanation && (which === 'all' || explanationStartsOpen(explanation))) out.push(...explanationText(explanation, pad));
  }
  return out.join('\n') + '\n';
}

/** True when a scroll container is at (or within `slack` px of) its bottom. */
export function isAtBottom(box: { scrollTop: number; scrollHeight: number; clientHeight: number }, slack = 24): boolean {
  return box.scrollHeight - box.scrollTop - box.clientHeight <= slack;
}
