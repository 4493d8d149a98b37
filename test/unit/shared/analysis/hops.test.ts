import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { splitHeaderBlock } from '../../../../shared/analysis/header-block';
import { buildHops, estimateOrgDomain } from '../../../../shared/analysis/hops';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../../fixtures/headers/${name}`, import.meta.url)), 'utf8');
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('buildHops on a real list message (Red Hat → Mimecast → kernel.org → subscriber)', () => {
  const block = splitHeaderBlock(fixture('redhat-mimecast-kernel-list.eml'));
  const date = block.fields.find((f) => f.key === 'date')!.value;

  it('orders hops oldest first with per-hop delays and totals', () => {
    const t = buildHops(block.fields, { dateHeader: date });
    expect(t.hops.map((h) => h.received.by)).toEqual([
      'mx-prod-int-04.mail-002.prod.us-west-2.aws.redhat.com',
      'mx-prod-mc-02.mail-002.prod.us-west-2.aws.redhat.com',
      'relay.mimecast.com',
      'smtp.subspace.kernel.org',
      'smtp.subspace.kernel.org',
      'sv.mirrors.kernel.org',
      'mail.lfdr.de',
    ]);
    expect(t.hops.map((h) => h.delayMs)).toEqual([null, 5000, 1000, 3000, 3000, 13000, 31000]);
    expect(t.hops[0]!.fieldOrder).toBe(6);
    expect(t.hops[0]!.line).toBe(56);
    expect(t.totalMs).toBe(56_000);
    expect(iso(t.dateHeaderMs)).toBe('2025-02-23T15:36:17.000Z');
    expect(t.sinceDateMs).toBe(335_000);
    expect(t.hops.map((h) => h.internal)).toEqual([true, true, false, false, true, false, false]);
    expect(t.warnings).toEqual([]);
  });

  it('infers the receiver from the newest hop and marks where mail entered it', () => {
    const t = buildHops(block.fields);
    expect(t.boundary).toMatchObject({ index: 6, ip: '139.178.88.99', method: 'inferred', receiverOrgs: ['lfdr.de'] });
    expect(t.hops.filter((h) => h.boundary).map((h) => h.index)).toEqual([6]);
  });

  it('uses the authserv-id when given: kernel.org received it from Mimecast', () => {
    const t = buildHops(block.fields, { authservIds: ['smtp.subspace.kernel.org'] });
    expect(t.boundary).toMatchObject({ index: 3, ip: '170.10.129.124', method: 'receiver', receiverOrgs: ['kernel.org'] });
  });

  it('lets the user move the boundary', () => {
    const t = buildHops(block.fields, { boundaryIndex: 2 });
    expect(t.boundary).toMatchObject({ index: 2, ip: '54.186.198.63', method: 'override' });
    expect(buildHops(block.fields, { boundaryIndex: 99 }).boundary.method).toBe('inferred');
  });
});

describe('buildHops on Microsoft 365 internal hops (the case trustReceived gets wrong)', () => {
  const block = splitHeaderBlock(fixture('m365-github-forward.txt'));

  it('skips Exchange Online internal hops and finds the hop from Google into Microsoft', () => {
    const t = buildHops(block.fields, { receiverDomains: ['outlook.com'] });
    expect(t.hops.length).toBe(5);
    expect(t.boundary).toMatchObject({ index: 1, ip: '2a00:1450:4864:20::12c', method: 'receiver' });
    expect(t.hops[1]!.received.from?.helo).toBe('mail-lf1-x12c.google.com');
  });

  it('with no receiver given, the final receiver (Gmail) is inferred and its inbound hop chosen', () => {
    const t = buildHops(block.fields);
    expect(t.boundary).toMatchObject({ index: 4, ip: '40.93.10.17', receiverOrgs: ['google.com'] });
    expect(t.totalMs).toBe((15 * 60 + 36) * 1000);
  });
});

describe('buildHops edge cases', () => {
  it('keeps negative delays as clock skew and warns', () => {
    const t = buildHops([
      'from b.example (b.example [198.51.100.2]) by c.example with ESMTP id 2; Tue, 2 Jan 2024 10:00:00 +0000',
      'from a.example (a.example [198.51.100.1]) by b.example with ESMTP id 1; Tue, 2 Jan 2024 10:05:00 +0000',
    ]);
    expect(t.hops.map((h) => h.delayMs)).toEqual([null, -300_000]);
    expect(t.hops[1]!.clockSkew).toBe(true);
    expect(t.totalMs).toBe(-300_000);
    expect(t.warnings.map((w) => w.code)).toContain('clock-skew');
  });

  it('keeps unparsable hops in place and says so', () => {
    const t = buildHops(['from x by y.example with SMTP; Tue, 2 Jan 2024 10:00:00 +0000', 'garbage here', 'by z.example with SMTP; Tue, 2 Jan 2024 09:00:00 +0000']);
    expect(t.hops.length).toBe(3);
    expect(t.hops[1]!.received.status).toBe('unparsable');
    expect(t.hops[2]!.delayMs).toBe(3_600_000);
    expect(t.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['hop-unparsable', 'hops-without-time']));
  });

  it('handles no Received fields at all', () => {
    const t = buildHops([]);
    expect(t).toMatchObject({ hops: [], totalMs: null, boundary: { index: null, method: 'none' } });
  });

  it.each([
    ['mx.google.com', 'google.com'],
    ['mail.example.co.uk', 'example.co.uk'],
    ['*.me.com', 'me.com'],
    ['192.0.2.1', null],
    ['localhost', null],
  ])('estimateOrgDomain(%s) = %s', (host, want) => {
    expect(estimateOrgDomain(host)).toBe(want);
  });
});
