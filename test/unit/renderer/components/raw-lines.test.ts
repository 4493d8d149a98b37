import { describe, expect, it } from 'vitest';
import { decodeRaw, splitRawRows } from '../../../../renderer/components/raw-lines';

function rowTexts(text: string, chunk?: number) {
  const r = splitRawRows(text, chunk);
  return Array.from({ length: r.count }, (_, i) => ({
    text: r.text.slice(r.starts[i], r.ends[i]),
    line: r.lines[i],
    continued: r.continued[i] === 1,
    crlf: r.crlf[i] === 1,
  }));
}

describe('splitRawRows', () => {
  it('keeps CRLF and bare LF apart and numbers lines', () => {
    expect(rowTexts('A: 1\r\nB: 2\n\r\nbody')).toEqual([
      { text: 'A: 1', line: 1, continued: false, crlf: true },
      { text: 'B: 2', line: 2, continued: false, crlf: false },
      { text: '', line: 3, continued: false, crlf: true },
      { text: 'body', line: 4, continued: false, crlf: false },
    ]);
  });

  it('cuts very long lines into continuation rows of the same line', () => {
    const rows = rowTexts(`${'x'.repeat(25)}\r\nshort`, 10);
    expect(rows.map((r) => [r.text.length, r.line, r.continued, r.crlf])).toEqual([
      [10, 1, false, false],
      [10, 1, true, false],
      [5, 1, true, true],
      [5, 2, false, false],
    ]);
    expect(splitRawRows(`${'x'.repeat(25)}\r\nshort`, 10).widest).toBe(10);
  });

  it('handles a 25 MB message as typed arrays, not objects', () => {
    const line = `${'a'.repeat(74)}\r\n`;
    const text = line.repeat(Math.ceil((25 * 1024 * 1024) / line.length));
    const started = Date.now();
    const rows = splitRawRows(text);
    expect(rows.count).toBe(rows.lineCount);
    expect(rows.lineCount).toBe(text.length / line.length + 1);
    expect(rows.starts).toBeInstanceOf(Uint32Array);
    // Not a benchmark, only a guard against an accidental quadratic split.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('decodeRaw', () => {
  const bytes = new Uint8Array([0x48, 0xc3, 0xa9, 0xff, 0x0d, 0x0a]);
  it('UTF-8 shows invalid bytes as replacement characters', () => {
    expect(decodeRaw(bytes, 'utf-8')).toBe('Hé\ufffd\r\n');
  });
  it('the byte view gives one character per byte', () => {
    expect(decodeRaw(bytes, 'latin1')).toHaveLength(bytes.length);
  });
});
