import { describe, expect, it } from 'vitest';
import { parseDate, type DateFormat, type ZoneSource } from '../../../../shared/analysis/date';

// [input, ISO instant expected, offsetMinutes, zoneSource, format, lenient]
type Row = [string, string, number | null, ZoneSource, DateFormat, boolean];

const rows: Row[] = [
  // RFC 5322 §3.3 and the Appendix A examples
  ['Fri, 21 Nov 1997 09:55:06 -0600', '1997-11-21T15:55:06.000Z', -360, 'numeric', 'rfc5322', false],
  ['Tue, 1 Jul 2003 10:52:37 +0200', '2003-07-01T08:52:37.000Z', 120, 'numeric', 'rfc5322', false],
  ['Thu, 13 Feb 1969 23:32:54 -0330', '1969-02-14T03:02:54.000Z', -210, 'numeric', 'rfc5322', false],
  // RFC 5322 A.6.3 obsolete whitespace and comments, and A.5 comment in date
  ['Thu,\r\n      13\r\n        Feb\r\n          1969\r\n      23:32\r\n               -0330 (Newfoundland Time)', '1969-02-14T03:02:00.000Z', -210, 'numeric', 'rfc5322-obsolete', true],
  ['Tue,  8 Nov 2022 13:27:18 +0100 (CET)', '2022-11-08T12:27:18.000Z', 60, 'numeric', 'rfc5322', false],
  ['8 Nov 2022 13:27:18 +0100', '2022-11-08T12:27:18.000Z', 60, 'numeric', 'rfc5322', false],
  // obsolete forms
  ['21 Nov 97 09:55:06 GMT', '1997-11-21T09:55:06.000Z', 0, 'named', 'rfc5322-obsolete', true],
  ['Mon, 1 Jan 07 00:00:00 EST', '2007-01-01T05:00:00.000Z', -300, 'named', 'rfc5322-obsolete', true],
  ['Fri, 31 Oct 2008 11:10:39 PDT', '2008-10-31T18:10:39.000Z', -420, 'named', 'rfc5322-obsolete', true],
  ['Sun, 5 Jun 2005 10:00:00 UT', '2005-06-05T10:00:00.000Z', 0, 'named', 'rfc5322-obsolete', true],
  ['Wed, 02 Oct 2002 08:00:00 -0000', '2002-10-02T08:00:00.000Z', 0, 'unknown-local', 'rfc5322', false],
  ['Wed, 02 Oct 2002 08:00:00 Z', '2002-10-02T08:00:00.000Z', 0, 'named', 'rfc5322-obsolete', true],
  ['Wed, 02 Oct 2002 08:00:00 CEST', '2002-10-02T06:00:00.000Z', 120, 'named', 'rfc5322-obsolete', true],
  ['Wed, 02 Oct 2002 08:00:00 +02:00', '2002-10-02T06:00:00.000Z', 120, 'numeric', 'rfc5322', false],
  ['Wed, 02 Oct 2002 08:00:00', '2002-10-02T08:00:00.000Z', null, 'assumed-utc', 'rfc5322-obsolete', true],
  ['Wed, 02 Oct 2002 08:00:00 (PST)', '2002-10-02T16:00:00.000Z', -480, 'named', 'rfc5322-obsolete', true],
  ['Wed, 2 Oct 2002 8:00 +0000', '2002-10-02T08:00:00.000Z', 0, 'numeric', 'rfc5322-obsolete', true],
  // Go time.Time.String() (cyberdefenders/email-header-analyzer#12)
  ['2018-12-10 11:43:59.610180118 +0000 UTC m=+555016.219753051', '2018-12-10T11:43:59.610Z', 0, 'numeric', 'go', true],
  ['2024-01-02 15:04:05.123456789 +0000 UTC', '2024-01-02T15:04:05.123Z', 0, 'numeric', 'go', true],
  ['2024-01-02 15:04:05 -0700 MST', '2024-01-02T22:04:05.000Z', -420, 'numeric', 'go', false],
  // ISO 8601
  ['2024-01-02T15:04:05Z', '2024-01-02T15:04:05.000Z', 0, 'numeric', 'iso8601', false],
  ['2024-01-02T15:04:05.5+05:30', '2024-01-02T09:34:05.500Z', 330, 'numeric', 'iso8601', false],
  ['2024-01-02T15:04:05', '2024-01-02T15:04:05.000Z', null, 'assumed-utc', 'iso8601', true],
  ['2024-01-02', '2024-01-02T00:00:00.000Z', null, 'assumed-utc', 'iso8601', true],
  // ctime / date(1)
  ['Fri Jul  8 12:08:34 2011', '2011-07-08T12:08:34.000Z', null, 'assumed-utc', 'ctime', true],
  ['Tue Jan  2 15:04:05 UTC 2024', '2024-01-02T15:04:05.000Z', 0, 'named', 'ctime', true],
  // US month-first (Gmail UI)
  ['Tue, Jan 2, 2024 at 10:00 AM', '2024-01-02T10:00:00.000Z', null, 'assumed-utc', 'other', true],
  ['Jan 2, 2024 12:30 PM -0800', '2024-01-02T20:30:00.000Z', -480, 'numeric', 'other', true],
  // epoch
  ['1704189845', '2024-01-02T10:04:05.000Z', 0, 'numeric', 'epoch', true],
];

describe('parseDate', () => {
  it.each(rows)('%s', (input, iso, offset, zoneSource, format, lenient) => {
    const d = parseDate(input);
    expect(d.ms === null ? null : new Date(d.ms).toISOString()).toBe(iso);
    expect(d.offsetMinutes).toBe(offset);
    expect(d.zoneSource).toBe(zoneSource);
    expect(d.format).toBe(format);
    expect(d.lenient).toBe(lenient);
    if (lenient) expect(d.notes.length + (format === 'rfc5322' ? 0 : 1)).toBeGreaterThan(0);
  });

  it('explains assumptions in plain words', () => {
    expect(parseDate('Wed, 02 Oct 2002 08:00:00').notes).toContain('No time zone given; UTC assumed.');
    expect(parseDate('21 Nov 97 09:55:06 GMT').notes[0]).toMatch(/Two-digit year "97" read as 1997/);
    expect(parseDate('Mon, 02 Oct 2002 08:00:00 +0000').notes).toContain('The day of the week (mon) does not match the date.');
  });

  it.each(['', 'yesterday', 'Tue, 31 Feb 2024 10:00:00 +0000', 'Tue, 2 Foo 2024 10:00:00', '99:99:99', 'x'.repeat(500), '2024-13-40T00:00:00Z'])(
    'returns unparsable for %j without throwing',
    (input) => {
      const d = parseDate(input);
      expect(d.ms).toBeNull();
      expect(d.format).toBe('unparsable');
      expect(d.notes.length).toBeGreaterThan(0);
    },
  );
});

describe('parseDate: broken stamps from the SpamAssassin public corpus', () => {
  it.each([
    ['Fri, 02 Aug 2002 03:19: 59 -0500', '2002-08-02T08:19:59.000Z', /stray spaces/],
    ['Sat, 8 Jun 2002 1:5:13 +-0500', '2002-06-08T06:05:13.000Z', /two signs/],
    ['Mon, 27 May 2002 10:28:3 +0200', '2002-05-27T08:28:03.000Z', /padded/],
    ['21-Sep-2002 12:25:55 -0400', '2002-09-21T16:25:55.000Z', /day-Mon-year/],
    ['22/08/2002 10:25:57', '2002-08-22T10:25:57.000Z', /day\/month\/year/],
    ['2002/09/14 Sat 02:29:32 CDT', '2002-09-14T07:29:32.000Z', /year\/month\/day/],
  ])('%s', (input, iso, note) => {
    const d = parseDate(input);
    expect(d.ms === null ? null : new Date(d.ms).toISOString()).toBe(iso);
    expect(d.lenient).toBe(true);
    expect(d.notes.join(' ')).toMatch(note);
  });
});
