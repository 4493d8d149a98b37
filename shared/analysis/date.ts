/**
 * Lenient date parsing for Date headers and Received timestamps.
 *
 * Real headers carry much more than RFC 5322 §3.3: obsolete forms (two-digit
 * years, named zones, military zones, comments), Go's `time.Time.String()`
 * ("2018-12-10 11:43:59.610180118 +0000 UTC m=+555016.1"), ISO 8601, ctime
 * ("Tue Jan  2 15:04:05 2024"), date(1) output, and zone-less stamps. Each is
 * read, and every liberty taken is said in `notes`, because a delay computed
 * from an assumed zone must not be shown with confidence (DESIGN.md: "never
 * wrong with confidence").
 */

/** Which family of date syntax matched. */
export type DateFormat =
  | 'rfc5322' // strict RFC 5322 §3.3 date-time with a numeric zone
  | 'rfc5322-obsolete' // RFC 5322 §4.3 obs- forms: 2-digit year, named/military zone, missing seconds…
  | 'iso8601' // 2024-01-02T15:04:05Z and friends
  | 'go' // Go's time.Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST [m=±…]"
  | 'ctime' // asctime/ctime or date(1): "Tue Jan  2 15:04:05 [UTC] 2024"
  | 'epoch' // bare Unix seconds or milliseconds
  | 'other' // some other arrangement of recognisable tokens
  | 'unparsable';

/** How the zone offset was determined. */
export type ZoneSource =
  | 'numeric' // +hhmm / -hh:mm / Z as written
  | 'named' // a zone abbreviation (PDT, CET…) mapped to a fixed offset
  | 'unknown-local' // RFC 5322 "-0000" or a military letter: time is UTC, local zone unknown
  | 'assumed-utc' // no zone at all: UTC assumed
  | 'none'; // date unparsable

/** A date read leniently, with what was assumed. */
export interface ParsedDate {
  /** Milliseconds since the Unix epoch (UTC); null when nothing could be read. */
  ms: number | null;
  /** Zone offset east of UTC in minutes as written (e.g. -420 for PDT); null when no zone was given or the date is unparsable. */
  offsetMinutes: number | null;
  /** The zone text as written ("+0100", "PDT", "Z"), empty when absent. */
  zone: string;
  /** How the offset was determined. */
  zoneSource: ZoneSource;
  /** Which syntax matched. */
  format: DateFormat;
  /** True when anything was guessed (see `notes`) — show the date with a caveat. A clean ISO 8601 or Go stamp with its zone is not lenient. */
  lenient: boolean;
  /** Plain-language notes on every liberty taken (empty for a clean RFC 5322 date). */
  notes: string[];
  /** The input, trimmed. */
  input: string;
}

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, sept: 8, oct: 9, nov: 10, dec: 11,
  january: 0, february: 1, march: 2, april: 3, june: 5, july: 6, august: 7, september: 8, october: 9, november: 10, december: 11,
};
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** RFC 5322 §4.3 obs-zone names (hours east of UTC). */
const RFC_ZONES: Record<string, number> = { UT: 0, GMT: 0, EST: -5, EDT: -4, CST: -6, CDT: -5, MST: -7, MDT: -6, PST: -8, PDT: -7 };
/** Other abbreviations common in real headers; not RFC, so noted. IST is ambiguous and read as India. */
const OTHER_ZONES: Record<string, number> = {
  UTC: 0, Z: 0, WET: 0, WEST: 1, BST: 1, CET: 1, CEST: 2, MET: 1, MEST: 2, MEZ: 1, MESZ: 2, EET: 2, EEST: 3, MSK: 3,
  IST: 5.5, PKT: 5, ICT: 7, WIB: 7, HKT: 8, SGT: 8, AWST: 8, JST: 9, KST: 9, ACST: 9.5, AEST: 10, AEDT: 11,
  NZST: 12, NZDT: 13, AKST: -9, AKDT: -8, HST: -10, AST: -4, ADT: -3, NST: -3.5, NDT: -2.5, BRT: -3, ART: -3,
};

function result(input: string, partial: Partial<ParsedDate>): ParsedDate {
  const notes = partial.notes ?? [];
  const format = partial.format ?? 'unparsable';
  return {
    ms: partial.ms ?? null,
    offsetMinutes: partial.offsetMinutes ?? null,
    zone: partial.zone ?? '',
    zoneSource: partial.zoneSource ?? 'none',
    format,
    lenient: format === 'unparsable' || notes.length > 0,
    notes,
    input,
  };
}

/** Parse a numeric zone "+0100", "-07:00", "+05", "Z". Returns minutes east, or null. */
function numericZone(z: string): number | null {
  if (z === 'Z' || z === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
  if (!m) return null;
  const h = Number(m[2]);
  const mm = Number(m[3] ?? '0');
  if (h > 23 || mm > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + mm) || 0; // no -0
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

function toMs(f: Fields, offset: number, notes: string[]): number | null {
  if (f.month < 0 || f.month > 11 || f.day < 1 || f.day > 31 || f.hour > 24 || f.minute > 59 || f.second > 60) return null;
  let second = f.second;
  if (second === 60) { second = 59; notes.push('Leap second 60 read as 59.'); }
  const utc = Date.UTC(f.year, f.month, f.day, f.hour, f.minute, second, f.ms);
  const check = new Date(Date.UTC(f.year, f.month, f.day));
  if (check.getUTCDate() !== f.day) return null; // 31 Feb
  return utc - offset * 60_000;
}

function fullYear(y: string, notes: string[]): number {
  const n = Number(y);
  if (y.length === 2) { notes.push(`Two-digit year "${y}" read as ${n < 50 ? 2000 + n : 1900 + n}.`); return n < 50 ? 2000 + n : 1900 + n; }
  if (y.length === 3) { notes.push(`Three-digit year "${y}" read as ${1900 + n}.`); return 1900 + n; }
  return n;
}

function fraction(frac: string | undefined): number {
  return frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
}

/** ISO 8601 and Go's time.Time.String(). */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:([T ])(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?(?:\s+([A-Za-z]{1,6}|[+-]\d{2,4}))?(?:\s+m=[+-][\d.]+)?$/i;

function parseIso(s: string): ParsedDate | null {
  const m = ISO.exec(s);
  if (!m) return null;
  const notes: string[] = [];
  const go = m[4] === ' ' && (m[10] !== undefined || /\sm=/.test(s));
  const f: Fields = { year: Number(m[1]), month: Number(m[2]) - 1, day: Number(m[3]), hour: Number(m[5] ?? 0), minute: Number(m[6] ?? 0), second: Number(m[7] ?? 0), ms: fraction(m[8]) };
  if (m[8] && m[8].length > 3) notes.push('Fractional seconds beyond milliseconds were dropped.');
  if (/\sm=/.test(s)) notes.push("Go's monotonic clock reading (m=…) was ignored.");
  let offset = 0;
  let zone = m[9] ?? '';
  let zoneSource: ZoneSource = 'numeric';
  if (m[9]) {
    offset = numericZone(m[9]) ?? 0;
  } else if (m[10] && named(m[10]) !== null) {
    zone = m[10];
    offset = named(m[10])!;
    zoneSource = 'named';
    notes.push(`Zone "${m[10]}" read as ${fmtOffset(offset)}.`);
  } else {
    zoneSource = 'assumed-utc';
    notes.push('No time zone given; UTC assumed.');
  }
  if (!m[5]) notes.push('No time of day given; midnight assumed.');
  const ms = toMs(f, offset, notes);
  if (ms === null) return null;
  return result(s, { ms, offsetMinutes: zoneSource === 'assumed-utc' ? null : offset, zone, zoneSource, format: go ? 'go' : 'iso8601', notes });
}

function named(z: string): number | null {
  const u = z.toUpperCase();
  if (u in RFC_ZONES) return RFC_ZONES[u]! * 60;
  if (u in OTHER_ZONES) return OTHER_ZONES[u]! * 60;
  return null;
}

function fmtOffset(min: number): string {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`;
}

/**
 * The token parser: RFC 5322 and its obsolete forms, ctime, date(1), and
 * month-first US forms ("Jan 2, 2024 at 10:00 AM"). Order-insensitive
 * within reason: it classifies tokens rather than matching one layout.
 */
function parseTokens(s: string): ParsedDate | null {
  const notes: string[] = [];
  const comments: string[] = [];
  const text = s.replace(/\(([^()]*)\)/g, (_x, c: string) => { comments.push(c.trim()); return ' '; });
  const tokens = text.replace(/,/g, ' ').split(/\s+/).filter((t) => t && t.toLowerCase() !== 'at');
  let dow: number | null = null;
  let month: number | null = null;
  const numbers: string[] = [];
  let time: RegExpExecArray | null = null;
  let zone = '';
  let offset: number | null = null;
  let zoneSource: ZoneSource = 'assumed-utc';
  let ampm: 'am' | 'pm' | null = null;
  let order: 'dmy' | 'mdy' | null = null;
  let rfcShape = true;
  for (const raw of tokens) {
    const t = raw.replace(/\.$/, '');
    const lower = t.toLowerCase();
    const tm = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?$/.exec(t);
    if (tm && !time) { time = tm; continue; }
    if (DAYS.includes(lower.slice(0, 3)) && /^[a-z]+$/.test(lower) && dow === null && month === null && numbers.length === 0) { dow = DAYS.indexOf(lower.slice(0, 3)); continue; }
    if (lower in MONTHS && month === null) { month = MONTHS[lower]!; order ??= numbers.length > 0 ? 'dmy' : 'mdy'; continue; }
    if (lower === 'am' || lower === 'pm') { ampm = lower; continue; }
    if (/^\d{1,4}$/.test(t)) { numbers.push(t); continue; }
    if (/^[+-]\d{4}$/.test(t) || /^[+-]\d{2}:\d{2}$/.test(t)) {
      if (offset === null || zoneSource === 'named') { offset = numericZone(t); zone = t; zoneSource = t === '-0000' ? 'unknown-local' : 'numeric'; }
      continue;
    }
    if (/^[A-Za-z]{1,5}$/.test(t) && offset === null) {
      const n = named(t);
      if (n !== null) { offset = n; zone = t; zoneSource = 'named'; continue; }
      if (/^[A-IK-Za-ik-z]$/.test(t)) { offset = 0; zone = t; zoneSource = 'unknown-local'; notes.push(`Military zone "${t}" read as UTC with unknown local zone (RFC 5322 §4.3).`); continue; }
    }
    rfcShape = false; // unknown token: tolerate but note
    notes.push(`Ignored "${clipToken(raw)}".`);
  }
  if (month === null || !time || numbers.length < 2) return null;
  // day and year among the numbers: the 4-digit (or later) one is the year.
  let day: string | undefined;
  let year: string | undefined;
  if (numbers.length >= 2) {
    const yi = numbers.findIndex((n) => n.length >= 3);
    if (yi >= 0) { year = numbers[yi]; day = numbers.find((_n, i) => i !== yi); }
    else { day = numbers[0]; year = numbers[1]; }
  }
  if (!day || !year) return null;
  const f: Fields = { year: fullYear(year, notes), month, day: Number(day), hour: Number(time[1]), minute: Number(time[2]), second: Number(time[3] ?? 0), ms: fraction(time[4]) };
  if (time[3] === undefined) notes.push('No seconds given; :00 assumed.');
  if (ampm) {
    if (f.hour > 12) return null;
    if (ampm === 'pm' && f.hour < 12) f.hour += 12;
    if (ampm === 'am' && f.hour === 12) f.hour = 0;
  }
  if (offset === null) {
    const fromComment = comments.map((c) => named(c)).find((n) => n !== null);
    if (fromComment !== undefined && fromComment !== null) {
      offset = fromComment;
      zone = comments.find((c) => named(c) !== null)!;
      zoneSource = 'named';
      notes.push(`Zone taken from the comment "(${zone})".`);
    } else {
      offset = 0;
      zoneSource = 'assumed-utc';
      notes.push('No time zone given; UTC assumed.');
    }
  } else if (zoneSource === 'named') {
    notes.push(`Zone "${zone}" read as ${fmtOffset(offset)}${zone.toUpperCase() in RFC_ZONES ? '' : ' (not an RFC 5322 zone name)'}.`);
  }
  // "-0000" is valid RFC 5322 (§3.3): UTC, local zone unknown. zoneSource says so; no note needed.
  const ms = toMs(f, offset, notes);
  if (ms === null) return null;
  if (dow !== null && new Date(ms + offset * 60_000).getUTCDay() !== dow) notes.push(`The day of the week (${DAYS[dow]}) does not match the date.`);
  let format: DateFormat;
  const first = tokens[0]!.toLowerCase();
  const ctime = order === 'mdy' && /^\d{4}$/.test(tokens[tokens.length - 1]!) && tokens.indexOf(time[0]) < tokens.length - 1 && !ampm;
  if (ctime && (dow !== null || DAYS.includes(first.slice(0, 3)))) format = 'ctime';
  else if (order === 'dmy' && rfcShape && !ampm) format = (zoneSource === 'numeric' || zone === '-0000') && year.length === 4 && time[3] !== undefined && notes.length === 0 ? 'rfc5322' : 'rfc5322-obsolete';
  else format = 'other';
  return result(s, { ms, offsetMinutes: zoneSource === 'assumed-utc' ? null : offset, zone, zoneSource, format, notes });
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Rewrite malformed-but-readable dates into a form the parsers accept, saying what was changed. */
function repairDate(s: string): { text: string; notes: string[] } | null {
  const notes: string[] = [];
  let t = s;
  if (/\d:\s+\d/.test(t)) { t = t.replace(/(\d):\s+(\d)/g, '$1:$2'); notes.push('Removed stray spaces inside the time.'); }
  if (/[+-]-\d{4}|\+-\d{4}|-\+\d{4}/.test(t)) { t = t.replace(/[+-]([+-]\d{4})/, '$1'); notes.push('Zone had two signs ("+-"); the second was used.'); }
  if (/\b\d{1,2}-[A-Za-z]{3}-\d{2,4}\b/.test(t)) { t = t.replace(/\b(\d{1,2})-([A-Za-z]{3})-(\d{2,4})\b/, '$1 $2 $3'); notes.push('Date written as day-Mon-year.'); }
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\b/.exec(t);
  if (dmy && Number(dmy[2]) <= 12) { t = t.replace(dmy[0], `${dmy[1]} ${MONTH_NAMES[Number(dmy[2]) - 1]} ${dmy[3]}`); notes.push(`"${dmy[0]}" read as day/month/year (ambiguous).`); }
  const ymd = /^(\d{4})\/(\d{1,2})\/(\d{1,2})\b/.exec(t);
  if (ymd && Number(ymd[2]) <= 12) { t = t.replace(ymd[0], `${ymd[3]} ${MONTH_NAMES[Number(ymd[2]) - 1]} ${ymd[1]}`); notes.push(`"${ymd[0]}" read as year/month/day.`); }
  if (/\b\d{1,2}:\d(?::\d{1,2})?\b|\b\d{1,2}:\d{2}:\d\b/.test(t)) {
    t = t.replace(/\b(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?\b/, (_m, h: string, mi: string, se?: string) => `${h}:${mi.padStart(2, '0')}${se !== undefined ? `:${se.padStart(2, '0')}` : ''}`);
    notes.push('Single-digit minutes or seconds were padded.');
  }
  return notes.length ? { text: t, notes } : null;
}

function clipToken(t: string): string {
  return t.length > 24 ? `${t.slice(0, 23)}…` : t;
}

/**
 * Parse a date leniently. Never throws; an unreadable input yields
 * `ms: null`, `format: 'unparsable'` and a note saying so.
 */
export function parseDate(input: string): ParsedDate {
  const s = (typeof input === 'string' ? input : '').trim().replace(/\s+/g, ' ');
  if (!s) return result(s, { notes: ['Empty date.'] });
  if (s.length > 200) return result(s.slice(0, 200), { notes: ['Too long to be a date.'] });
  if (/^\d{10}(\d{3})?$/.test(s)) {
    const n = Number(s);
    return result(s, { ms: s.length === 10 ? n * 1000 : n, offsetMinutes: 0, zone: '', zoneSource: 'numeric', format: 'epoch', notes: ['Read as a Unix timestamp.'] });
  }
  const iso = parseIso(s);
  if (iso) return iso;
  const tok = parseTokens(s);
  if (tok) return tok;
  // Broken stamps seen in real mail (SpamAssassin corpus): "03:19: 59", "+-0500",
  // "21-Sep-2002", "22/08/2002 10:25:57", "2002/09/14 Sat 02:29:32 CDT".
  const repaired = repairDate(s);
  if (repaired && repaired.text !== s) {
    const again = parseIso(repaired.text) ?? parseTokens(repaired.text);
    if (again) return { ...again, input: s, lenient: true, format: again.format === 'rfc5322' ? 'rfc5322-obsolete' : again.format, notes: [...repaired.notes, ...again.notes] };
  }
  return result(s, { notes: ['Not a date in any form this parser knows.'] });
}
