// The corpus robustness runner on a handful of messages (the real corpus runs
// in `npm run conformance`): the counts must describe what was actually read.
import { describe, expect, it } from 'vitest';
import { corpusDetailLines, corpusSummaryLine, runCorpusRobustness } from '../../../../../../electron/core/analysis/conformance/corpus-robustness';

const POSTFIX = [
  'From a@example.org  Tue Aug  6 11:51:02 2002',
  'Received: from mail.example.org (mail.example.org [192.0.2.7])',
  '\tby mx.example.net (Postfix) with ESMTP id 9E1F5441DD',
  '\tfor <b@example.net>; Tue,  6 Aug 2002 06:51:01 -0400 (EDT)',
  'Received: (qmail 2412 invoked by uid 104); 6 Aug 2002 10:50:58 -0000',
  'From: a@example.org',
  'Date: Tue, 6 Aug 2002 11:50:58 +0100',
  'Subject: hi',
  '',
  'body',
].join('\n');

describe('runCorpusRobustness', () => {
  it('counts hops read fully and in part, timestamps and Date headers', () => {
    const result = runCorpusRobustness(
      [
        { id: 'one', text: POSTFIX },
        { id: 'no-date', text: 'Subject: x\nReceived: garbage without any clause\n\nbody' },
        { id: 'empty', text: '' },
      ],
      { name: 'mini' },
    );
    expect(result.report.total).toBe(3);
    expect(result.report.passed).toBe(3);
    expect(result.report.failures).toEqual([]);
    expect(result.counts.hops).toBe(3);
    expect(result.counts.hopsParsed).toBe(1);
    expect(result.counts.hopsPartial + result.counts.hopsParsed).toBeLessThanOrEqual(3);
    expect(result.counts.dates).toBe(1);
    expect(result.counts.datesParsed).toBe(1);
    expect(corpusSummaryLine('Mini corpus', result)).toBe(
      `Mini corpus: 3/3 analyzed without an exception; hops parsed 1/3 fully, dates parsed 1/1`,
    );
    expect(corpusDetailLines(result)[0]).toMatch(/hop timestamps read: \d\/3/);
  });
});
