import { describe, expect, it } from 'vitest';
import { findEnhancedCode, parseReply, splitEnhancedCode } from '../../../../shared/smtp/parse-reply';

describe('parseReply', () => {
  it('reads a single-line reply', () => {
    const p = parseReply('250 2.1.0 Sender OK');
    expect(p).toMatchObject({ code: 250, enhanced: '2.1.0', enhancedAt: 'prefix', text: 'Sender OK', multiline: false, inconsistent: false });
  });

  it('strips code and enhanced code from every line of a multi-line reply (RFC 2034)', () => {
    const p = parseReply('550-5.7.26 This mail has been blocked because the sender is\r\n550-5.7.26 unauthenticated. Gmail requires all senders to\r\n550 5.7.26 authenticate with either SPF or DKIM. - gsmtp\r\n');
    expect(p.code).toBe(550);
    expect(p.enhanced).toBe('5.7.26');
    expect(p.lines).toHaveLength(3);
    expect(p.text).toBe('This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. - gsmtp');
    expect(p.multiline).toBe(true);
  });

  it('accepts text without a code', () => {
    const p = parseReply('5.7.8 Authentication credentials invalid');
    expect(p.code).toBeNull();
    expect(p.enhanced).toBe('5.7.8');
    expect(p.text).toBe('Authentication credentials invalid');
  });

  it('finds an enhanced code inside the text but not inside IP addresses or dotted versions', () => {
    expect(parseReply('554 Message not allowed - [PH01] Email not accepted for policy reasons 4.16.55.1').enhanced).toBeNull();
    expect(parseReply('421 Messages from 192.0.2.44 deferred').enhanced).toBeNull();
    expect(parseReply('550 Requested action not taken: #5.1.1 mailbox unavailable').enhanced).toBe('5.1.1');
    expect(parseReply('550 rejected, see 5.7.1.').enhanced).toBe('5.7.1');
    expect(findEnhancedCode('code 5.8.1 is not a subject')).toBeNull();
  });

  it('flags inconsistent codes and lets the last line govern', () => {
    const p = parseReply('250-first\n550 second');
    expect(p.code).toBe(550);
    expect(p.inconsistent).toBe(true);
  });

  it('normalises leading zeros and splits', () => {
    expect(parseReply('550 5.7.001 x').enhanced).toBe('5.7.1');
    expect(splitEnhancedCode('4.7.650')).toEqual({ cls: 4, subject: 7, detail: 650 });
    expect(splitEnhancedCode('3.1.1')).toBeNull();
  });

  it('keeps an empty text for a bare code', () => {
    expect(parseReply('354')).toMatchObject({ code: 354, enhanced: null, text: '' });
  });
});
