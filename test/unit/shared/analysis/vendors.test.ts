import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { splitHeaderBlock } from '../../../../shared/analysis/header-block';
import { GMAIL_NO_REASON, decodeVendorVerdicts, describeCompauthReason, describeSpamAssassinRule, type VendorVerdict } from '../../../../shared/analysis/vendors/index';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../../fixtures/headers/${name}`, import.meta.url)), 'utf8');
const decode = (text: string) => decodeVendorVerdicts(splitHeaderBlock(text).fields);
const byHeader = (vs: VendorVerdict[], h: string) => vs.filter((v) => v.header.toLowerCase() === h.toLowerCase());
const field = (v: VendorVerdict, key: string) => v.fields.find((f) => f.key === key);

describe('Microsoft 365 (real header block: m365-github-forward.txt)', () => {
  const r = decode(fixture('m365-github-forward.txt'));

  it('decodes X-Forefront-Antispam-Report field by field, raw beside meaning, with provenance', () => {
    const [ff] = byHeader(r.verdicts, 'X-Forefront-Antispam-Report');
    expect(ff!.vendor).toBe('microsoft');
    expect(ff!.fields.map((f) => f.key)).toEqual(['CIP', 'CTRY', 'LANG', 'SCL', 'SRV', 'IPV', 'SFV', 'H', 'PTR', 'CAT', 'SFS', 'DIR']);
    expect(field(ff!, 'SCL')).toMatchObject({ raw: '1', provenance: 'documented', tone: 'good' });
    expect(field(ff!, 'SFV')).toMatchObject({ raw: 'NSPM', meaning: 'Not spam.', provenance: 'documented' });
    expect(field(ff!, 'IPV')!.meaning).toMatch(/not on any IP reputation list/);
    expect(field(ff!, 'SFS')!.provenance).toBe('community-observed');
    expect(field(ff!, 'DIR')!.meaning).toBe('Inbound message.');
    expect(field(ff!, 'CIP')!.raw).toBe('2a00:1450:4864:20::12c');
    expect(ff!.score).toMatchObject({ value: 1, threshold: 5 });
    expect(ff!.summary).toMatch(/^SCL 1, verdict NSPM/);
    expect(ff!.upstream).toBe(false);
  });

  it('decodes BCL from X-Microsoft-Antispam and lists Microsoft plumbing as unknown-but-noted', () => {
    const [as] = byHeader(r.verdicts, 'X-Microsoft-Antispam');
    expect(field(as!, 'BCL')).toMatchObject({ raw: '0', meaning: 'Not bulk mail.', tone: 'good' });
    expect(field(as!, 'ARA')!.provenance).toBe('community-observed');
    const unknown = r.unknownHeaders.find((u) => u.name === 'X-MS-TrafficTypeDiagnostic');
    expect(unknown?.note).toMatch(/Microsoft 365 internal/);
  });

  it('says Gmail writes no spam reason when Gmail is the final receiver', () => {
    expect(r.notes).toContain(GMAIL_NO_REASON);
    expect(byHeader(r.verdicts, 'X-Gm-Message-State')[0]!.vendor).toBe('google');
  });

  it('attributes each verdict to its position in the Received chain', () => {
    const [ff] = byHeader(r.verdicts, 'X-Forefront-Antispam-Report');
    expect(ff!.receivedAbove).toBe(5);
  });
});

describe('Microsoft synthetic cases (shape from Microsoft Learn; values invented)', () => {
  it('junk: SCL 5 with BCL 8, mailbox delivery to Junk, and the -Untrusted copy marked upstream', () => {
    const r = decode([
      'X-Forefront-Antispam-Report: CIP:203.0.113.7;CTRY:US;LANG:en;SCL:5;SRV:BULK;IPV:NLI;SFV:SPM;H:mta.example.net;PTR:;CAT:BULK;SFTY:9.25;SFS:(13230040);DIR:INB;',
      'X-Microsoft-Antispam: BCL:8;',
      'X-MS-Exchange-Organization-SCL: 5',
      'X-Microsoft-Antispam-Mailbox-Delivery: ucf:0;jmr:1;auth:0;dest:J;OFR:SpamFilterAuthJ;ENG:(910001)(944506458);RF:JunkEmail;',
      'X-Forefront-Antispam-Report-Untrusted: CIP:198.51.100.2;CTRY:;LANG:en;SCL:1;SRV:;IPV:NLI;SFV:NSPM;H:x;PTR:x;CAT:NONE;DIR:OUT;',
    ].join('\n'));
    const [ff, as, scl, mbx, untrusted] = r.verdicts as [VendorVerdict, VendorVerdict, VendorVerdict, VendorVerdict, VendorVerdict];
    expect(ff.tone).toBe('bad');
    expect(field(ff, 'SRV')!.meaning).toMatch(/bulk/);
    expect(field(ff, 'CAT')!.meaning).toBe('Protection policy category applied: bulk mail.');
    expect(field(ff, 'PTR')).toMatchObject({ tone: 'warning' });
    expect(field(ff, 'SFTY')!.meaning).toMatch(/First-contact/);
    expect(as.summary).toMatch(/^BCL 8: .*many complaints/);
    expect(scl.score?.value).toBe(5);
    expect(mbx.summary).toBe('Delivered to the Junk Email folder.');
    expect(mbx.fields.every((f) => f.provenance === 'community-observed')).toBe(true);
    expect(untrusted.upstream).toBe(true);
    expect(untrusted.notes[0]).toMatch(/Untrusted/);
  });

  it('decodes compauth reason codes from the documented table', () => {
    expect(describeCompauthReason('000')).toMatch(/Explicit fail/);
    expect(describeCompauthReason('001')).toMatch(/Implicit fail/);
    expect(describeCompauthReason('130')).toMatch(/ARC/);
    expect(describeCompauthReason('100')).toMatch(/Passed/);
    expect(describeCompauthReason('601')).toMatch(/intra-org/);
    expect(describeCompauthReason('xyz')).toMatch(/Not a documented/);
  });
});

describe('SpamAssassin', () => {
  it('Status with score vs required and every test described (ozlabs, real)', () => {
    const r = decode(fixture('proofpoint-spamassassin-ozlabs.txt'));
    const [sa] = byHeader(r.verdicts, 'X-Spam-Status');
    expect(sa!.score).toMatchObject({ value: -0.7, threshold: 5 });
    expect(sa!.tone).toBe('good');
    expect(sa!.fields.filter((f) => /^[A-Z]/.test(f.key)).map((f) => f.key)).toEqual(['DKIM_SIGNED', 'DKIM_VALID', 'RCVD_IN_DNSWL_LOW', 'RCVD_IN_MSPIKE_H2', 'SPF_HELO_NONE', 'SPF_PASS']);
    expect(field(sa!, 'SPF_PASS')!.meaning).toBe('SPF passed for the envelope sender.');
    expect(field(sa!, 'autolearn')!.raw).toBe('disabled');
    expect(sa!.summary).toBe('SpamAssassin: not spam, -0.7 points (spam at 5), 6 tests hit.');
  });

  it('Report rows get points, and Status tests take them from the report (jbeekman, real)', () => {
    const r = decode(fixture('spamassassin-report-jbeekman.txt'));
    const [rep] = byHeader(r.verdicts, 'X-Spam-Report');
    expect(rep!.fields.map((f) => [f.key, f.points])).toEqual([['URIBL_BLOCKED', 0], ['ALL_TRUSTED', -1], ['BAYES_00', -1.9]]);
    expect(rep!.score).toMatchObject({ value: -2.9, threshold: 5 });
    const [st] = byHeader(r.verdicts, 'X-Spam-Status');
    expect(st!.fields.filter((f) => f.points !== undefined).map((f) => [f.key, f.points])).toEqual([['ALL_TRUSTED', -1], ['BAYES_00', -1.9], ['URIBL_BLOCKED', 0]]);
    expect(field(st!, 'URIBL_BLOCKED')!.meaning).toMatch(/no verdict, not a penalty/);
    expect(byHeader(r.verdicts, 'X-Spam-Checker-Version')[0]!.summary).toMatch(/SpamAssassin 3.4.2/);
  });

  it('a spam verdict with pre-3.0 hits= and receiver descriptions for unknown rules (lip6, real)', () => {
    const r = decode(fixture('spamassassin-yes-lip6.txt'));
    const [st] = byHeader(r.verdicts, 'X-Spam-Status');
    expect(st!.tone).toBe('bad');
    expect(st!.score).toMatchObject({ value: 4.047, threshold: 3 });
    expect(field(st!, 'score')!.meaning).toMatch(/hits=/);
    const [rep] = byHeader(r.verdicts, 'X-Spam-Report');
    expect(rep!.fields.map((f) => f.key)).toEqual(['URIBL_BLACK', 'BAYES_00', 'SPF_SOFTFAIL', 'SPF_HELO_SOFTFAIL']);
    expect(field(rep!, 'URIBL_BLACK')).toMatchObject({ points: 5.1, tone: 'bad' });
    const [score] = byHeader(r.verdicts, 'X-Spam-Score');
    expect(score!.score?.value).toBe(4.047);
    expect(score!.fields.map((f) => f.key)).toContain('MAILING_LIST_MULTI');
    expect(field(score!, 'MAILING_LIST_MULTI')!.meaning).toMatch(/Not in the bundled rule descriptions/);
  });

  it('Exim variant (nongnu, real)', () => {
    const r = decode(fixture('exim-spamassassin-nongnu.txt'));
    const [rep] = byHeader(r.verdicts, 'X-Spam_report');
    expect(rep!.score).toMatchObject({ value: -2, threshold: 5 });
    expect(rep!.fields.map((f) => f.key)).toEqual(['BAYES_00', 'DKIM_SIGNED', 'DKIM_VALID', 'DKIM_VALID_EF', 'RCVD_IN_MSPIKE_H2', 'SPF_HELO_NONE', 'SPF_PASS', 'T_SCC_BODY_TEXT_LINE']);
    expect(byHeader(r.verdicts, 'X-Spam_action')[0]!.tone).toBe('good');
    expect(byHeader(r.verdicts, 'X-Spam_score')[0]!.score?.value).toBe(-2);
    expect(r.unknownHeaders.map((u) => u.name)).toEqual(['X-BeenThere', 'X-Mailman-Version']);
  });

  it('rule descriptions: exact, Bayes buckets, testing rules, unknown', () => {
    expect(describeSpamAssassinRule('BAYES_99')).toMatch(/99–100%/);
    expect(describeSpamAssassinRule('T_SPF_PASS')).toMatch(/testing version/);
    expect(describeSpamAssassinRule('NO_SUCH_RULE_XYZ')).toBeNull();
  });
});

describe('Rspamd', () => {
  it('symbols with weights and options, read with the action (lfdr, real)', () => {
    const r = decode(fixture('rspamd-lfdr.txt'));
    const [res] = byHeader(r.verdicts, 'X-Spamd-Result');
    expect(res!.score).toMatchObject({ value: -1.66, threshold: 15 });
    expect(res!.fields.filter((f) => f.points !== undefined).map((f) => [f.key, f.points])).toEqual([
      ['ARC_ALLOW', -1], ['MID_RHS_NOT_FQDN', 0.5], ['DMARC_POLICY_ALLOW', -0.5], ['R_DKIM_ALLOW', -0.2], ['R_SPF_ALLOW', -0.2], ['MAILLIST', -0.15], ['MIME_GOOD', -0.1], ['HAS_LIST_UNSUB', -0.01], ['RCVD_TLS_LAST', 0],
    ]);
    expect(field(res!, 'DMARC_POLICY_ALLOW')!.meaning).toMatch(/DMARC passed. Details: kernel.org,quarantine/);
    expect(field(res!, 'default')!.meaning).toMatch(/not "reject"/);
    expect(byHeader(r.verdicts, 'X-Rspamd-Action')[0]).toMatchObject({ tone: 'good' });
    expect(byHeader(r.verdicts, 'X-Rspamd-Server')[0]!.summary).toBe('Scanned by Rspamd on lfdr.');
  });

  it('SUSE outbound: Rspamd with SA-style flag and level (real)', () => {
    const r = decode(fixture('rspamd-suse-spamflag.txt'));
    expect(byHeader(r.verdicts, 'X-Spam-Flag')[0]!.tone).toBe('good');
    expect(byHeader(r.verdicts, 'X-Spam-Level')[0]!.summary).toMatch(/^3 stars/);
    const [res] = byHeader(r.verdicts, 'X-Spamd-Result');
    expect(res!.score).toMatchObject({ value: 3.76, threshold: 50 });
    expect(field(res!, 'BROKEN_CONTENT_TYPE')!.provenance).toBe('community-observed');
  });
});

describe('Proofpoint, Mimecast, Barracuda, IronPort, Yahoo', () => {
  it('Proofpoint spam details, all community-observed (real)', () => {
    const r = decode(fixture('proofpoint-spamassassin-ozlabs.txt'));
    const [pp] = byHeader(r.verdicts, 'X-Proofpoint-Spam-Details');
    expect(pp!.summary).toBe('Proofpoint rule "outbound_notspam".');
    expect(pp!.tone).toBe('good');
    expect(field(pp!, 'phishscore')).toMatchObject({ raw: '0', provenance: 'community-observed' });
    expect(pp!.fields.every((f) => f.provenance === 'community-observed')).toBe(true);
    expect(byHeader(r.verdicts, 'X-Proofpoint-Virus-Version')[0]!.vendor).toBe('proofpoint');
    expect(r.unknownHeaders.map((u) => u.name)).toEqual(['X-TM-AS-GCONF']);
  });

  it('Proofpoint copy lower in the message is marked upstream', () => {
    const r = decode('X-Proofpoint-Spam-Details: rule=notspam policy=default score=0\nReceived: from a by b; Tue, 2 Jan 2024 10:00:00 +0000\nX-Proofpoint-Spam-Details: rule=outbound_notspam policy=outbound score=0\n');
    const pp = byHeader(r.verdicts, 'X-Proofpoint-Spam-Details');
    expect(pp.map((v) => [v.upstream, v.receivedAbove])).toEqual([[false, 0], [true, 1]]);
    expect(pp[1]!.notes[0]).toMatch(/earlier hop/);
  });

  it('Mimecast impersonation signals and score (real)', () => {
    const r = decode(fixture('mimecast-redhat-list.txt'));
    const [imp] = byHeader(r.verdicts, 'X-Mimecast-Impersonation-Protect');
    expect(imp!.summary).toBe('No impersonation signal fired.');
    expect(field(imp!, 'Newly Observed Domain')).toMatchObject({ raw: 'false' });
    expect(imp!.fields.length).toBe(12);
    const [score] = byHeader(r.verdicts, 'X-Mimecast-Spam-Score');
    expect(score!.tone).toBe('good');
    expect(byHeader(r.verdicts, 'X-Mimecast-Originator')[0]!.summary).toMatch(/redhat.com/);
  });

  it('Barracuda: verdict read against the levels printed in the header (UMIACS example shape)', () => {
    const r = decode('X-Barracuda-Spam-Score: 3.60\nX-Barracuda-Spam-Status: Yes, SCORE=3.60 using per-user scores of TAG_LEVEL=3.5 QUARANTINE_LEVEL=9.0 KILL_LEVEL=1000.0 tests=BSF_SC0_MISMATCH_TO, HTML_MESSAGE\nX-Barracuda-Spam-Flag: YES\n');
    const [st] = byHeader(r.verdicts, 'X-Barracuda-Spam-Status');
    expect(st!.summary).toBe('Barracuda score 3.6: tagged as spam by the levels printed in the header.');
    expect(st!.score).toMatchObject({ value: 3.6, threshold: 3.5 });
    expect(st!.fields.map((f) => f.key)).toEqual(['flag', 'SCORE', 'TAG_LEVEL', 'QUARANTINE_LEVEL', 'KILL_LEVEL', 'BSF_SC0_MISMATCH_TO', 'HTML_MESSAGE']);
    expect(byHeader(r.verdicts, 'X-Barracuda-Spam-Flag')[0]!.tone).toBe('bad');
  });

  it('IronPort (synthetic values in the observed shapes)', () => {
    const r = decode('X-IronPort-AV: E=Sophos;i="6.00,201,1700000000"; d="scan\'208";a="12345678"\nX-SBRS: -4.2\nX-IronPort-MailFlowPolicy: $THROTTLED\nX-Amp-Result: CLEAN\nX-IronPort-Anti-Spam-Filtered: true\n');
    expect(byHeader(r.verdicts, 'X-SBRS')[0]).toMatchObject({ tone: 'bad', score: { value: -4.2 } });
    expect(byHeader(r.verdicts, 'X-IronPort-MailFlowPolicy')[0]!.summary).toMatch(/suspicious senders/);
    expect(byHeader(r.verdicts, 'X-Amp-Result')[0]!.tone).toBe('good');
    expect(byHeader(r.verdicts, 'X-IronPort-AV')[0]!.fields.map((f) => f.key)).toEqual(['E', 'i', 'd', 'a']);
  });

  it('Yahoo headers are listed as opaque (synthetic values)', () => {
    const r = decode('X-YMailISG: abc.def\nX-Sonic-MF: <a@yahoo.com>\n');
    expect(r.verdicts.map((v) => [v.vendor, v.fields[0]!.provenance])).toEqual([['yahoo', 'community-observed'], ['yahoo', 'community-observed']]);
  });
});

describe('decodeVendorVerdicts robustness', () => {
  it('lists unknown X- headers instead of hiding them', () => {
    const r = decode('X-Custom-Filter: weird=1\nX-Mailer: Foo 1.0\nSubject: hi\n');
    expect(r.unknownHeaders).toEqual([
      { name: 'X-Custom-Filter', value: 'weird=1', line: 1, note: null },
      { name: 'X-Mailer', value: 'Foo 1.0', line: 2, note: 'The program that composed the message.' },
    ]);
  });

  it('never throws on garbage verdict headers', () => {
    const names = ['X-Forefront-Antispam-Report', 'X-Microsoft-Antispam', 'X-Microsoft-Antispam-Mailbox-Delivery', 'X-Spam-Status', 'X-Spam-Report', 'X-Spamd-Result', 'X-Proofpoint-Spam-Details', 'X-Mimecast-Impersonation-Protect', 'X-Barracuda-Spam-Status', 'X-IronPort-AV', 'X-Spam_report', 'X-Spam-Score', 'X-SBRS'];
    const junk = ['', ';;;;', '::::', '=====', '((((', 'Yes, score=abc required= tests=,,,', 'default: True [x / y]; A(b)[', '* * * -1 -', '\u0000\u0001', 'x'.repeat(5000)];
    for (const n of names) for (const j of junk) {
      expect(() => decode(`${n}: ${j}\n`)).not.toThrow();
    }
  });
});
