// The offline analysis over real header blocks (test/fixtures/analysis, origins in its README):
// the summary names the right causes, hops/boundary/AR groups/vendor verdicts come out right,
// and bad input never crashes or leaves an empty report.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../../shared/analysis/analyze';
import type { AnalysisReport } from '../../../../shared/model/analysis';

const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../../../fixtures/analysis', `${name}.txt`), 'utf8');
const ids = (r: AnalysisReport) => r.findings.map((f) => f.id);
const counting = (r: AnalysisReport) => r.authentication.groups.find((g) => g.counts);

describe('Microsoft 365 junk folder (genuine block, all authentication passing)', () => {
  const r = analyzeText(fixture('m365-junk-esp'));

  it('puts the spam filter first and says it is not authentication', () => {
    expect(r.findings[0]!.id).toBe('spam-despite-auth');
    expect(r.findings[0]!.explanation).toBe(
      "Authentication passed (DMARC passed for goodchoicelending.com); the receiver's spam filter still scored it: Microsoft SCL 5 (spam), delivered to Junk (dest:J) — reputation or content, not authentication.",
    );
    expect(r.findings[0]!.evidence.map((e) => e.header)).toEqual(expect.arrayContaining(['X-Forefront-Antispam-Report', 'X-Microsoft-Antispam-Mailbox-Delivery']));
  });

  it('finds the boundary hop at Exchange Online Protection, with the ESP IP, and the internal hops after it', () => {
    const t = r.hops;
    expect(t.hops).toHaveLength(5);
    expect(t.boundaryIndex).toBe(1);
    expect(t.hops[1]).toMatchObject({ from: 'mail60.use2.acemsrvh.com', ip: '52.128.44.60', by: 'CO1PEPF000066E8.mail.protection.outlook.com', boundary: true, tls: 'TLS1_3' });
    expect(t.hops.slice(2).every((h) => h.internal)).toBe(true);
    expect(t.totalMs).toBe(5000);
  });

  it('reads Microsoft\'s Authentication-Results without an authserv-id as the counting group', () => {
    const g = counting(r)!;
    expect(g.authservId).toBeNull();
    expect(g.label).toMatch(/^Receiver: Microsoft 365/);
    expect(g.results.map((x) => `${x.method}=${x.result}`)).toEqual(['spf=pass', 'dkim=pass', 'dkim=pass', 'dmarc=pass', 'compauth=pass']);
    expect(r.authentication.compauth).toMatchObject({ reason: '100', reasonMeaning: 'pass: the sender authenticated' });
    expect(r.authentication.dkim.map((d) => [d.domain, d.recorded?.result])).toEqual([['goodchoicelending.com', 'pass'], ['mailersys.com', 'pass']]);
    expect(r.alignment.aligned).toBe('both');
  });

  it('decodes the verdict headers field by field, documented vs community-observed', () => {
    const ff = r.vendorVerdicts.find((v) => v.header === 'X-Forefront-Antispam-Report')!;
    expect(ff.verdict).toBe('spam');
    expect(ff.fields.find((f) => f.key === 'SCL')).toMatchObject({ raw: '5', source: 'documented' });
    const mbx = r.vendorVerdicts.find((v) => v.header === 'X-Microsoft-Antispam-Mailbox-Delivery')!;
    expect(mbx.fields.find((f) => f.key === 'dest')).toMatchObject({ raw: 'J', source: 'community' });
    expect(r.unknownHeaders.map((h) => h.name)).toContain('X-Virtual-Mta');
  });
});

describe('all pass but SCL 6 and BCL 8', () => {
  it('names SCL 6 and BCL 8 as the cause', () => {
    const r = analyzeText(fixture('m365-all-pass-scl6-bulk'));
    expect(r.findings[0]!.id).toBe('spam-despite-auth');
    expect(r.findings[0]!.explanation).toContain('Microsoft SCL 6 (spam), bulk level BCL 8');
    expect(r.findings[0]!.explanation).toContain('— reputation or content, not authentication.');
  });
});

describe('Gmail as the receiver', () => {
  const r = analyzeText(fixture('gmail-inbound'));

  it('says Gmail does not write its spam reason, and that the message is unsigned', () => {
    expect(ids(r)).toEqual(expect.arrayContaining(['gmail-no-reason', 'dkim-none', 'dmarc-pass']));
    expect(r.findings.find((f) => f.id === 'gmail-no-reason')!.explanation).toMatch(/^Gmail does not write its spam verdict or the reason into the message headers/);
    // Google seals every message it accepts: its own ARC set is not a forward.
    expect(ids(r)).not.toContain('arc-forwarded');
  });

  it('groups mx.google.com as the receiver and its ARC-Authentication-Results as ARC', () => {
    expect(counting(r)).toMatchObject({ authservId: 'mx.google.com', role: 'receiver' });
    expect(r.authentication.groups.find((g) => g.role === 'arc')).toMatchObject({ arcInstance: 1 });
    expect(r.authentication.spf).toMatchObject({ result: 'pass', mailFromDomain: 'linux.ibm.com', ip: '148.163.156.1' });
    expect(r.authentication.dmarc).toMatchObject({ result: 'pass', policy: 'none', disposition: 'none', headerFrom: 'ibm.com' });
  });

  it('places the boundary at Google, keeps the sender\'s ten hops in order', () => {
    expect(r.hops.hops).toHaveLength(10);
    expect(r.hops.hops[r.hops.boundaryIndex!]).toMatchObject({ by: 'mx.google.com', ip: '148.163.156.1' });
  });
});

describe('DMARC failing through an ESP (sent via Gmail with a kernel.org From)', () => {
  it('explains the failure with the three domains and the fix', () => {
    const r = analyzeText(fixture('gmail-dmarc-fail-esp'));
    const f = r.findings[0]!;
    expect(f.id).toBe('dmarc-fail');
    expect(f.explanation).toMatch(/^DMARC failed: the From domain kernel\.org aligns with neither the SPF domain \(gmail\.com\) nor the DKIM domain \(gmail\.com\)\./);
    expect(f.fix).toBe('Sign with d=kernel.org (publish a DKIM key under kernel.org at your sending service) or use a return-path (bounce domain) under kernel.org.');
    expect(r.alignment.rows.map((x) => [x.identifier, x.domain, x.relaxed])).toEqual([['mailfrom', 'gmail.com', false], ['dkim', 'gmail.com', false], ['from', 'kernel.org', null]]);
  });
});

describe('a list message with results from several servers', () => {
  const r = analyzeText(fixture('kernel-list-dmarc-fail'));

  it('counts the final receiver and labels Google\'s results as upstream', () => {
    expect(counting(r)).toMatchObject({ authservId: 'mail.kernel.org' });
    expect(counting(r)!.raw).toHaveLength(3);
    const google = r.authentication.groups.find((g) => g.authservId === 'mx.google.com' && g.role !== 'arc')!;
    expect(google.role).toBe('upstream');
    expect(google.label).toMatch(/^Upstream: mx\.google\.com/);
  });

  it('names the DMARC failure, the broken list signature and the forward', () => {
    expect(ids(r).slice(0, 2)).toEqual(['dmarc-fail', 'dkim-fail']);
    expect(ids(r)).toContain('arc-forwarded');
    expect(r.vendorVerdicts.find((v) => v.header === 'X-Spam-Status')).toMatchObject({ vendor: 'spamassassin', verdict: 'not-spam', upstream: false, score: { value: -4.2, threshold: 3 } });
  });
});

describe('provider quirks', () => {
  it('iCloud: one receiver group across its per-milter authserv-ids', () => {
    const r = analyzeText(fixture('icloud'));
    const g = counting(r)!;
    expect(g.raw).toHaveLength(4);
    expect(r.authentication.groups.filter((x) => x.role !== 'arc')).toHaveLength(1);
    expect(r.authentication.dkim.map((d) => d.recorded?.result)).toEqual(['pass', 'pass']);
  });

  it('Yahoo: dkim_pass and success(p=REJECT) read as pass, the original token kept', () => {
    const r = analyzeText(fixture('yahoo'));
    const g = counting(r)!;
    expect(g.results.map((x) => [x.method, x.result, x.resultRaw])).toEqual([
      ['dkim', 'pass', 'dkim_pass'],
      ['spf', 'pass', 'pass'],
      ['dmarc', 'pass', 'success'],
    ]);
    expect(r.authentication.dmarc?.policy).toBe('reject');
    expect(r.hops.boundaryIndex).toBe(0);
  });

  it('Fastmail: iprev and vendor x- methods kept in order', () => {
    const r = analyzeText(fixture('fastmail'));
    expect(counting(r)!.results.map((x) => x.method)).toEqual(['arc', 'dkim', 'dmarc', 'iprev', 'spf', 'x-aligned-from', 'x-ptr', 'x-return-mx', 'x-tls']);
    expect(r.authentication.iprev).toMatchObject({ result: 'pass', ip: '94.100.177.106' });
  });
});

describe('bad input never crashes and never leaves a blank report', () => {
  const cases: [string, string][] = [
    ['empty', ''],
    ['prose', 'Hi, my email goes to spam, can you help? Thanks!'],
    ['binary garbage', Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('')],
    ['one huge line', `Subject: ${'x'.repeat(1_000_000)}`],
    ['lost indentation', fixture('m365-junk-esp').replace(/\n[ \t]+/g, '\n')],
    ['double-spaced copy', fixture('outlook-consumer-doublespaced')],
    ['only a broken Received', 'Received: this is not a received line at all\r\n'],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      const r = analyzeText(text);
      expect(r.version).toBe(1);
      expect(r.findings.length + r.parseWarnings.length).toBeGreaterThan(0);
      expect(r.parseWarnings.filter((w) => w.code.startsWith('stage-failed'))).toEqual([]);
    });
  }

  it('says what it is when it is not headers', () => {
    expect(analyzeText('').findings.map((f) => f.id)).toEqual(['input-empty']);
    expect(analyzeText('Hi, my email goes to spam').findings.map((f) => f.id)).toEqual(['input-not-headers']);
  });

  it('still finds the Microsoft verdict when indentation was lost in copying', () => {
    const r = analyzeText(fixture('m365-junk-esp').replace(/\n[ \t]+/g, '\n'));
    expect(ids(r)).toContain('spam-despite-auth');
  });

  it('reads a double-spaced Outlook copy whole: three hops, the Microsoft verdict, and says what it ignored', () => {
    const r = analyzeText(fixture('outlook-consumer-doublespaced'));
    expect(r.hops.hops.length).toBe(3);
    expect(ids(r)).toEqual(expect.arrayContaining(['spam-despite-auth', 'dmarc-error']));
    expect(r.parseWarnings.map((w) => w.code)).toContain('double-spaced-paste');
  });

  it('lets the user move the boundary', () => {
    const r = analyzeText(fixture('m365-junk-esp'), { boundaryIndex: 3 });
    expect(r.hops).toMatchObject({ boundaryIndex: 3, boundaryChosen: true });
    expect(r.hops.boundaryReason).toMatch(/Chosen by you/);
    expect(r.hops.hops[4]!.internal).toBe(true);
    expect(r.hops.hops[2]!.internal).toBe(false);
  });
});
