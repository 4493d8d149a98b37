import { describe, expect, it } from 'vitest';
import { median, medianInterval, ratioVerdict } from '../../bench/stats';

describe('bench: medianInterval (bootstrap interval of a median)', () => {
  it('brackets the median and stays within the samples', () => {
    const ratios = [1.42, 1.4, 1.61, 1.56, 1.64, 1.57, 1.39, 1.58, 1.64, 1.73];
    const { low, high } = medianInterval(ratios);
    expect(low).toBeLessThanOrEqual(median(ratios));
    expect(high).toBeGreaterThanOrEqual(median(ratios));
    expect(low).toBeGreaterThanOrEqual(Math.min(...ratios));
    expect(high).toBeLessThanOrEqual(Math.max(...ratios));
    expect(high - low).toBeGreaterThan(0);
  });

  it('narrows as samples from the same spread accumulate', () => {
    const spread = [0.8, 0.9, 1.0, 1.1, 1.2];
    const few = medianInterval(spread);
    const many = medianInterval(Array.from({ length: 20 }, () => spread).flat());
    expect(many.high - many.low).toBeLessThan(few.high - few.low);
  });

  it('is reproducible for the same samples and seed', () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6];
    expect(medianInterval(values)).toEqual(medianInterval(values));
  });

  it('gives a single sample as its own interval and NaN for none', () => {
    expect(medianInterval([1.5])).toEqual({ low: 1.5, high: 1.5 });
    const none = medianInterval([Number.NaN]);
    expect(Number.isNaN(none.low) && Number.isNaN(none.high)).toBe(true);
  });

  it('widens with the confidence asked for', () => {
    const values = [1.1, 1.3, 1.2, 1.6, 1.4, 1.5, 1.25, 1.45];
    const narrow = medianInterval(values, 0.5);
    const wide = medianInterval(values, 0.99);
    expect(wide.low).toBeLessThanOrEqual(narrow.low);
    expect(wide.high).toBeGreaterThanOrEqual(narrow.high);
    expect(wide.high - wide.low).toBeGreaterThan(narrow.high - narrow.low);
  });
});

describe('bench: ratioVerdict', () => {
  it('says MET only when the whole interval reaches the goal', () => {
    expect(ratioVerdict([1.9, 2.0, 2.1, 2.2, 2.4], 1.5).word).toBe('MET');
    expect(ratioVerdict([1.1, 1.2, 1.25, 1.3, 1.4], 1.5).word).toBe('NOT MET');
    const mixed = ratioVerdict([1.07, 1.11, 1.51, 1.81, 1.74], 1.5);
    expect(mixed.word).toBe('AT THE LINE');
    expect(mixed.median).toBeCloseTo(1.51);
  });

  it('says NOT MET without samples', () => {
    expect(ratioVerdict([], 1.5).word).toBe('NOT MET');
  });
});
