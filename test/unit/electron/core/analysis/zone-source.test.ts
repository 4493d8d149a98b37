import { describe, expect, it } from 'vitest';
import { createRecordingResolver, toResolver } from '../../../../../electron/core/analysis/resolver';
import { createZoneSource, type Zone } from '../../../../../electron/core/analysis/zone-source';

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (err) {
    return (err as { code: string }).code;
  }
  return 'resolved';
};

const zone: Zone = {
  'Example.COM.': [
    { type: 'TXT', data: ['v=spf1 ', 'ip4:192.0.2.1 -all'] },
    { type: 'A', data: '192.0.2.1' },
    { type: 'MX', data: { priority: 10, exchange: 'mx.example.com' } },
  ],
  'spfonly.example.net': [{ type: 'SPF', data: ['v=spf1 -all'] }],
  'both.example.net': [
    { type: 'TXT', data: ['v=spf1 -all'] },
    { type: 'SPF', data: ['v=spf1 +all'] },
  ],
  'txtnone.example.net': [
    { type: 'SPF', data: ['v=spf1 -all'] },
    { type: 'TXT', data: null },
  ],
  'txtthentimeout.example.net': [{ type: 'TXT', data: ['v=spf1 -all'] }, { type: 'TIMEOUT' }],
  'spfnotxttimeout.example.net': [{ type: 'SPF', data: ['v=spf1 -all'] }, { type: 'TXT', data: null }, { type: 'TIMEOUT' }],
  'broken.example.net': [{ type: 'SERVFAIL' }],
  'alias.example.org': [{ type: 'CNAME', data: 'example.com' }],
  'loop1.example.org': [{ type: 'CNAME', data: 'loop2.example.org' }],
  'loop2.example.org': [{ type: 'CNAME', data: 'loop1.example.org' }],
};

describe('in-memory zone source', () => {
  const resolve = toResolver(createZoneSource(zone));

  it('answers in node:dns shapes, case-insensitively, ignoring a trailing dot', async () => {
    expect(await resolve('EXAMPLE.com', 'TXT')).toEqual([['v=spf1 ', 'ip4:192.0.2.1 -all']]);
    expect(await resolve('example.com.', 'a')).toEqual(['192.0.2.1']);
    expect(await resolve('example.com', 'MX')).toEqual([{ priority: 10, exchange: 'mx.example.com' }]);
  });

  it('distinguishes NXDOMAIN from NODATA by code', async () => {
    expect(await codeOf(resolve('nowhere.example', 'TXT'))).toBe('ENOTFOUND');
    expect(await codeOf(resolve('example.com', 'AAAA'))).toBe('ENODATA');
  });

  it('lets TXT queries see SPF-type entries only when the name has no TXT entry', async () => {
    expect(await resolve('spfonly.example.net', 'TXT')).toEqual([['v=spf1 -all']]);
    expect(await resolve('both.example.net', 'TXT')).toEqual([['v=spf1 -all']]);
    expect(await codeOf(resolve('txtnone.example.net', 'TXT'))).toBe('ENODATA');
    expect(await resolve('txtnone.example.net', 'SPF')).toEqual([['v=spf1 -all']]);
  });

  it('times out a type that has no record before TIMEOUT, and answers the one that has', async () => {
    expect(await resolve('txtthentimeout.example.net', 'TXT')).toEqual([['v=spf1 -all']]);
    expect(await codeOf(resolve('txtthentimeout.example.net', 'A'))).toBe('ETIMEOUT');
    expect(await codeOf(resolve('spfnotxttimeout.example.net', 'TXT'))).toBe('ETIMEOUT');
    expect(await codeOf(resolve('broken.example.net', 'TXT'))).toBe('ESERVFAIL');
  });

  it('follows CNAMEs for other types, and stops a loop', async () => {
    expect(await resolve('alias.example.org', 'A')).toEqual(['192.0.2.1']);
    expect(await resolve('alias.example.org', 'CNAME')).toEqual(['example.com']);
    expect(await codeOf(resolve('loop1.example.org', 'A'))).toBe('ESERVFAIL');
  });

  it('refuses names a resolver could not ask', async () => {
    expect(await codeOf(resolve(`${'a'.repeat(64)}.example.com`, 'TXT'))).toBe('EBADNAME');
    expect(await codeOf(resolve('a..example.com', 'TXT'))).toBe('EBADNAME');
  });
});

describe('recording resolver', () => {
  it('keeps every query with its outcome, answer, TTL, time asked and duration', async () => {
    const resolver = createRecordingResolver(createZoneSource(zone, { ttl: 60, description: 'test zone' }));
    const before = Date.now();
    await resolver('example.com', 'MX');
    await expect(resolver('nowhere.example', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver('example.com', 'AAAA')).rejects.toMatchObject({ code: 'ENODATA' });
    await expect(resolver('broken.example.net', 'TXT')).rejects.toMatchObject({ code: 'ESERVFAIL' });

    expect(resolver.queries.map((q) => [q.seq, q.name, q.rrtype, q.outcome])).toEqual([
      [1, 'example.com', 'MX', 'answer'],
      [2, 'nowhere.example', 'TXT', 'nxdomain'],
      [3, 'example.com', 'AAAA', 'nodata'],
      [4, 'broken.example.net', 'TXT', 'error'],
    ]);
    const [first, , , last] = resolver.queries;
    expect(first?.summary).toEqual(['10 mx.example.com']);
    expect(first?.ttl).toBe(60);
    expect(first?.source).toBe('test zone');
    expect(Date.parse(first?.askedAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect(first?.durationMs).toBeGreaterThanOrEqual(0);
    expect(last?.error?.code).toBe('ESERVFAIL');
    expect(last?.answer).toBeNull();
  });
});

describe('recording resolver with memoize', () => {
  it('asks once per (name, type) and logs repeats as cached copies', async () => {
    let asked = 0;
    const zoneSource = createZoneSource(zone);
    const counting = { description: 'counting', query: (n: string, t: string) => ((asked += 1), zoneSource.query(n, t)) };
    const resolver = createRecordingResolver(counting, { memoize: true });
    expect(await resolver('example.com', 'A')).toEqual(['192.0.2.1']);
    expect(await resolver('EXAMPLE.com.', 'a')).toEqual(['192.0.2.1']);
    await expect(resolver('nowhere.example', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver('nowhere.example', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(asked).toBe(2);
    expect(resolver.queries.map((q) => [q.seq, q.outcome, q.cachedFrom])).toEqual([
      [1, 'answer', null],
      [2, 'answer', 1],
      [3, 'nxdomain', null],
      [4, 'nxdomain', 3],
    ]);
  });
});
