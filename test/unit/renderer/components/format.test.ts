import { describe, expect, it } from 'vitest';
import { formatAddress, formatBytes, formatOffset, shortAddresses } from '../../../../renderer/components/format';

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
});
