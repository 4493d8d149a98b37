import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonBody, canonHeader, findSignedPrefix, splitMessage } from '../../../../../electron/core/analysis/dkim-canon';

const b64 = (s: string) => createHash('sha256').update(Buffer.from(s, 'latin1')).digest('base64');

describe('DKIM canonicalisation (RFC 6376 §3.4)', () => {
  it('relaxed header: lower-case name, unfold, one space, no space around the colon or at the end', () => {
    expect(canonHeader('SubJect \t:  Hello \r\n\t  World  ', 'relaxed')).toBe('subject:Hello World');
    expect(canonHeader('SubJect :  Hello\r\n World', 'simple')).toBe('SubJect :  Hello\r\n World');
  });

  it('bodies: the RFC examples and the empty-body rules', () => {
    // RFC 6376 §3.4.5 example body: " C \r\nD \t E\r\n\r\n\r\n"
    expect(canonBody(' C \r\nD \t E\r\n\r\n\r\n', 'relaxed')).toBe(' C\r\nD E\r\n');
    expect(canonBody(' C \r\nD \t E\r\n\r\n\r\n', 'simple')).toBe(' C \r\nD \t E\r\n');
    expect(canonBody('', 'simple')).toBe('\r\n');
    expect(canonBody('', 'relaxed')).toBe('');
    expect(canonBody('no final newline', 'relaxed')).toBe('no final newline\r\n');
    // Well-known hashes of the empty body.
    expect(b64(canonBody('', 'simple'))).toBe('frcCV1k9oG9oKj3dpUqdJg1PxRT2RSN/XKdLCPjaYaY=');
    expect(b64(canonBody('', 'relaxed'))).toBe('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
  });

  it('finds the signed prefix of a body that had lines appended, across blank lines', () => {
    const signed = 'line one\r\n\r\nline three\r\n';
    const expected = b64(canonBody(signed, 'relaxed'));
    expect(findSignedPrefix(`${signed}\r\n-- \r\nfooter\r\n`, 'relaxed', 'sha256', expected)).toBe(3);
    expect(findSignedPrefix(signed, 'relaxed', 'sha256', expected)).toBeNull();
    expect(findSignedPrefix('something else\r\nentirely\r\n', 'relaxed', 'sha256', expected)).toBeNull();
  });

  it('splits a message, keeping exact field bytes and turning LF into CRLF', () => {
    const m = splitMessage('A: 1\n  continued\nB:2\n\nbody\n');
    expect(m.fields.map((f) => [f.key, f.raw])).toEqual([
      ['a', 'A: 1\r\n  continued'],
      ['b', 'B:2'],
    ]);
    expect(m.body).toBe('body\r\n');
    expect(m.lineEndingsNormalised).toBe(true);
    expect(splitMessage('A: 1\r\nB: 2\r\n').body).toBeNull();
    expect(splitMessage(Buffer.from('Subject: caf\u00e9\r\n', 'utf8')).fields[0]?.raw).toBe(Buffer.from('Subject: café', 'utf8').toString('latin1'));
  });
});
