import { describe, expect, it } from 'vitest';
import { DNSBL_LISTS, decodeDnsblAnswer, dnsblQueryName, type DnsblList } from '../../../../shared/probe/dnsbl-lists';
import { publicResolverOf } from '../../../../shared/probe/public-resolvers';
import { canonicalIP, ptrName, reversedLabels } from '../../../../shared/probe/reverse-name';

const list = (id: string): DnsblList => {
  const found = DNSBL_LISTS.find((l) => l.id === id);
  if (!found) throw new Error(id);
  return found;
};

describe('reverse names (RFC 5782, RFC 3596)', () => {
  it('reverses IPv4 octets and IPv6 nibbles', () => {
    expect(reversedLabels('192.0.2.1')).toBe('1.2.0.192');
    expect(ptrName('192.0.2.1')).toBe('1.2.0.192.in-addr.arpa');
    // RFC 5782 §2.4 example address.
    expect(reversedLabels('2001:db8:1:2:3:4:567:89ab')).toBe('b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2');
    expect(ptrName('2001:db8::1')).toBe('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa');
    expect(reversedLabels('example.org')).toBeNull();
  });

  it('canonicalises addresses for comparison', () => {
    expect(canonicalIP('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(canonicalIP('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(canonicalIP('2001:db8:0:1:0:0:0:1')).toBe('2001:db8:0:1::1');
  });
});

describe('dnsblQueryName', () => {
  it('builds IP and domain queries and skips what a list does not cover', () => {
    expect(dnsblQueryName(list('spamhaus-zen'), '192.0.2.1')).toBe('1.2.0.192.zen.spamhaus.org');
    expect(dnsblQueryName(list('spamhaus-zen'), '2001:db8::1')).toMatch(/^1(\.0){23}\.8\.b\.d\.0\.1\.0\.0\.2\.zen\.spamhaus\.org$/);
    expect(dnsblQueryName(list('spamcop'), '2001:db8::1')).toBeNull();
    expect(dnsblQueryName(list('spamhaus-dbl'), 'Example.ORG.')).toBe('example.org.dbl.spamhaus.org');
    expect(dnsblQueryName(list('spamhaus-dbl'), '192.0.2.1')).toBeNull();
  });
});

describe('decodeDnsblAnswer', () => {
  it('decodes every Spamhaus ZEN code in an answer', () => {
    const v = decodeDnsblAnswer(list('spamhaus-zen'), ['127.0.0.2', '127.0.0.4', '127.0.0.10']);
    expect(v.kind).toBe('listed');
    if (v.kind !== 'listed') return;
    expect(v.codes.map((c) => c.label)).toEqual(['SBL', 'XBL', 'PBL (ISP)']);
    expect(v.codes[2]?.policy).toBe(true);
  });

  it('reads Spamhaus refusal codes as refusals, never listings', () => {
    for (const code of ['127.255.255.254', '127.255.255.255', '127.255.255.252']) {
      expect(decodeDnsblAnswer(list('spamhaus-zen'), [code]).kind).toBe('refused');
      expect(decodeDnsblAnswer(list('spamhaus-dbl'), [code]).kind).toBe('refused');
    }
    // Any other code in Spamhaus' error range is still an error, not a listing.
    expect(decodeDnsblAnswer(list('spamhaus-zen'), ['127.255.255.253']).kind).toBe('refused');
    expect(decodeDnsblAnswer(list('spamhaus-dbl'), ['127.0.1.255']).kind).toBe('refused');
    expect(decodeDnsblAnswer(list('uribl'), ['127.0.0.1']).kind).toBe('refused');
    expect(decodeDnsblAnswer(list('surbl'), ['127.0.0.1']).kind).toBe('refused');
  });

  it('decodes bitmask lists bit by bit', () => {
    const surbl = decodeDnsblAnswer(list('surbl'), ['127.0.0.72']);
    expect(surbl.kind === 'listed' && surbl.codes.map((c) => c.label)).toEqual(['PH', 'ABUSE']);
    const uribl = decodeDnsblAnswer(list('uribl'), ['127.0.0.6']);
    expect(uribl.kind === 'listed' && uribl.codes.map((c) => c.label)).toEqual(['black', 'grey']);
  });

  it('keeps unknown codes as listed (unknown code), rejects answers outside 127/8, and empty = not listed', () => {
    const v = decodeDnsblAnswer(list('spamcop'), ['127.0.0.99']);
    expect(v.kind === 'listed' && v.codes[0]?.label).toBe('unknown code');
    expect(decodeDnsblAnswer(list('spamcop'), ['198.51.100.7']).kind).toBe('invalid');
    expect(decodeDnsblAnswer(list('spamcop'), []).kind).toBe('not-listed');
  });

  it('has no SORBS (decommissioned) and a refusal table for every list that refuses public resolvers', () => {
    expect(DNSBL_LISTS.some((l) => l.zone.includes('sorbs'))).toBe(false);
    for (const l of DNSBL_LISTS.filter((x) => x.refusesPublicResolvers)) expect(l.refusals.length).toBeGreaterThan(0);
  });
});

describe('publicResolverOf', () => {
  it('recognises public resolvers with or without port', () => {
    expect(publicResolverOf('8.8.8.8')?.name).toBe('Google Public DNS');
    expect(publicResolverOf('1.1.1.1:53')?.name).toContain('Cloudflare');
    expect(publicResolverOf('208.67.222.123')?.name).toContain('OpenDNS');
    expect(publicResolverOf('[2620:fe::fe]:53')?.name).toBe('Quad9');
    expect(publicResolverOf('127.0.0.1:5353')).toBeNull();
  });
});
