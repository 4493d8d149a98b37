/** The store's search: shared/search syntax run against real SQLite + FTS5. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSearchSql, ftsString, startOfLocalDay } from '../../../../../electron/core/store/search-sql';
import { parseQuery } from '../../../../../shared/search/query';
import { makeEnvelope, makeIndex, makeMessage, tempStore, type TempStore } from './store-helpers';

let t: TempStore;
const id: Record<string, number> = {};

beforeAll(() => {
  t = tempStore();
  const add = (name: string, index: Parameters<typeof makeIndex>[0], envelope = makeEnvelope('bounces@esp.example', ['bob@example.org']), receivedAt?: number) => {
    id[name] = t.store.insertMessage(makeMessage(name, { envelope, receivedAt }), makeIndex(index)).id;
  };
  add('invoice', {
    subject: 'Your invoice #4411 is ready',
    from: [{ name: 'Billing Team', address: 'billing@shop.example' }],
    to: [{ name: 'Bob Builder', address: 'bob@example.org' }],
    bodyText: 'Please find the invoice attached. Total due: 42 EUR.',
    attachmentCount: 1,
    attachmentNames: ['invoice-4411.pdf'],
  }, undefined, new Date(2024, 0, 15, 10).getTime());
  add('reset', {
    subject: 'Password reset',
    from: [{ name: 'Security', address: 'no-reply@auth.example' }],
    to: [{ name: '', address: 'carol@example.net' }],
    cc: [{ name: 'Dave Ops', address: 'dave@ops.example' }],
    bodyText: 'Click the link to reset your password. Ignore if you did not ask.',
  }, makeEnvelope('', ['carol@example.net', 'hidden-bcc@audit.example']), new Date(2024, 1, 1, 0, 0).getTime());
  add('weekly', {
    subject: 'Weekly report: café numbers',
    from: [{ name: 'Ana Müller', address: 'ana@example.com' }],
    bodyText: 'The weekly report is attached as a spreadsheet. Sales went "up" (a lot).',
    attachmentCount: 2,
    attachmentNames: ['report.xlsx', 'chart.png'],
  }, undefined, new Date(2024, 1, 10, 23, 59).getTime());
  add('hostile', {
    subject: 'AND OR NOT NEAR( subject:x "quoted" * ^start',
    bodyText: 'weird" syntax: {a b} - + * ( )',
  }, undefined, new Date(2024, 2, 1).getTime());
  t.store.markRead([id['invoice']!], true);
});
afterAll(() => t.dispose());

function ids(query: string): string[] {
  const names = Object.fromEntries(Object.entries(id).map(([k, v]) => [v, k]));
  return t.store.listMessages(query, 0, 100).items.map((m) => names[m.id] ?? `#${m.id}`);
}

describe('store search', () => {
  it('matches free words anywhere, as prefixes, all of them', () => {
    expect(ids('invoice')).toEqual(['invoice']);
    expect(ids('invoi')).toEqual(['invoice']); // prefix
    expect(ids('report attached')).toEqual(['weekly']);
    expect(ids('report password')).toEqual([]); // AND, not OR
    expect(ids('chart.png')).toEqual(['weekly']); // attachment names
    expect(ids('cafe')).toEqual(['weekly']); // diacritics folded
    expect(ids('MÜLLER')).toEqual(['weekly']);
  });

  it('matches quoted phrases exactly', () => {
    expect(ids('"weekly report"')).toEqual(['weekly']);
    expect(ids('"report weekly"')).toEqual([]);
    expect(ids('"invoi"')).toEqual([]); // no prefix inside quotes
  });

  it('filters by from:, to: (including envelope recipients) and subject:', () => {
    expect(ids('from:billing')).toEqual(['invoice']);
    expect(ids('from:billing@shop.example')).toEqual(['invoice']);
    expect(ids('from:"Billing Team"')).toEqual(['invoice']);
    expect(ids('from:bounces@esp.example')).toEqual(['hostile', 'weekly', 'invoice']); // envelope sender
    expect(ids('to:dave')).toEqual(['reset']); // Cc
    expect(ids('to:hidden-bcc@audit.example')).toEqual(['reset']); // Bcc: only in RCPT TO
    expect(ids('to:billing')).toEqual([]);
    expect(ids('subject:password')).toEqual(['reset']);
    expect(ids('subject:link')).toEqual([]); // in the body, not the subject
    expect(ids('subject:"weekly report"')).toEqual(['weekly']);
  });

  it('filters by attachment, read state and received date', () => {
    expect(ids('has:attachment')).toEqual(['weekly', 'invoice']);
    expect(ids('-has:attachment')).toEqual(['hostile', 'reset']);
    expect(ids('is:read')).toEqual(['invoice']);
    expect(ids('is:unread')).toEqual(['hostile', 'weekly', 'reset']);
    expect(ids('before:2024-02-01')).toEqual(['invoice']); // the day itself excluded
    expect(ids('after:2024-02-01')).toEqual(['hostile', 'weekly', 'reset']); // the day itself included
    expect(ids('after:2024-02-01 before:2024-02-11')).toEqual(['weekly', 'reset']);
    expect(ids('-before:2024-03-01')).toEqual(['hostile']);
    expect(ids('has:attachment is:unread report')).toEqual(['weekly']);
  });

  it('negates words, fields and phrases, also without a positive word', () => {
    expect(ids('-invoice')).toEqual(['hostile', 'weekly', 'reset']);
    expect(ids('-from:billing -subject:password')).toEqual(['hostile', 'weekly']);
    expect(ids('attached -"weekly report"')).toEqual(['invoice']);
  });

  it('pages inside the full-text index when the query is only words', () => {
    expect(buildSearchSql(parseQuery('report -x')).ftsOnly).toBeNull();
    expect(buildSearchSql(parseQuery('report attached')).ftsOnly).toBe('"report"* AND "attached"*');
    expect(buildSearchSql(parseQuery('-report')).negativeOnly).toBe('"report"*');
    const all = t.store.listMessages('from:bounces', 0, 10);
    const paged = [0, 1, 2].map((offset) => t.store.listMessages('from:bounces', offset, 1));
    expect(paged.map((p) => p.total)).toEqual([3, 3, 3]);
    expect(paged.flatMap((p) => p.items.map((m) => m.id))).toEqual(all.items.map((m) => m.id));
    expect(t.store.listMessages('-from:bounces', 0, 10).total).toBe(1);
  });

  it('counts matches for paging', () => {
    const page = t.store.listMessages('is:unread', 1, 1);
    expect(page.total).toBe(3);
    expect(page.items).toHaveLength(1);
    expect(t.store.listMessages('from:bounces', 0, 1).total).toBe(3);
  });

  it('never lets user input break FTS5 syntax', () => {
    const hostile = ['AND', 'OR', 'NOT', 'NEAR(', '"', '""', '"unterminated', '*', '^start', 'subject:x', 'a:b:c', '(', ')', '{a b}', '-', '--', '+', 'NEAR(a b, 3)', "'; DROP TABLE messages; --", '\0', 'weird"', 'from:"', 'to:*'];
    for (const q of hostile) {
      const result = t.store.listMessages(q, 0, 10);
      expect(result.queryErrors.filter((e) => e.startsWith('The search could not be run')), q).toEqual([]);
    }
    expect(ids('AND OR NOT')).toEqual(['hostile']);
    expect(ids('NEAR(')).toEqual(['hostile']);
    expect(ids('weird"')).toEqual(['hostile']);
    expect(ids('subject:^start')).toEqual(['hostile']);
    expect(t.store.count().total).toBe(4);
  });

  it('reports unknown fields and bad dates while running the rest', () => {
    const result = t.store.listMessages('color:red invoice before:2024-02-30', 0, 10);
    expect(result.items.map((m) => m.id)).toEqual([id['invoice']]);
    expect(result.queryErrors).toHaveLength(2);
    expect(result.queryErrors[0]).toMatch(/Unknown search field "color:"/);
    expect(result.queryErrors[1]).toMatch(/not a valid date/);
  });
});

describe('buildSearchSql', () => {
  it('quotes every value as an FTS5 string', () => {
    expect(ftsString('say "hi"')).toBe('"say ""hi"""');
    expect(buildSearchSql(parseQuery('from:a"b -x'))).toMatchObject({
      where: 'm.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?) AND m.id NOT IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)',
      params: ['sender : "a""b"*', '"x"*'],
    });
  });

  it('binds dates as local midnight and flags the fast count paths', () => {
    const sql = buildSearchSql(parseQuery('after:2024-03-05'));
    expect(sql.params).toEqual([startOfLocalDay({ year: 2024, month: 3, day: 5 })]);
    expect(startOfLocalDay({ year: 2024, month: 3, day: 5 })).toBe(new Date(2024, 2, 5).getTime());
    expect(buildSearchSql(parseQuery('')).empty).toBe(true);
    expect(buildSearchSql(parseQuery('is:unread')).unreadOnly).toBe(true);
    expect(buildSearchSql(parseQuery('is:unread x')).unreadOnly).toBe(false);
  });
});
