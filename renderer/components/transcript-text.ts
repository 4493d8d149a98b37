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
import type { ReplyStage } from '../../shared/smtp/types';

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

/**
 * Explains a reply's text (multi-line replies joined by \n), read as the
 * answer to `stage` when known; null when it cannot.
 */
export type ReplyExplainer = (reply: string, stage?: ReplyStage) => ReplyExplanation | null;

const VERB_STAGE: Record<string, ReplyStage> = {
  EHLO: 'ehlo',
  HELO: 'ehlo',
  LHLO: 'ehlo',
  STARTTLS: 'starttls',
  AUTH: 'auth',
  MAIL: 'mail',
  RCPT: 'rcpt',
  DATA: 'data',
  QUIT: 'quit',
};

/**
 * The step each server reply answers, read from the client line before it
 * (the same code means different things: 250 after the message body is
 * "accepted", 554 as the greeting is "no SMTP service here"). The greeting
 * is the first reply; the reply after a DATA summary line judges the
 * message; masked AUTH continuation lines stay in AUTH. Undefined for
 * entries that are not replies, or when the step cannot be told.
 */
export function replyStages(entries: readonly TranscriptEntry[]): (ReplyStage | undefined)[] {
  let stage: ReplyStage | undefined = 'connect';
  return entries.map((entry) => {
    if (entry.kind === 'client') {
      const verb = (/^\s*([A-Za-z]+)/.exec(entry.text)?.[1] ?? '').toUpperCase();
      // A masked AUTH continuation ("********") keeps the AUTH stage; anything unknown is left unknown.
      stage = VERB_STAGE[verb] ?? (stage === 'auth' && !/^[A-Za-z]{3,}\b/.test(entry.text.trim()) ? 'auth' : undefined);
      return undefined;
    }
    if (entry.kind === 'data') {
      stage = 'after-data';
      return undefined;
    }
    if (entry.kind !== 'server') return undefined;
    const at = stage;
    // Only the first reply is the greeting; another one before any command answers nothing we know.
    if (stage === 'connect') stage = undefined;
    return at;
  });
}

/** "12 ms", "1 204 ms": whole milliseconds since the session started (fractions are noise here). */
export function formatMs(t: number): string {
  return `${Math.max(0, Math.round(t))} ms`;
}

/**
 * The explanation to show under an entry: the stored one (sends, probes), or
 * for a server reply or error without one (captured sessions) whatever the
 * explainer makes of its text. Client lines and events get none.
 */
export function explanationFor(entry: TranscriptEntry, explain?: ReplyExplainer, stage?: ReplyStage): ReplyExplanation | null {
  if (entry.explanation) return entry.explanation;
  if (!explain || entry.kind !== 'server') return null;
  // Only real replies: a 3-digit code first. Anything else would be guessed at.
  if (!/^\d{3}(?:[ -]|$)/.test(entry.text)) return null;
  try {
    return explain(entry.text, stage);
  } catch {
    return null;
  }
}

/**
 * For each entry, true when its explanation says exactly what one shown
 * earlier said (a refusal is often followed by the client's error line and a
 * result line explained the same way): those start closed and say so, so
 * the reader meets each explanation once. Only problems count: successes
 * start closed whatever happens.
 */
export function repeatedExplanations(explanations: readonly (ReplyExplanation | null)[]): boolean[] {
  const seen = new Set<string>();
  return explanations.map((e) => {
    // Successes start closed anyway: pointing back to an earlier "250 OK" is noise.
    if (!e || !explanationStartsOpen(e)) return false;
    const key = JSON.stringify([e.code, e.enhanced, e.title, e.meaning, e.provider?.marker ?? null, e.fix]);
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
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
  if (explanation.fix && explanation.fix !== explanation.provider?.fix) lines.push(`${indent}  Fix: ${explanation.fix}`);
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
  const stages = options.explain ? replyStages(entries) : [];
  const explanations = entries.map((entry, i) => (which === 'none' ? null : explanationFor(entry, options.explain, stages[i])));
  const repeated = repeatedExplanations(explanations);
  const pad = ' '.repeat(width + 2 + 5);
  const out: string[] = [];
  if (options.title) out.push(options.title, '');
  entries.forEach((entry, i) => {
    const head = `${formatMs(entry.t).padStart(width)}  ${KIND_MARK[entry.kind].padEnd(3)}  `;
    const [first = '', ...rest] = entry.text.split('\n');
    out.push(head + first);
    for (const line of rest) out.push(pad + line);
    if (which === 'none') return;
    const explanation = explanations[i];
    if (!explanation || (which !== 'all' && !explanationStartsOpen(explanation))) return;
    if (repeated[i]) out.push(`${pad}= ${explanationHeadline(explanation)} (explained above)`);
    else out.push(...explanationText(explanation, pad));
  });
  return out.join('\n') + '\n';
}

/** True when a scroll container is at (or within `slack` px of) its bottom. */
export function isAtBottom(box: { scrollTop: number; scrollHeight: number; clientHeight: number }, slack = 24): boolean {
  return box.scrollHeight - box.scrollTop - box.clientHeight <= slack;
}
