import { describe, expect, it } from 'vitest';
import { computeFindings, formatDuration, rankFindings } from '../../../../shared/analysis/findings';
import { buildAlignment } from '../../../../shared/analysis/alignment';
import type { DkimSignatureView, Finding } from '../../../../shared/model/analysis';
import { field, group, hop, input, recorded, verdict } from './finding-input';

const ids = (fs: Finding[]) => fs.map((f) => f.id);
const byId = (fs: Finding[], id: string) => {
  const f = fs.find((x) => x.id === id);
  if (!f) throw new Error(`no finding ${id} in ${ids(fs).join(', ')}`);
  return f;
};

function sig(partial: Partial<DkimSignatureView>): DkimSignatureView {
  return {
    fieldIndex: 3, line: 4, domain: 'esp.net', selector: 's1', algorithm: 'rsa-sha256', canonicalization: 'relaxed/relaxed', identity: null,
    signedHeaders: ['from'], bodyHash: 'bh', bShort: 'abcdefgh', signedAt: null, expiresAt: null, bodyLength: null, recorded: null,
    recordedReason: null, raw: 'DKIM-Signature: v=1; d=esp.net; s=s1', problems: [], ...partial,
  };
}

describe('DMARC findings', () => {
  it('explains an unaligned DMARC failure through an ESP, with the fix', () => {
    const alignment = buildAlignment({
      fromDomain: 'example.com', fromSource: 'From',
      mailFrom: { domain: 'bounces.esp.net', result: 'pass', source: 'Return-Path' },
      dkim: [{ domain: 'esp.net', selector: 's1', result: 'pass', source: 'DKIM-Signature' }],
    });
    const fs = computeFindings(input({
      alignment,
      authentication: {
        ...input().authentication,
        dmarc: { ...recorded('fail', 'dmarc=fail (p=QUARANTINE sp=QUARANTINE dis=QUARANTINE) header.from=example.com', 'Authentication-Results (mx.google.com)', 7), headerFrom: 'example.com', policy: 'quarantine', subdomainPolicy: 'quarantine', disposition: 'quarantine' },
        spf: { ...recorded('pass', 'spf=pass smtp.mailfrom=bounces.esp.net'), mailFromDomain: 'bounces.esp.net', helo: null, ip: '192.0.2.10' },
        dkim: [sig({ recorded: recorded('pass', 'dkim=pass header.d=esp.net') })],
      },
    }));
    const f = fs[0]!;
    expect(f.id).toBe('dmarc-fail');
    expect(f.severity).toBe('high');
    expect(f.explanation).toContain('DMARC failed: the From domain example.com aligns with neither the SPF domain (bounces.esp.net) nor the DKIM domain (esp.net).');
    expect(f.explanation).toContain('example.com publishes p=quarantine; the receiver applied quarantine.');
    expect(f.fix).toBe('Sign with d=example.com (publish a DKIM key under example.com at your sending service) or use a return-path (bounce domain) under example.com.');
    expect(f.evidence[0]).toMatchObject({ kind: 'header', line: 7, text: expect.stringContaining('dmarc=fail') });
  });

  it('names the aligned identifier that failed instead of blaming alignment', () => {
    const alignment = buildAlignment({
      fromDomain: 'example.com', fromSource: 'From',
      mailFrom: { domain: 'esp.net', result: 'pass', source: 'Return-Path' },
      dkim: [{ domain: 'example.com', selector: 'k1', result: 'fail', source: 'DKIM-Signature' }],
    });
    const fs = computeFindings(input({
      alignment,
      authentication: { ...input().authentication, dmarc: { ...recorded('fail', 'dmarc=fail'), headerFrom: 'example.com', policy: null, subdomainPolicy: null, disposition: null } },
    }));
    expect(byId(fs, 'dmarc-fail').explanation).toBe('DMARC failed: DKIM d=example.com is aligned but its result was fail.');
  });

  it('no DMARC record is a medium finding with a record to publish', () => {
    const fs = computeFindings(input({ authentication: { ...input().authentication, dmarc: { ...recorded('none', 'dmarc=none header.from=example.com'), headerFrom: 'example.com', policy: null, subdomainPolicy: null, disposition: null } } }));
    const f = byId(fs, 'dmarc-none');
    expect(f.severity).toBe('medium');
    expect(f.fix).toContain('_dmarc.example.com');
  });
});

describe('spam filter verdicts', () => {
  const passAuth = () => ({
    ...input().authentication,
    dmarc: { ...recorded('pass', 'dmarc=pass action=none header.from=example.com'), headerFrom: 'example.com', policy: null, subdomainPolicy: null, disposition: 'none' },
    compauth: { ...recorded('pass', 'compauth=pass reason=100'), reason: '100', reasonMeaning: 'explicit pass' },
  });

  it('all pass but SCL 6: reputation or content, not authentication', () => {
    const fs = computeFindings(input({
      authentication: passAuth(),
      vendorVerdicts: [
        verdict({ vendor: 'microsoft', header: 'X-Forefront-Antispam-Report', raw: 'X-Forefront-Antispam-Report: CIP:1.2.3.4;SCL:6;SFV:SPM', line: 20, verdict: 'spam', fields: [field('CIP', '1.2.3.4'), field('SCL', '6'), field('SFV', 'SPM', { meaning: 'spam' })] }),
        verdict({ vendor: 'microsoft', header: 'X-Microsoft-Antispam', raw: 'X-Microsoft-Antispam: BCL:8;', line: 21, verdict: 'bulk', fields: [field('BCL', '8')] }),
      ],
    }));
    const f = fs[0]!;
    expect(f.id).toBe('spam-despite-auth');
    expect(f.explanation).toBe("Authentication passed (DMARC passed for example.com); the receiver's spam filter still scored it: Microsoft SCL 6 (spam), bulk level BCL 8 — reputation or content, not authentication.");
    expect(f.evidence.map((e) => e.line)).toEqual([20, 21, 1]);
    expect(ids(fs)).toContain('dmarc-pass');
    expect(fs[fs.length - 1]!.severity).toBe('ok');
  });

  it('an -Untrusted (upstream) verdict is not the receiver\'s', () => {
    const fs = computeFindings(input({
      authentication: passAuth(),
      vendorVerdicts: [verdict({ vendor: 'microsoft', upstream: true, header: 'X-Forefront-Antispam-Report-Untrusted', verdict: 'spam', summary: 'SCL 5: spam', fields: [field('SCL', '5')] })],
    }));
    expect(ids(fs)).not.toContain('spam-despite-auth');
    expect(byId(fs, 'upstream-verdicts').explanation).toContain('not the receiver');
  });

  it('filter said not spam but a rule moved it to Junk', () => {
    const fs = computeFindings(input({
      vendorVerdicts: [
        verdict({ vendor: 'microsoft', fields: [field('SFV', 'NSPM'), field('SCL', '1')] }),
        verdict({ vendor: 'microsoft', header: 'X-Microsoft-Antispam-Mailbox-Delivery', fields: [field('dest', 'J')] }),
      ],
    }));
    expect(byId(fs, 'microsoft-rule-to-junk').severity).toBe('medium');
  });

  it('lists the top SpamAssassin rules by points', () => {
    const fs = computeFindings(input({
      vendorVerdicts: [verdict({
        vendor: 'spamassassin', vendorName: 'SpamAssassin', verdict: 'spam', summary: 'SpamAssassin score 7.3 (5.0 required): spam',
        fields: [field('BAYES_99', '3.5', { weight: 3.5, meaning: 'Bayes spam probability is 99 to 100%' }), field('HTML_MESSAGE', '0.001', { weight: 0.001 }), field('RCVD_IN_DNSWL_NONE', '-0.0001', { weight: -0.0001 }), field('URIBL_BLACK', '1.7', { weight: 1.7 })],
      })],
    }));
    const f = byId(fs, 'spam-rules');
    expect(f.explanation).toBe('SpamAssassin score 7.3 (5.0 required): spam. The rules that added most: BAYES_99 (+3.5): Bayes spam probability is 99 to 100%; URIBL_BLACK (+1.7); HTML_MESSAGE (+0.001).');
    expect(byId(fs, 'spam-verdict').explanation).toContain('SpamAssassin score 7.3');
  });

  it('says plainly that Gmail does not write its reason into headers', () => {
    const fs = computeFindings(input({ authentication: { ...input().authentication, groups: [group({ authservId: 'mx.google.com' })], receiverAuthservId: 'mx.google.com' } }));
    expect(byId(fs, 'gmail-no-reason').explanation).toMatch(/^Gmail does not write its spam verdict or the reason into the message headers/);
  });
});

describe('SPF, DKIM, iprev, compauth, ARC', () => {
  it('SPF softfail names the boundary IP and the domain', () => {
    const boundary = hop({ index: 1, ip: '203.0.113.5', by: 'mx.example.net', raw: 'Received: from x (x [203.0.113.5]) by mx.example.net', line: 3, boundary: true });
    const fs = computeFindings(input({
      hops: { ...input().hops, hops: [hop({ index: 0 }), boundary], boundaryIndex: 1 },
      authentication: { ...input().authentication, spf: { ...recorded('softfail', 'spf=softfail smtp.mailfrom=example.com'), mailFromDomain: 'example.com', helo: null, ip: null } },
    }));
    const f = byId(fs, 'spf-softfail');
    expect(f.title).toBe('SPF softfail: 203.0.113.5 is not listed for example.com');
    expect(f.explanation).toContain('the connecting IP 203.0.113.5 (boundary hop, received by mx.example.net)');
    expect(f.evidence.map((e) => e.line)).toEqual([1, 3]);
  });

  it('DKIM body hash mismatch on the aligned signature is high', () => {
    const alignment = buildAlignment({ fromDomain: 'example.com', fromSource: 'From', mailFrom: { domain: null, result: null, source: '' }, dkim: [{ domain: 'example.com', selector: 'k', result: 'neutral', source: '' }] });
    const fs = computeFindings(input({
      alignment,
      authentication: { ...input().authentication, dkim: [sig({ domain: 'example.com', selector: 'k', recorded: recorded('neutral', 'dkim=neutral (body hash did not verify) header.d=example.com'), recordedReason: 'body hash did not verify' })] },
    }));
    const f = byId(fs, 'dkim-body-hash');
    expect(f.severity).toBe('high');
    expect(f.explanation).toMatch(/footer or disclaimer/);
  });

  it('no DKIM signature at all', () => {
    const fs = computeFindings(input({ authentication: { ...input().authentication, dkimUnmatched: [recorded('none', 'dkim=none (message not signed)')] } }));
    expect(byId(fs, 'dkim-none')).toMatchObject({ severity: 'medium', confidence: 'recorded' });
  });

  it('iprev fail, and "unknown [ip]" on the boundary hop when no iprev was recorded', () => {
    const fs = computeFindings(input({ authentication: { ...input().authentication, iprev: { ...recorded('fail', 'iprev=fail policy.iprev=198.51.100.7'), ip: '198.51.100.7' } } }));
    expect(byId(fs, 'iprev-fail').title).toBe('No valid reverse DNS for 198.51.100.7');
    const b = hop({ index: 0, ip: '198.51.100.7', by: 'mx.example.net', raw: 'Received: from helo (unknown [198.51.100.7]) by mx.example.net', boundary: true });
    const fs2 = computeFindings(input({ hops: { ...input().hops, hops: [b], boundaryIndex: 0 } }));
    expect(byId(fs2, 'ptr-missing').confidence).toBe('estimated');
  });

  it('decodes compauth failures and the ARC override', () => {
    const fs = computeFindings(input({ authentication: { ...input().authentication, compauth: { ...recorded('fail', 'compauth=fail reason=001'), reason: '001', reasonMeaning: 'implicit fail: no or weak authentication records' } } }));
    expect(byId(fs, 'compauth-fail').explanation).toContain('(reason 001: implicit fail');
    const fs2 = computeFindings(input({ authentication: { ...input().authentication, compauth: { ...recorded('pass', 'compauth=pass reason=130'), reason: '130', reasonMeaning: 'ARC overrode' } } }));
    expect(ids(fs2)).toContain('compauth-arc-override');
  });

  it('recognises an ARC-sealed forward', () => {
    const fs = computeFindings(input({
      authentication: {
        ...input().authentication,
        arc: [{ instance: 1, chainValidation: 'none', sealDomain: 'lists.example.org', signatureDomain: 'lists.example.org', authservId: 'lists.example.org', results: 'spf=pass smtp.mailfrom=example.com', lines: [5, 6, 7], problems: [] }],
        arcResult: recorded('pass', 'arc=pass (i=1)'),
      },
    }));
    const f = byId(fs, 'arc-forwarded');
    expect(f.explanation).toContain('forwarded through lists.example.org');
  });
});

describe('path and input findings', () => {
  it('keeps clock skew visible and calls out a long step', () => {
    const hops = [
      hop({ index: 0, by: 'a.example', timestamp: '2024-01-01T00:00:00Z' }),
      hop({ index: 1, by: 'b.example', timestamp: '2023-12-31T23:58:00Z', delayMs: -120_000, clockSkew: true }),
      hop({ index: 2, by: 'c.example', timestamp: '2024-01-01T01:30:00Z', delayMs: 5_520_000 }),
    ];
    const fs = computeFindings(input({ hops: { ...input().hops, hops, totalMs: 5_400_000 } }));
    expect(byId(fs, 'clock-skew').explanation).toContain('b.example stamped 2 min before a.example');
    const d = byId(fs, 'long-delay');
    expect(d.severity).toBe('medium');
    expect(d.title).toBe('Delivery was delayed 1 h 32 min at one step');
  });

  it('never claims a verdict when the receiver wrote none: "could not check"', () => {
    const fs = computeFindings(input({ authentication: { ...input().authentication, groups: [], receiverAuthservId: null } }));
    const f = byId(fs, 'no-receiver-ar');
    expect(f.confidence).toBe('unknown');
    expect(fs.every((x) => x.severity !== 'high')).toBe(true);
  });

  it('upstream-only AR is labelled as such', () => {
    const fs = computeFindings(input({ authentication: { ...input().authentication, groups: [group({ role: 'upstream', counts: false, authservId: 'relay.sender.example' })], receiverAuthservId: null } }));
    expect(byId(fs, 'upstream-ar-only').explanation).toContain('relay.sender.example');
  });

  it('explains input that is not headers', () => {
    const fs = computeFindings(input({ input: { ...input().input, kind: 'not-headers', headerCount: 0 }, authentication: { ...input().authentication, groups: [] } }));
    expect(ids(fs)).toEqual(['input-not-headers']);
  });
});

describe('live verification findings', () => {
  it('a key gone since delivery is "rotated", with the DNS answer and when it was asked', () => {
    const fs = computeFindings(input({
      verification: {
        askedAt: '2025-01-01T00:00:00.000Z', asOf: '2025-01-01T00:00:00.000Z', resolver: '127.0.0.1:5353', dmarcRecord: null, notChecked: [],
        checks: [{ kind: 'dkim', label: 'DKIM d=example.com s=old', asRecorded: 'pass', asOfNow: 'neutral', detail: 'no key', differs: true,
          dns: [{ name: 'old._domainkey.example.com', type: 'TXT', answer: [], error: 'ENOTFOUND', askedAt: '2025-01-01T00:00:00.000Z', resolver: '127.0.0.1:5353' }] }],
      },
    }));
    const f = byId(fs, 'dkim-key-rotated');
    expect(f.confidence).toBe('checked');
    expect(f.evidence[1]).toMatchObject({ kind: 'dns', askedAt: '2025-01-01T00:00:00.000Z', text: 'old._domainkey.example.com TXT: no answer (ENOTFOUND) (via 127.0.0.1:5353)' });
  });
});

describe('ranking and robustness', () => {
  it('ranks by severity, then rule order', () => {
    const mk = (id: string, severity: Finding['severity']): Finding => ({ id, severity, confidence: 'recorded', title: id, explanation: '', evidence: [], fix: null });
    expect(ids(rankFindings([mk('a', 'info'), mk('b', 'high'), mk('c', 'ok'), mk('d', 'high'), mk('e', 'medium')]))).toEqual(['b', 'd', 'e', 'a', 'c']);
  });

  it('a rule that throws becomes "could not check", not a crash', () => {
    const fs = computeFindings(input(), [{ id: 'boom', run: () => { throw new Error('bad data'); } }]);
    expect(fs).toEqual([expect.objectContaining({ id: 'rule-error-boom', confidence: 'unknown', title: 'Could not check: boom' })]);
  });

  it('formats durations', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_000)).toBe('12 s');
    expect(formatDuration(250_000)).toBe('4 min 10 s');
    expect(formatDuration(7_380_000)).toBe('2 h 3 min');
    expect(formatDuration(-120_000)).toBe('−2 min');
    expect(formatDuration(3 * 86_400_000)).toBe('3 d');
  });
});
