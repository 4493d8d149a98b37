import { describe, expect, it } from 'vitest';
import { describeExtension, parseEhlo } from '../../../../../electron/core/smtp-client/ehlo';

describe('parseEhlo', () => {
  it('reads keywords, parameters, SIZE and AUTH (including the old AUTH= form)', () => {
    const caps = parseEhlo(['mx.google.com at your service, [192.0.2.1]', 'SIZE 157286400', '8BITMIME', 'STARTTLS', 'ENHANCEDSTATUSCODES', 'PIPELINING', 'CHUNKING', 'SMTPUTF8', 'auth login plain', 'AUTH=LOGIN XOAUTH2']);
    expect(caps.serverName).toBe('mx.google.com');
    expect(caps.size).toBe(157286400);
    expect(caps.auth).toEqual(['LOGIN', 'PLAIN', 'XOAUTH2']);
    expect([...caps.extensions.keys()]).toEqual(['SIZE', '8BITMIME', 'STARTTLS', 'ENHANCEDSTATUSCODES', 'PIPELINING', 'CHUNKING', 'SMTPUTF8', 'AUTH']);
  });

  it('tells SIZE without a limit from no SIZE', () => {
    expect(parseEhlo(['x', 'SIZE']).size).toBe(0);
    expect(parseEhlo(['x']).size).toBeNull();
    expect(parseEhlo(['x']).auth).toEqual([]);
  });

  it('describes extensions for people', () => {
    expect(describeExtension('SIZE', ['35882577'])).toBe('SIZE 34.2 MB');
    expect(describeExtension('SIZE', [])).toBe('SIZE (no limit given)');
    expect(describeExtension('AUTH', ['PLAIN', 'LOGIN'])).toBe('AUTH PLAIN LOGIN');
  });
});
