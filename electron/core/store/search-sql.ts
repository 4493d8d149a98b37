/**
 * Turns a parsed search query (shared/search/query.ts) into a SQL WHERE clause
 * over `messages m`, with every user value bound as a parameter.
 *
 * Full-text conditions become FTS5 MATCH expressions in which every value is a
 * double-quoted FTS5 string (inner quotes doubled), so nothing a user types —
 * AND, NEAR, parentheses, `*`, `:` or stray quotes — is read as FTS5 syntax.
 * Positive conditions share one MATCH; negated ones are excluded with a
 * second MATCH of their OR, which also works when the query has no positive
 * word (FTS5's NOT needs a left operand).
 */
import type { SQLInputValue } from 'node:sqlite';
import type { CalendarDate, ParsedQuery, SearchCondition, TextField } from '../../../shared/search/query';

/** FTS5 column for each text field; 'any' searches every column. */
const FTS_COLUMN: Record<TextField, string | null> = {
  any: null,
  from: 'sender',
  to: 'recipients',
  subject: 'subject',
};

/** A WHERE clause (always valid SQL, "1" when the query is empty) and its parameters in order. */
export interface SearchSql {
  where: string;
  params: SQLInputValue[];
  /** True when the query has no conditions at all (the caller may use cached counts). */
  empty: boolean;
  /** True when the only condition is is:unread (the caller may use the unread counter). */
  unreadOnly: boolean;
  /**
   * The MATCH expression when the query is nothing but positive text
   * conditions: the caller may then count and page in the FTS index itself
   * (rowid order = id order), which is much faster than joining.
   */
  ftsOnly: string | null;
  /** The MATCH expression of the excluded text when the query is nothing but negated text. */
  negativeOnly: string | null;
}

/** Quote a value as one FTS5 string: `"` + value with `"` doubled + `"`. */
export function ftsString(text: string): string {
  // NUL cannot appear inside an FTS5 string; it is never meaningful in a search.
  return `"${text.replace(/\0/g, '').replace(/"/g, '""')}"`;
}

/** One text condition as an FTS5 expression (column filter + quoted string, `*` for prefix). */
export function ftsTerm(field: TextField, text: string, exact: boolean): string {
  const column = FTS_COLUMN[field];
  const body = ftsString(text) + (exact ? '' : '*');
  return column === null ? body : `${column} : ${body}`;
}

/** Local midnight at the start of a calendar day, ms since the epoch. */
export function startOfLocalDay(date: CalendarDate): number {
  return new Date(date.year, date.month - 1, date.day).getTime();
}

/** Build the WHERE clause for a parsed query. */
export function buildSearchSql(query: ParsedQuery): SearchSql {
  const clauses: string[] = [];
  const params: SQLInputValue[] = [];
  const positive: string[] = [];
  const negative: string[] = [];

  for (const condition of query.conditions) addCondition(condition);

  function addCondition(c: SearchCondition): void {
    switch (c.kind) {
      case 'text':
        (c.negated ? negative : positive).push(ftsTerm(c.field, c.text, c.exact));
        return;
      case 'has-attachment':
        clauses.push(c.value ? 'm.attachment_count > 0' : 'm.attachment_count = 0');
        return;
      case 'read':
        clauses.push(c.value ? 'm.read = 1' : 'm.read = 0');
        return;
      case 'received':
        clauses.push(c.op === 'before' ? 'm.received_at < ?' : 'm.received_at >= ?');
        params.push(startOfLocalDay(c.date));
        return;
    }
  }

  const ftsClauses: string[] = [];
  const ftsParams: SQLInputValue[] = [];
  if (positive.length > 0) {
    ftsClauses.push('m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)');
    ftsParams.push(positive.join(' AND '));
  }
  if (negative.length > 0) {
    ftsClauses.push('m.id NOT IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)');
    ftsParams.push(negative.join(' OR '));
  }

  const all = [...clauses, ...ftsClauses];
  const only = query.conditions.length === 1 ? query.conditions[0] : undefined;
  const textOnly = clauses.length === 0;
  return {
    where: all.length === 0 ? '1' : all.join(' AND '),
    params: [...params, ...ftsParams],
    empty: query.conditions.length === 0,
    unreadOnly: only?.kind === 'read' && !only.value,
    ftsOnly: textOnly && positive.length > 0 && negative.length === 0 ? positive.join(' AND ') : null,
    negativeOnly: textOnly && positive.length === 0 && negative.length > 0 ? negative.join(' OR ') : null,
  };
}
