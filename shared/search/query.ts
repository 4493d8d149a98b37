/**
 * The inbox search language, parsed into plain data. Pure and runtime-neutral:
 * the store turns a ParsedQuery into SQL + an FTS5 MATCH expression, and the
 * renderer may use the same parser to highlight or explain a query.
 *
 * Syntax (all conditions are AND-ed):
 *   invoice           a word anywhere (subject, addresses, body, attachment
 *                     names); matches words starting with it ("invoi" finds "invoice")
 *   "exact phrase"    these words, adjacent, in this order (no prefix matching)
 *   from:alice        From header or envelope sender (MAIL FROM)
 *   to:bob            To, Cc or an envelope recipient (RCPT TO, so Bcc too)
 *   subject:"weekly report"   field values may be quoted
 *   has:attachment    at least one attachment (-has:attachment: none)
 *   is:unread / is:read
 *   before:2024-05-31 received before that day (the day itself excluded)
 *   after:2024-05-01  received on or after that day (the day itself included)
 *   -word, -from:x, -"a phrase"   negation
 *
 * Mistakes never throw: an unknown `field:` or a bad date becomes a sentence in
 * `errors` and the condition is ignored, so the rest of the query still works.
 */

/** A full-text field a text condition can be limited to. */
export type TextField =
  /** Anywhere: subject, sender, recipients, body text, attachment names. */
  | 'any'
  /** From header names and addresses, and the envelope sender. */
  | 'from'
  /** To and Cc header names and addresses, and every envelope recipient. */
  | 'to'
  /** The decoded Subject. */
  | 'subject';

/** A calendar day as typed (no time zone: the store reads it in local time). */
export interface CalendarDate {
  /** Four-digit year. */
  year: number;
  /** Month, 1–12. */
  month: number;
  /** Day of month, 1–31 (validated against the month). */
  day: number;
}

/** One condition of a query. */
export type SearchCondition =
  | {
      kind: 'text';
      /** Where the text must occur. */
      field: TextField;
      /** The text as typed (quotes removed); never empty. */
      text: string;
      /** True for a quoted phrase: match whole words; false for a bare word: its last word may be a prefix. */
      exact: boolean;
      /** True when the text must NOT occur (`-word`). */
      negated: boolean;
    }
  | {
      kind: 'has-attachment';
      /** True: at least one attachment; false: none (`-has:attachment`). */
      value: boolean;
    }
  | {
      kind: 'read';
      /** True for `is:read`, false for `is:unread` (negation already folded in). */
      value: boolean;
    }
  | {
      kind: 'received';
      /**
       * 'before': received before the start of `date`; 'on-or-after': received at
       * or after the start of `date`. `-before:` becomes 'on-or-after' and vice versa.
       */
      op: 'before' | 'on-or-after';
      /** The day named in the query. */
      date: CalendarDate;
    };

/** The result of parsing a query string. */
export interface ParsedQuery {
  /** Conditions in the order typed; all must hold. Empty for an empty query (everything matches). */
  conditions: SearchCondition[];
  /** Plain-language problems, one sentence each; the conditions they name were ignored. */
  errors: string[];
}

/** The field names the parser knows, for help texts and autocompletion. */
export const SEARCH_FIELDS = ['from:', 'to:', 'subject:', 'has:attachment', 'is:read', 'is:unread', 'before:', 'after:'] as const;

const KNOWN_FIELDS_TEXT = 'from:, to:, subject:, has:attachment, is:read, is:unread, before:YYYY-MM-DD, after:YYYY-MM-DD';

/** Parse a search query. Never throws. */
export function parseQuery(input: string): ParsedQuery {
  const conditions: SearchCondition[] = [];
  const errors: string[] = [];
  const scanner = new Scanner(input);

  while (scanner.skipSpace()) {
    const start = scanner.pos;
    // "-" negates only when something follows it directly; a lone "-" is just ignored text.
    const negated = scanner.peek() === '-' && !isSpace(scanner.peek(1));
    if (negated) scanner.pos++;

    if (scanner.peek() === '"') {
      const text = scanner.readQuoted();
      if (text.trim() !== '') conditions.push({ kind: 'text', field: 'any', text, exact: true, negated });
      continue;
    }

    const key = scanner.readFieldKey();
    if (key === null) {
      const word = scanner.readBare();
      if (word !== '' && word !== '-') conditions.push({ kind: 'text', field: 'any', text: word, exact: false, negated });
      continue;
    }

    const quoted = scanner.peek() === '"';
    const value = quoted ? scanner.readQuoted() : scanner.readBare();
    const token = input.slice(start, scanner.pos);
    const outcome = fieldCondition(key.toLowerCase(), value, quoted, negated, token);
    if ('error' in outcome) errors.push(outcome.error);
    else if ('plain' in outcome) {
      conditions.push({ kind: 'text', field: 'any', text: outcome.plain, exact: false, negated });
    } else conditions.push(outcome.condition);
  }
  return { conditions, errors };
}

type FieldOutcome = { condition: SearchCondition } | { error: string } | { plain: string };

function fieldCondition(key: string, value: string, quoted: boolean, negated: boolean, token: string): FieldOutcome {
  switch (key) {
    case 'from':
    case 'to':
    case 'subject': {
      if (value.trim() === '') return { error: `"${token}" needs a value, e.g. ${key}:${key === 'subject' ? '"weekly report"' : 'alice@example.com'} (ignored).` };
      return { condition: { kind: 'text', field: key, text: value, exact: quoted, negated } };
    }
    case 'has': {
      const v = value.toLowerCase();
      if (v === 'attachment' || v === 'attachments') return { condition: { kind: 'has-attachment', value: !negated } };
      return { error: `"${token}" is not understood: the only has: filter is has:attachment (ignored).` };
    }
    case 'is': {
      const v = value.toLowerCase();
      if (v === 'read' || v === 'seen') return { condition: { kind: 'read', value: !negated } };
      if (v === 'unread' || v === 'unseen' || v === 'new') return { condition: { kind: 'read', value: negated } };
      return { error: `"${token}" is not understood: use is:read or is:unread (ignored).` };
    }
    case 'before':
    case 'after': {
      const date = parseCalendarDate(value);
      if (date === null) {
        return { error: `"${token}" is not a valid date: write ${key}:YYYY-MM-DD, e.g. ${key}:2024-05-31 (ignored).` };
      }
      const before = (key === 'before') !== negated;
      return { condition: { kind: 'received', op: before ? 'before' : 'on-or-after', date } };
    }
    default: {
      // "Re: lunch" and pasted URLs look like fields but are text people mean to find.
      if (value === '' && !quoted) return { plain: token.replace(/^-/, '') };
      if (value.startsWith('//')) return { plain: token.replace(/^-/, '') };
      return { error: `Unknown search field "${key}:" in "${token}" (ignored). Known fields: ${KNOWN_FIELDS_TEXT}.` };
    }
  }
}

/** Parse YYYY-MM-DD (or YYYY/MM/DD) into a real calendar day, or null. */
export function parseCalendarDate(text: string): CalendarDate | null {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isSpace(ch: string | undefined): boolean {
  return ch === undefined || /\s/.test(ch);
}

/** A cursor over the query string. */
class Scanner {
  pos = 0;
  constructor(private readonly s: string) {}

  peek(ahead = 0): string | undefined {
    return this.s[this.pos + ahead];
  }

  /** Skip whitespace; false at the end of input. */
  skipSpace(): boolean {
    while (this.pos < this.s.length && isSpace(this.s[this.pos])) this.pos++;
    return this.pos < this.s.length;
  }

  /** Read `"…"`; an unterminated quote runs to the end of input (forgiving, not an error). */
  readQuoted(): string {
    this.pos++; // opening quote
    const end = this.s.indexOf('"', this.pos);
    const stop = end === -1 ? this.s.length : end;
    const text = this.s.slice(this.pos, stop);
    this.pos = end === -1 ? stop : stop + 1;
    return text;
  }

  /** Read up to the next whitespace. */
  readBare(): string {
    const start = this.pos;
    while (this.pos < this.s.length && !isSpace(this.s[this.pos])) this.pos++;
    return this.s.slice(start, this.pos);
  }

  /** If a `name:` starts here, consume it and return the name; otherwise consume nothing. */
  readFieldKey(): string | null {
    const m = /^([A-Za-z][A-Za-z_]*):/.exec(this.s.slice(this.pos, this.pos + 40));
    if (!m || m[1] === undefined) return null;
    this.pos += m[0].length;
    return m[1];
  }
}
