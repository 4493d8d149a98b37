/**
 * Splits raw message text into display rows for a virtualised view: one row
 * per line, and lines longer than `chunk` characters (a 2 MB single-line
 * HTML part happens) cut into several rows, so no row is ever huge. Offsets
 * are kept in typed arrays: a 25 MB message with 400 000 lines costs a few
 * megabytes, not 400 000 objects.
 */

export interface RawRows {
  /** The decoded text. */
  text: string;
  /** Number of rows. */
  count: number;
  /** Start offset in `text` of each row. */
  starts: Uint32Array;
  /** End offset (exclusive, before the line break) of each row. */
  ends: Uint32Array;
  /** 1-based line number of each row; continuation rows repeat it. */
  lines: Uint32Array;
  /** 1 when the row continues the previous row's line. */
  continued: Uint8Array;
  /** 1 when the line ends with CRLF (0 for bare LF or the last line). */
  crlf: Uint8Array;
  /** Longest row in characters (sets the horizontal scroll width). */
  widest: number;
  /** Number of lines. */
  lineCount: number;
}

/** Decode bytes: UTF-8 (invalid sequences become U+FFFD) or Latin-1 (exactly one character per byte). */
export function decodeRaw(bytes: Uint8Array, encoding: 'utf-8' | 'latin1'): string {
  return new TextDecoder(encoding === 'latin1' ? 'windows-1252' : 'utf-8', { fatal: false }).decode(bytes);
}

export function splitRawRows(text: string, chunk = 2000): RawRows {
  // First pass counts rows so the arrays are allocated once.
  let count = 0;
  let lineStart = 0;
  const len = text.length;
  for (;;) {
    const nl = text.indexOf('\n', lineStart);
    const end = nl === -1 ? len : nl;
    count += Math.max(1, Math.ceil((end - lineStart) / chunk));
    if (nl === -1) break;
    lineStart = nl + 1;
  }
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  const lines = new Uint32Array(count);
  const continued = new Uint8Array(count);
  const crlf = new Uint8Array(count);
  let row = 0;
  let line = 0;
  let widest = 0;
  lineStart = 0;
  for (;;) {
    const nl = text.indexOf('\n', lineStart);
    let end = nl === -1 ? len : nl;
    const hasCr = nl !== -1 && end > lineStart && text.charCodeAt(end - 1) === 13;
    if (hasCr) end--;
    line++;
    let from = lineStart;
    do {
      const to = Math.min(end, from + chunk);
      starts[row] = from;
      ends[row] = to;
      lines[row] = line;
      continued[row] = from === lineStart ? 0 : 1;
      widest = Math.max(widest, to - from);
      from = to;
      row++;
    } while (from < end);
    if (hasCr) crlf[row - 1] = 1;
    if (nl === -1) break;
    lineStart = nl + 1;
  }
  return { text, count: row, starts, ends, lines, continued, crlf, widest, lineCount: line };
}
