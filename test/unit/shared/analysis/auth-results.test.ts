import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  authservIdMatches, getProperty, groupAuthResults, parseArcAuthResults, parseAuthResults, type AuthResult,
} from '../../../../shared/analysis/auth-results';
import { splitHeaderBlock } from '../../../../shared/analysis/header-block';
import { parseReceivedSpf } from '../../../../shared/analysis/received-spf';

/** Compact view of a result for table assertions: "method=result p.x=v …". */
const brief = (r: AuthResult) => [`${r.method}${r.methodVersion ? `/${r.methodVersion}` : ''}=${r.result}`, ...(r.reason !== null ? [`reason=${r.reason}`] : []), ...r.properties.map((p) => `${p.ptype ? `${p.ptype}.` : ''}${p.property}=${p.value}`)].join(' ');

describe('RFC 8601 Appendix B examples', () => {
  const cases: [string, string, string | null, string | null, string[]][] = [
    // [label, value, authserv-id, version, results]
    ['B.2 nearly trivial', 'example.org 1; none', 'example.org', '1', []],
    ['B.3 one result', 'example.com;\r\n          spf=pass smtp.mailfrom=example.net', 'example.com', null, ['spf=pass smtp.mailfrom=example.net']],
    ['B.4 several, one MTA', 'example.com;\r\n          auth=pass (cram-md5) smtp.auth=sender@example.net;\r\n          spf=pass smtp.mailfrom=example.net', 'example.com', null, ['auth=pass smtp.auth=sender@example.net', 'spf=pass smtp.mailfrom=example.net']],
    ['B.4 iprev', 'example.com; iprev=pass\r\n          policy.iprev=192.0.2.200', 'example.com', null, ['iprev=pass policy.iprev=192.0.2.200']],
    ['B.5 dkim', 'example.com;\r\n          dkim=pass (good signature) header.d=example.com', 'example.com', null, ['dkim=pass header.d=example.com']],
    ['B.5 auth+spf', 'example.com;\r\n          auth=pass (cram-md5) smtp.auth=sender@example.com;\r\n          spf=fail smtp.mailfrom=example.com', 'example.com', null, ['auth=pass smtp.auth=sender@example.com', 'spf=fail smtp.mailfrom=example.com']],
    ['B.6 multi-tiered', 'example.com;\r\n      dkim=pass reason="good signature"\r\n        header.i=@mail-router.example.net;\r\n      dkim=fail reason="bad signature"\r\n        header.i=@newyork.example.com', 'example.com', null, ['dkim=pass reason=good signature header.i=@mail-router.example.net', 'dkim=fail reason=bad signature header.i=@newyork.example.com']],
    ['B.6 second header', 'example.net;\r\n      dkim=pass (good signature) header.i=@newyork.example.com', 'example.net', null, ['dkim=pass header.i=@newyork.example.com']],
    ['B.7 comment-heavy', 'foo.example.net (foobar) 1 (baz);\r\n    dkim (Because I like it) / 1 (One yay) = (wait for it) fail\r\n      policy (A dot can go here) . (like that) expired\r\n      (this surprised me) = (as I wasn\'t expecting it) 1362471462', 'foo.example.net', '1', ['dkim/1=fail policy.expired=1362471462']],
  ];
  it.each(cases)('%s', (_l, value, id, version, results) => {
    const h = parseAuthResults(value);
    expect(h.authservId).toBe(id);
    expect(h.authservIdSource).toBe('standard');
    expect(h.version).toBe(version);
    expect(h.results.map(brief)).toEqual(results);
    expect(h.quirks).toEqual([]);
    expect(h.warnings).toEqual([]);
  });
  it('B.2 says "none"', () => expect(parseAuthResults('example.org 1; none').none).toBe(true));
  it('B.7 keeps every comment', () => {
    const [r] = parseAuthResults(cases[8]![1]).results;
    expect(r!.comments).toEqual(['Because I like it', 'One yay', 'wait for it', 'A dot can go here', 'like that', 'this surprised me', "as I wasn't expecting it"]);
  });
});

describe('real Authentication-Results headers', () => {
  it('Gmail (mx.google.com) with dmarc policy comment and arc summary', () => {
    // field notes §2.2, observed at mx.google.com
    const h = parseAuthResults(`mx.google.com;
       dkim=pass header.i=@oracle.com header.s=corp-2025-04-25 header.b=rmIcqMoL;
       arc=pass (i=1 spf=pass spfdomain=oracle.com dkim=pass dkdomain=oracle.com dmarc=pass fromdomain=oracle.com);
       spf=pass (google.com: domain of x@oracle.com designates 205.220.165.32 as permitted sender) smtp.mailfrom=x@oracle.com;
       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=oracle.com`);
    expect(h.authservId).toBe('mx.google.com');
    expect(h.results.map((r) => `${r.method}=${r.normalized}`)).toEqual(['dkim=pass', 'arc=pass', 'spf=pass', 'dmarc=pass']);
    expect(getProperty(h.results[0]!, 'header.b')).toBe('rmIcqMoL');
    expect(h.results[1]!.commentValues).toMatchObject({ i: '1', spfdomain: 'oracle.com', dkdomain: 'oracle.com', fromdomain: 'oracle.com' });
    expect(h.results[3]!.commentValues).toEqual({ p: 'REJECT', sp: 'REJECT', dis: 'NONE' });
    expect(h.warnings).toEqual([]);
  });

  it('Gmail failing forwarded mail (fixture m365-github-forward.txt)', () => {
    const block = splitHeaderBlock(readFileSync(fileURLToPath(new URL('../../../fixtures/headers/m365-github-forward.txt', import.meta.url)), 'utf8'));
    const ars = block.fields.filter((f) => f.key === 'authentication-results').map((f) => parseAuthResults(f.value));
    expect(ars.length).toBe(2);
    const [gmail, ms] = ars as [ReturnType<typeof parseAuthResults>, ReturnType<typeof parseAuthResults>];
    expect(gmail.results.map(brief)).toEqual([
      'dkim=fail header.i=@gmail.com header.s=20251104 header.b=NM5ecVrn',
      'arc=fail',
      'spf=softfail smtp.mailfrom=ruizariasedgarmanuel@gmail.com',
      'dmarc=fail header.from=gmail.com',
      'dara=neutral header.i=@github.com',
    ]);
    expect(gmail.results[3]!.commentValues).toEqual({ p: 'NONE', sp: 'QUARANTINE', dis: 'NONE' });
    // Microsoft: no authserv-id, no space after ';', compauth with reason code
    expect(ms.authservId).toBeNull();
    expect(ms.authservIdSource).toBe('missing');
    expect(ms.quirks).toContain('microsoft');
    expect(ms.results.map(brief)).toEqual([
      'spf=pass smtp.mailfrom=gmail.com',
      'dkim=pass header.d=gmail.com',
      'dmarc=pass action=none header.from=gmail.com',
      'compauth=pass reason=100',
    ]);
    expect(ms.results[0]!.comments).toEqual(['sender IP is 2a00:1450:4864:20::12c']);
    const aars = block.fields.filter((f) => f.key === 'arc-authentication-results').map((f) => parseArcAuthResults(f.value));
    expect(aars.map((a) => [a.instance, a.authservId, a.version])).toEqual([[3, 'mx.microsoft.com', '1'], [2, 'mx.microsoft.com', '1'], [1, 'mx.google.com', null]]);
    expect(aars[0]!.results.map((r) => r.method)).toEqual(['spf', 'dmarc', 'dkim', 'arc']);
    expect(getProperty(aars[0]!.results[0]!, 'smtp.rcpttodomain')).toBe('github.com');
  });

  it('Microsoft 365 with receiving-domain tokens between results (MimeKit#490 input)', () => {
    const h = parseAuthResults('spf=fail (sender IP is 1.1.1.1) smtp.mailfrom=eu-west-1.amazonses.com; receivingdomain.com; dkim=pass (signature was verified) header.d=domain.com;domain1.com; dmarc=bestguesspass action=none header.from=domain.com;');
    expect(h.results.map(brief)).toEqual(['spf=fail smtp.mailfrom=eu-west-1.amazonses.com', 'dkim=pass header.d=domain.com', 'dmarc=bestguesspass action=none header.from=domain.com']);
    expect(h.strayTokens).toEqual(['receivingdomain.com', 'domain1.com']);
    expect(h.authservId).toBe('receivingdomain.com');
    expect(h.authservIdSource).toBe('misplaced');
    expect(h.results[2]!.normalized).toBe('none');
    expect(h.results[2]!.notes[0]).toMatch(/bestguesspass/);
    expect(h.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['ar-missing-authserv-id', 'ar-stray-token']));
  });

  it('Outlook.com (Mail-AuthenticationResults t/04-outlook.t input) — the header its author skips', () => {
    const h = parseAuthResults('spf=pass (sender IP is 66.111.4.222)\n smtp.mailfrom=fastmail.com; outlook.com; dkim=pass (signature was verified)\n header.d=fastmail.com;outlook.com; dmarc=pass action=none\n header.from=fastmail.com;');
    expect(h.results.map((r) => `${r.method}=${r.result}`)).toEqual(['spf=pass', 'dkim=pass', 'dmarc=pass']);
    expect(h.authservId).toBe('outlook.com');
    expect(getProperty(h.results[1]!, 'header.d')).toBe('fastmail.com');
  });

  it('Microsoft empty property value (MimeKit#527 shape)', () => {
    const h = parseAuthResults('spf=none (sender IP is 1.2.3.4) smtp.mailfrom=; dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=;compauth=fail reason=001');
    expect(h.results.map(brief)).toEqual(['spf=none smtp.mailfrom=', 'dkim=none header.d=none', 'dmarc=none action=none header.from=', 'compauth=fail reason=001']);
    expect(h.warnings.filter((w) => w.code === 'ar-empty-property').length).toBe(2);
  });

  it('Yahoo non-RFC values: dkim_pass and success(p=REJECT)', () => {
    const h = parseAuthResults('atlas-production.v2-mail-prod1-gq1.omega.yahoo.com; dkim=dkim_pass header.i=@example.com header.s=s1; spf=pass smtp.mailfrom=example.com; dmarc=success(p=REJECT) header.from=example.com;');
    expect(h.results.map((r) => [r.method, r.result, r.normalized])).toEqual([['dkim', 'dkim_pass', 'pass'], ['spf', 'pass', 'pass'], ['dmarc', 'success', 'pass']]);
    expect(h.results[2]!.comments).toEqual(['p=REJECT']);
    expect(h.results[2]!.commentValues).toEqual({ p: 'REJECT' });
    expect(h.quirks).toEqual(['yahoo']);
  });

  it('old Yahoo with key/values beside the authserv-id (t/04-yahoo.t input)', () => {
    const h = parseAuthResults('mta4011.mail.gq1.yahoo.com  from=fastmail.com; domainkeys=neutral (no sig);  from=messagingengine.com; dkim=pass (ok)');
    expect(h.authservId).toBe('mta4011.mail.gq1.yahoo.com');
    expect(h.extras).toEqual([{ ptype: '', property: 'from', value: 'fastmail.com' }]);
    expect(h.results.map(brief)).toEqual(['domainkeys=neutral', 'dkim=pass from=messagingengine.com']);
    expect(h.quirks).toEqual(['yahoo']);
  });

  it('iCloud: one header per milter, grouped by wildcard authserv-id (t/04-icloud.t input)', () => {
    const values = [
      'mr21p00im-dmarcmilter001.me.com; dmarc=pass\n header.from=fastmail.com',
      'mr21p00im-spfmilter010.me.com; spf=pass\n (mr21p00im-spfmilter010.me.com: domain of deliverability@fastmail.com\n designates 66.111.4.221 as permitted sender)\n smtp.mailfrom=deliverability@fastmail.com',
      'mr21p00im-dkimmilter005.me.com;\tdkim=pass (2048-bit\n key) header.d=messagingengine.com header.i=@messagingengine.com\n header.b=V9y21l+w;\tdkim-adsp=pass',
      'mr21p00im-dkimmilter005.me.com;\tdkim=pass (2048-bit\n key) header.d=fastmail.com header.i=@fastmail.com header.b=0GObIji6;\n\tdkim-adsp=pass',
    ];
    const hs = values.map((v) => parseAuthResults(v));
    expect(hs.flatMap((h) => h.results.map((r) => `${r.method}=${r.result}`))).toEqual(['dmarc=pass', 'spf=pass', 'dkim=pass', 'dkim-adsp=pass', 'dkim=pass', 'dkim-adsp=pass']);
    const groups = groupAuthResults(hs, ['*.me.com']);
    expect(groups.map((g) => [g.authservId, g.positions, g.trusted])).toEqual([
      ['mr21p00im-dmarcmilter001.me.com', [0], true],
      ['mr21p00im-spfmilter010.me.com', [1], true],
      ['mr21p00im-dkimmilter005.me.com', [2, 3], true],
    ]);
  });

  it('Fastmail: properties without ptype (t/04-fastmail.t input)', () => {
    const h = parseAuthResults(`mx6.messagingengine.com;
    arc=none (no signatures found);
    dkim=pass (1024-bit rsa key sha256) header.d=mail.ru header.i=@mail.ru header.b=oF80QtY/ x-bits=1024 x-keytype=rsa x-algorithm=sha256 x-selector=mail2;
    dmarc=pass (p=reject,d=none) header.from=mail.ru;
    iprev=pass policy.iprev=94.100.177.106 (smtp46.i.mail.ru);
    spf=pass smtp.mailfrom=fmdeliverability@mail.ru smtp.helo=smtp46.i.mail.ru;
    x-aligned-from=pass;
    x-ptr=pass x-ptr-helo=smtp46.i.mail.ru x-ptr-lookup=smtp46.i.mail.ru;
    x-return-mx=pass smtp.domain=mail.ru smtp.result=pass smtp_is_org_domain=yes header.domain=mail.ru header.result=pass header_is_org_domain=yes;
    x-tls=pass version=TLSv1.2 cipher=ECDHE-RSA-AES128-GCM-SHA256 bits=128/128`);
    expect(h.results.map((r) => r.method)).toEqual(['arc', 'dkim', 'dmarc', 'iprev', 'spf', 'x-aligned-from', 'x-ptr', 'x-return-mx', 'x-tls']);
    expect(getProperty(h.results[1]!, 'x-selector')).toBe('mail2');
    expect(getProperty(h.results[1]!, 'header.b')).toBe('oF80QtY/');
    expect(h.results[3]!.comments).toEqual(['smtp46.i.mail.ru']);
    expect(getProperty(h.results[8]!, 'cipher')).toBe('ECDHE-RSA-AES128-GCM-SHA256');
    expect(h.warnings).toEqual([]);
  });

  it('AOL free-text comments (t/04-aol.t input)', () => {
    const h = parseAuthResults('mx.aol.com;\n\tspf=pass (aol.com: the domain fastmail.com reports 66.111.4.222 as a permitted sender.) smtp.mailfrom=fastmail.com;\n\tdkim=pass (aol.com: email passed verification from the domain fastmail.com.) header.i=@fastmail.com;\n\tdmarc=pass (aol.com: the domain fastmail.com reports that Both SPF and DKIM strictly align.) header.from=fastmail.com;');
    expect(h.results.map(brief)).toEqual(['spf=pass smtp.mailfrom=fastmail.com', 'dkim=pass header.i=@fastmail.com', 'dmarc=pass header.from=fastmail.com']);
  });

  it('kernel.org: quoted header.b and several headers from one server (fixture)', () => {
    const block = splitHeaderBlock(readFileSync(fileURLToPath(new URL('../../../fixtures/headers/redhat-mimecast-kernel-list.eml', import.meta.url)), 'utf8'));
    const hs = block.fields.filter((f) => f.key === 'authentication-results').map((f) => parseAuthResults(f.value));
    expect(hs.map((h) => h.authservId)).toEqual(Array(4).fill('smtp.subspace.kernel.org'));
    expect(getProperty(hs[0]!.results[0]!, 'header.b')).toBe('geeGPUny');
    expect(hs[1]!.results.map(brief)).toEqual(['arc=none smtp.client-ip=170.10.129.124']);
    const groups = groupAuthResults(hs);
    expect(groups.length).toBe(1);
    expect(groups[0]!.trusted).toBe(true);
  });
});

describe('hostile and malformed input', () => {
  it('a quoted local part containing ") dmarc=pass (" does not create a result', () => {
    const h = parseAuthResults('mx.example.net; spf=fail smtp.mailfrom="a) dmarc=pass (b"@evil.example; dmarc=fail header.from=bank.example');
    expect(h.results.map((r) => `${r.method}=${r.result}`)).toEqual(['spf=fail', 'dmarc=fail']);
    expect(getProperty(h.results[0]!, 'smtp.mailfrom')).toBe('a) dmarc=pass (b@evil.example');
  });

  it('nested comments holding ; and = stay comments', () => {
    const h = parseAuthResults('mx.example.net; dkim=pass (outer (inner; x=y) ; a=b) header.d=example.com; spf=pass');
    expect(h.results.map(brief)).toEqual(['dkim=pass header.d=example.com', 'spf=pass']);
    expect(h.results[0]!.comments).toEqual(['outer (inner; x=y) ; a=b']);
  });

  it('base64 with padding in header.b keeps its "="', () => {
    const h = parseAuthResults('mx.example.net; dkim=pass header.b=abc+/d== header.s=s1');
    expect(getProperty(h.results[0]!, 'header.b')).toBe('abc+/d==');
    expect(getProperty(h.results[0]!, 'header.s')).toBe('s1');
  });

  it.each([
    ['', 'ar-empty'],
    ['mx.example.net; dkim=pass (unclosed', 'unclosed-comment'],
    ['mx.example.net;', 'ar-no-results'],
    ['mx.example.net; =pass', 'ar-bad-method'],
    ['mx.example.net; spf=', 'ar-empty-result'],
    ['mx.example.net; spf=pass header.from=x junk words', 'ar-stray-token'],
  ])('tolerates %j with warning %s', (value, code) => {
    const h = parseAuthResults(value);
    expect(h.warnings.map((w) => w.code)).toContain(code);
  });

  it('ARC-Authentication-Results without i= is flagged', () => {
    const h = parseArcAuthResults('mx.example.net; spf=pass');
    expect(h.instance).toBeNull();
    expect(h.authservId).toBe('mx.example.net');
    expect(h.warnings.map((w) => w.code)).toContain('arc-missing-instance');
  });

  it('never throws on random input', () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = 'spf=pass;dkim()"\\.@/= \t\nheader.d1x';
    for (let i = 0; i < 500; i++) {
      let s = '';
      for (let j = 0, len = Math.floor(rnd() * 120); j < len; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      expect(() => parseAuthResults(s)).not.toThrow();
      expect(() => parseArcAuthResults(s)).not.toThrow();
      expect(() => parseReceivedSpf(s)).not.toThrow();
    }
  });
});

describe('groupAuthResults and authserv-id matching', () => {
  it.each([
    ['mx.google.com', 'mx.google.com', true],
    ['MX.Google.com', 'mx.google.com', true],
    ['mr21p00im-spfmilter010.me.com', '*.me.com', true],
    ['me.com', '*.me.com', false],
    ['mx1.example.com', 'example.com', true],
    ['evil-example.com', 'example.com', false],
    [null, 'example.com', false],
  ])('%s vs %s → %s', (id, pattern, want) => expect(authservIdMatches(id, pattern)).toBe(want));

  it('labels upstream groups when no trusted list is given', () => {
    const g = groupAuthResults([parseAuthResults('mx.receiver.example; spf=pass'), parseAuthResults('relay.upstream.example; spf=fail')]);
    expect(g.map((x) => [x.authservId, x.trusted])).toEqual([['mx.receiver.example', true], ['relay.upstream.example', false]]);
    expect(g[1]!.trustReason).toMatch(/upstream/);
  });
});

describe('parseReceivedSpf (RFC 7208 §9.1)', () => {
  it('RFC 7208 §9.1 example', () => {
    const r = parseReceivedSpf('pass (mybox.example.org: domain of myname@example.com designates 192.0.2.1 as permitted sender) receiver=mybox.example.org; client-ip=192.0.2.1; envelope-from="myname@example.com"; helo=foo.example.com;');
    expect(r).toMatchObject({ result: 'pass', normalized: 'pass', clientIp: '192.0.2.1', envelopeFrom: 'myname@example.com', helo: 'foo.example.com', receiver: 'mybox.example.org' });
    expect(r.comment).toMatch(/^mybox.example.org: domain of/);
    expect(r.warnings).toEqual([]);
  });
  it('Microsoft 365 (fixture)', () => {
    const r = parseReceivedSpf('Pass (protection.outlook.com: domain of gmail.com designates\n 2a00:1450:4864:20::12c as permitted sender) receiver=protection.outlook.com;\n client-ip=2a00:1450:4864:20::12c; helo=mail-lf1-x12c.google.com; pr=C');
    expect(r).toMatchObject({ result: 'pass', clientIp: '2a00:1450:4864:20::12c', helo: 'mail-lf1-x12c.google.com', receiver: 'protection.outlook.com' });
    expect(r.fields.pr).toBe('C');
  });
  it('Gmail softfail (fixture)', () => {
    const r = parseReceivedSpf('softfail (google.com: domain of transitioning ruizariasedgarmanuel@gmail.com does not designate 40.93.10.17 as permitted sender) client-ip=40.93.10.17;');
    expect(r).toMatchObject({ result: 'softfail', normalized: 'softfail', clientIp: '40.93.10.17' });
  });
  it('Microsoft SoftFail with only a comment (field notes)', () => {
    const r = parseReceivedSpf('SoftFail (protection.outlook.com: domain of transitioning gmail.com discourages use of 148.163.150.14 as permitted sender)');
    expect(r).toMatchObject({ result: 'softfail', clientIp: null });
  });
  it('identity=helo with null sender (public repo sample)', () => {
    const r = parseReceivedSpf('None (no SPF record) identity=helo; client-ip=199.255.192.13; helo=a192-13.smtp-out.amazonses.com; envelope-from=<>; receiver=info@watchdog.net');
    expect(r).toMatchObject({ result: 'none', identity: 'helo', envelopeFrom: '', clientIp: '199.255.192.13' });
  });
  it('flags a missing or unknown result', () => {
    expect(parseReceivedSpf('').warnings[0]!.code).toBe('spf-empty');
    expect(parseReceivedSpf('maybe (x) client-ip=1.2.3.4').warnings.map((w) => w.code)).toContain('spf-unknown-result');
  });
});
