import { describe, expect, it } from 'vitest';
import { formatAddress, formatBytes, formatOffset, retentionHint, shortAddresses } from '../../../../renderer/components/format';

describe('format', () => {
  it('sizes in 1024 steps with at most one decimal', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25 MB');
    expect(formatBytes(150 * 1024)).toBe('150 KB');
  });

  it('addresses: name <addr>, or what exists', () => {
    expect(formatAddress({ name: 'Quinn', address: 'q@x.test' })).toBe('Quinn <q@x.test>');
    expect(formatAddress({ name: '', address: 'q@x.test' })).toBe('q@x.test');
    expect(formatAddress({ name: '', address: '' })).toBe('(unreadable address)');
    expect(shortAddresses([{ name: 'A', address: 'a@x' }, { name: '', address: 'b@x' }])).toBe('A +1');
    expect(shortAddresses([], 'fallback')).toBe('fallback');
  });

  it('transcript offsets in seconds with milliseconds', () => {
    expect(formatOffset(1234)).toBe('+1.234s');
  });

  it('hints at retention only from 90 % of the limit on', () => {
    expect(retentionHint(0, 50_000)).toBeNull();
    expect(retentionHint(44_999, 50_000)).toBeNull();
    expect(retentionHint(45_000, 50_000)?.text).toBe(`keeps the newest ${(50_000).toLocaleString()}`);
    expect(retentionHint(49_969, 50_000)?.title).toContain('the oldest are deleted as new mail arrives');
    expect(retentionHint(3, 4)).toBeNull();
    expect(retentionHint(4, 4)?.text).toBe('keeps the newest 4');
    expect(retentionHint(1, 1)?.title).toContain('more than 1 message is stored');
    // A status from an older host (no limit) or a nonsense limit shows nothing.
    expect(retentionHint(10, 0)).toBeNull();
    expect(retentionHint(10, Number.NaN)).toBeNull();
  });
});
