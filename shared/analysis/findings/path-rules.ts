/**
 * Finding rules about the input and the delivery path: what could not be
 * read, hops and their timing (long delays, clock skew), and header fields
 * whose absence filters notice.
 */
import type { Finding } from '../../model/analysis';
import { type FindingRule, computedEvidence, finding, formatDuration, headerEvidence, hopEvidence } from './helpers';

/** A step longer than this is called out. Greylisting retries are typically 5–30 minutes. */
const LONG_STEP_MS = 5 * 60_000;
const VERY_LONG_MS = 60 * 60_000;

const inputProblems: FindingRule = {
  id: 'input',
  run(input) {
    const k = input.input.kind;
    if (k === 'empty') {
      return finding({
        id: 'input-empty',
        severity: 'info',
        confidence: 'unknown',
        title: 'Nothing to analyze yet',
        explanation: 'Paste the raw headers ("Show original" in Gmail, "View message source" in Outlook) or a whole .eml file.',
        evidence: [],
        fix: null,
      });
    }
    if (k === 'not-headers') {
      return finding({
        id: 'input-not-headers',
        severity: 'info',
        confidence: 'unknown',
        title: 'This does not look like mail headers',
        explanation: 'No header fields ("Name: value" lines such as Received:, From:, Authentication-Results:) were found. Copy the raw source, not the rendered message: "Show original" in Gmail, "View message source" / "Message details" in Outlook, "View → Message → Raw source" in Apple Mail.',
        evidence: input.parseWarnings.slice(0, 3).map((w) => computedEvidence(w.text ? `${w.message} (${w.text})` : w.message)),
        fix: null,
      });
    }
    const important = input.parseWarnings.filter((w) => w.code !== 'gmail-summary-skipped');
    if (important.length === 0) return null;
    return finding({
      id: 'input-partly-read',
      severity: 'info',
      confidence: 'recorded',
      title: `${important.length} part${important.length > 1 ? 's' : ''} of the input could not be read exactly`,
      explanation: `${important.slice(0, 3).map((w) => w.message).join(' ')}${important.length > 3 ? ` (${important.length - 3} more in "What could not be read".)` : ''} Everything else is shown.`,
      evidence: important.slice(0, 5).map((w) => (w.line ? headerEvidence('input', w.text ?? w.message, w.line) : computedEvidence(w.text ?? w.message))),
      fix: null,
    });
  },
};

const hopsMissing: FindingRule = {
  id: 'hops',
  run(input) {
    if (input.input.headerCount === 0) return null;
    const t = input.hops;
    if (t.hops.length === 0) {
      return finding({
        id: 'no-hops',
        severity: 'info',
        confidence: 'unknown',
        title: 'No Received headers',
        explanation: 'The input has no Received headers, so the delivery path, the connecting IP that SPF is about and the delays cannot be shown. Paste the complete header block if you have it.',
        evidence: [],
        fix: null,
      });
    }
    if (t.unparsedCount > 0) {
      const bad = t.hops.filter((h) => !h.parsed);
      return finding({
        id: 'hops-unparsed',
        severity: 'info',
        title: `${t.unparsedCount} Received header${t.unparsedCount > 1 ? 's' : ''} could not be read`,
        explanation: 'They are shown raw in the timeline; the delays around them may be missing.',
        evidence: bad.slice(0, 3).map(hopEvidence),
        fix: null,
      });
    }
    return null;
  },
};

const delays: FindingRule = {
  id: 'delays',
  run(input) {
    const out: Finding[] = [];
    const hops = input.hops.hops;
    const skewed = hops.filter((h) => h.clockSkew && h.delayMs !== null);
    if (skewed.length > 0) {
      const parts = skewed.map((h) => {
        const prev = hops[h.index - 1];
        return `${h.by ?? `hop ${h.index + 1}`} stamped ${formatDuration(-(h.delayMs ?? 0))} before ${prev?.by ?? 'the previous hop'}`;
      });
      out.push(finding({
        id: 'clock-skew',
        severity: 'low',
        title: 'Clock skew between servers',
        explanation: `Timestamps go backwards: ${parts.join('; ')}. A server's clock is wrong (or a zone is missing); the delays around it are not real delivery time.`,
        evidence: skewed.map(hopEvidence),
        fix: 'The server with the wrong clock should run NTP; nothing to fix for delivery.',
      }));
    }
    let longest: (typeof hops)[number] | null = null;
    for (const h of hops) if (h.delayMs !== null && h.delayMs > 0 && (!longest || h.delayMs > (longest.delayMs ?? 0))) longest = h;
    if (longest && longest.delayMs !== null && longest.delayMs >= LONG_STEP_MS) {
      const prev = hops[longest.index - 1];
      const total = input.hops.totalMs;
      out.push(finding({
        id: 'long-delay',
        severity: longest.delayMs >= VERY_LONG_MS ? 'medium' : 'low',
        title: `Delivery was delayed ${formatDuration(longest.delayMs)} at one step`,
        explanation: `The longest step took ${formatDuration(longest.delayMs)}: from ${prev?.by ?? prev?.from ?? 'the previous hop'} to ${longest.by ?? 'the next hop'}${total !== null ? ` (whole path: ${formatDuration(total)})` : ''}. Usual causes: greylisting (a first attempt is refused and retried minutes later), a sending queue or rate limit, or a retry after a temporary failure.`,
        evidence: [prev ? hopEvidence(prev) : null, hopEvidence(longest)].filter((e): e is NonNullable<typeof e> => e !== null),
        fix: longest.internal ? 'The delay is inside the receiver: nothing the sender can change.' : 'Check the sending server\'s queue and logs around that time for deferrals (4xx replies).',
      }));
    }
    const d2f = input.hops.dateToFirstHopMs;
    if (d2f !== null && d2f > VERY_LONG_MS) {
      out.push(finding({
        id: 'date-before-first-hop',
        severity: 'low',
        confidence: 'estimated',
        title: `Sent ${formatDuration(d2f)} after its Date`,
        explanation: `The Date header is ${formatDuration(d2f)} earlier than the first Received timestamp: the message was composed long before sending (a draft, a scheduled send, a queue) or the sending client's clock is wrong. Old dates can look suspicious to filters.`,
        evidence: [headerEvidence('Date', input.input.date ?? '', null), ...(hops[0] ? [hopEvidence(hops[0])] : [])],
        fix: null,
      }));
    }
    return out;
  },
};

const missingFields: FindingRule = {
  id: 'missing-fields',
  run(input) {
    if (input.input.kind !== 'headers' && input.input.kind !== 'message') return null;
    // Only meaningful when the paste looks complete: a From header means the user copied the whole block.
    if (input.input.from === null) return null;
    const missing: string[] = [];
    if (input.input.messageId === null) missing.push('Message-ID');
    if (input.input.date === null) missing.push('Date');
    if (missing.length === 0) return null;
    return finding({
      id: 'missing-fields',
      severity: 'low',
      title: `Missing ${missing.join(' and ')}`,
      explanation: `The message has no ${missing.join(' or ')} header. Spam filters score that (e.g. SpamAssassin MISSING_MID / MISSING_DATE) and Gmail may reject mail without a Message-ID.`,
      evidence: [computedEvidence(`No ${missing.join(', ')} field in the headers.`)],
      fix: 'Let the sending library or server add Message-ID and Date.',
    });
  },
};

export const pathRules: FindingRule[] = [inputProblems, hopsMissing, delays, missingFields];
