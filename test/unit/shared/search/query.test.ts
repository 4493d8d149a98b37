import { describe, expect, it } from 'vitest';
import { parseCalendarDate, parseQuery, type SearchCondition } from '../../../../shared/search/query';

const text = (value: string, extra: Partial<Extract<SearchCondition, { kind: 'text' }>> = {}): SearchCondition => ({
  kind: 'text',
  field: 'any',
  text: value,
  exact: false,
  negated: false,
  ...extra,
});

describe('parseQuery', () => {
  it('reads nothing from an empty or blank query', () => {
    expect(parseQuery('')).toEqual({ conditions: [], errors: [] });
    expect(parseQuery('  \t\n ')).toEqual({ conditions: [], errors: [] });
  });

  it('splits free words and keeps quoted phrases whole', () => {
    expect(parseQuery('invoice  "weekly report" total').conditions).toEqual([
      text('invoice'),
      text('weekly report', { exact: true }),
      text('total'),
    ]);
  });

  it('reads field filters with bare and quoted values', () => {
    expect(parseQuery('from:alice@example.com to:bob subject:"Re: lunch"').conditions).toEqual([
      text('alice@example.com', { field: 'from' }),
      text('bob', { field: 'to' }),
      text('Re: lunch', { field: 'subject', exact: true }),
    ]);
    expect(parseQuery('FROM:Alice').conditions).toEqual([text('Alice', { field: 'from' })]);
  });

  it('reads has:, is: and dates, folding negation into them', () => {
    expect(parseQuery('has:attachment -has:attachments is:unread -is:unread is:read').conditions).toEqual([
      { kind: 'has-attachment', value: true },
      { kind: 'has-attachment', value: false },
      { kind: 'read', value: false },
      { kind: 'read', value: true },
      { kind: 'read', value: true },
    ]);
    expect(parseQuery('before:2024-05-31 after:2024/1/2 -after:2024-02-29').conditions).toEqual([
      { kind: 'received', op: 'before', date: { year: 2024, month: 5, day: 31 } },
      { kind: 'received', op: 'on-or-after', date: { year: 2024, month: 1, day: 2 } },
      { kind: 'received', op: 'before', date: { year: 2024, month: 2, day: 29 } },
    ]);
  });

  it('negates words, phrases and fields', () => {
    expect(parseQuery('-spam -"out of office" -from:noreply').conditions).toEqual([
      text('spam', { negated: true }),
      text('out of office', { exact: true, negated: true }),
      text('noreply', { field: 'from', negated: true }),
    ]);
    // A hyphen inside a word, or alone, is not negation.
    expect(parseQuery('e-mail - x').conditions).toEqual([text('e-mail'), text('x')]);
  });

  it('explains unknown fields and ignores them, keeping the rest', () => {
    const q = parseQuery('colour:red invoice');
    expect(q.conditions).toEqual([text('invoice')]);
    expect(q.errors).toHaveLength(1);
    expect(q.errors[0]).toMatch(/^Unknown search field "colour:" in "colour:red" \(ignored\)\. Known fields: from:/);
  });

  it('explains bad dates, bad has:/is: values and empty field values', () => {
    const q = parseQuery('before:2024-02-30 after:yesterday has:pdf is:starred from: subject:""');
    expect(q.conditions).toEqual([]);
    expect(q.errors).toEqual([
      '"before:2024-02-30" is not a valid date: write before:YYYY-MM-DD, e.g. before:2024-05-31 (ignored).',
      '"after:yesterday" is not a valid date: write after:YYYY-MM-DD, e.g. after:2024-05-31 (ignored).',
      '"has:pdf" is not understood: the only has: filter is has:attachment (ignored).',
      '"is:starred" is not understood: use is:read or is:unread (ignored).',
      '"from:" needs a value, e.g. from:alice@example.com (ignored).',
      '"subject:""" needs a value, e.g. subject:"weekly report" (ignored).',
    ]);
  });

  it('treats "Re:" and pasted URLs as text, not as unknown fields', () => {
    expect(parseQuery('Re: lunch').conditions).toEqual([text('Re:'), text('lunch')]);
    expect(parseQuery('https://example.com/x').conditions).toEqual([text('https://example.com/x')]);
    expect(parseQuery('Re: lunch').errors).toEqual([]);
  });

  it('is forgiving with stray and unterminated quotes', () => {
    expect(parseQuery('"unterminated phrase').conditions).toEqual([text('unterminated phrase', { exact: true })]);
    expect(parseQuery('say"hi" ""').conditions).toEqual([text('say"hi"')]);
    expect(parseQuery('subject:"open').conditions).toEqual([text('open', { field: 'subject', exact: true })]);
  });

  it('keeps FTS-looking input as plain text (the store quotes it)', () => {
    expect(parseQuery('NEAR(a AND b) OR *').conditions).toEqual([text('NEAR(a'), text('AND'), text('b)'), text('OR'), text('*')]);
    expect(parseQuery('10:30').conditions).toEqual([text('10:30')]);
  });
});

describe('parseCalendarDate', () => {
  it('accepts real days only', () => {
    expect(parseCalendarDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseCalendarDate('2023-02-29')).toBeNull();
    expect(parseCalendarDate('1900-02-29')).toBeNull();
    expect(parseCalendarDate('2000-02-29')).not.toBeNull();
    expect(parseCalendarDate('2024-04-31')).toBeNull();
    expect(parseCalendarDate('2024-13-01')).toBeNull();
    expect(parseCalendarDate('2024-00-10')).toBeNull();
    expect(parseCalendarDate('24-01-01')).toBeNull();
    expect(parseCalendarDate('2024-01-01T00:00')).toBeNull();
  });
});
