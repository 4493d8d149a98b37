// Record parsers of the MTA-STS and TLS-RPT checks (RFC 8461 §3.1, RFC 8460 §3).
import { describe, expect, it } from 'vitest';
import { parseStsRecord } from '../../../../../../electron/core/probes/checks/mta-sts';
import { parseTlsRpt } from '../../../../../../electron/core/probes/checks/tls-rpt';

describe('parseStsRecord', () => {
  it('reads the id of a well-formed record', () => {
    expect(parseStsRecord('v=STSv1; id=20261125T01;')).toEqual({ id: '20261125T01', problems: [] });
  });
  it('names each problem', () => {
    expect(parseStsRecord('v=STSv1; ID=abc').problems).toEqual(['"ID" must be written "id" (lower case)']);
    expect(parseStsRecord('v=STSv1; id=2026-11-25').problems[0]).toMatch(/1 to 32 letters and digits/);
    expect(parseStsRecord('v=STSv1;')).toMatchObject({ id: null, problems: ['the record has no id= field'] });
    expect(parseStsRecord('v=stsv1; id=1').problems[0]).toMatch(/must start with "v=STSv1;"/);
  });
});

describe('parseTlsRpt', () => {
  it('reads mailto: and https: destinations', () => {
    const r = parseTlsRpt('v=TLSRPTv1; rua=mailto:tls@example.org, https://reports.example.net/tlsrpt');
    expect(r.problems).toEqual([]);
    expect(r.uris.map((u) => [u.scheme, u.problem])).toEqual([['mailto', null], ['https', null]]);
  });
  it('flags missing rua, other schemes and bad addresses', () => {
    expect(parseTlsRpt('v=TLSRPTv1;').problems[0]).toMatch(/rua= is missing/);
    const r = parseTlsRpt('v=TLSRPTv1; rua=ftp://x.example,mailto:not-an-address');
    expect(r.uris.map((u) => u.scheme)).toEqual(['other', 'mailto']);
    expect(r.uris.every((u) => u.problem)).toBe(true);
    expect(parseTlsRpt('v=TLSRPTv1; rua=mailto:a@example.org; rua=mailto:b@example.org').problems[0]).toMatch(/more than once/);
  });
});
