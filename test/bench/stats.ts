/**
 * Small statistics and table helpers for the benchmarks. Percentiles use the
 * nearest-rank method (no interpolation), so a p99 is a latency some message
 * actually saw.
 */

import { prng } from '../support/prng';

/** Nearest-rank percentile (p in 0–100) of unsorted values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** Median of unsorted values (mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return Number.NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A number for a table cell: fixed decimals, or "–" when unknown. */
export function fmt(value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Bytes as KiB/MiB for humans. */
export function fmtBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '–';
  if (bytes >= 1024 * 1024) return `${fmt(bytes / 1024 / 1024, 1)} MiB`;
  if (bytes >= 1024) return `${fmt(bytes / 1024, 1)} KiB`;
  return `${fmt(bytes)} B`;
}

/** A plain-text table with a header row: the first column left-aligned, the others right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * A percentile-bootstrap confidence interval for the median of a few noisy
 * samples (paired throughput ratios, say): resample with replacement
 * `iterations` times, take each resample's median, and cut the tails.
 * Seeded, so the same samples always print the same interval. NaN bounds
 * for no samples; a single sample is its own interval.
 */
export function medianInterval(values: readonly number[], confidence = 0.95, iterations = 10_000, seed = 1): { low: number; high: number } {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { low: Number.NaN, high: Number.NaN };
  const random = prng(seed);
  const medians = new Float64Array(iterations);
  const sample = new Array<number>(finite.length);
  for (let i = 0; i < iterations; i++) {
    for (let j = 0; j < finite.length; j++) sample[j] = finite[Math.floor(random() * finite.length)] as number;
    medians[i] = median(sample);
  }
  medians.sort();
  const tail = (1 - confidence) / 2;
  const at = (q: number) => medians[Math.min(iterations - 1, Math.max(0, Math.floor(q * iterations)))] as number;
  return { low: at(tail), high: at(1 - tail) };
}

export interface GoalVerdict {
  /** MET: the whole interval is at or above the goal; NOT MET: all of it below; AT THE LINE: the samples cannot tell. */
  word: 'MET' | 'NOT MET' | 'AT THE LINE';
  median: number;
  low: number;
  high: number;
}

/**
 * Judge "at least `goal`" from paired ratios by the median and its 95 %
 * bootstrap interval, so a verdict does not turn on one drifting sample:
 * MET only when the interval's low end reaches the goal.
 */
export function ratioVerdict(ratios: readonly number[], goal: number): GoalVerdict {
  const { low, high } = medianInterval(ratios);
  const word = Number.isNaN(low) ? 'NOT MET' : low >= goal ? 'MET' : high < goal ? 'NOT MET' : 'AT THE LINE';
  return { word, median: median(ratios), low, high };
}
