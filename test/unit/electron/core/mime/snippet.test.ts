/**
 * snippetOf collapses whitespace in one pass without a regular expression;
 * it must say exactly what the obvious regex version says, for every kind
 * of whitespace JavaScript knows, surrogate pairs at the cut, and windows
 * longer and shorter than the cut.
 */
import { describe, expect, it } from 'vitest';
import { snippetOf } from '../../../../../electron/core/mime/parse-mail';
import { prng } from '../../../../support/prng';

/** The reference: what snippetOf computed before it was rewritten. */
function reference(text: string, max = 200): string {
  const flat = text.slice(0, max * 8).replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let cut = flat.slice(0, max - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

// Every code point \s matches, and some that look like spaces but are not.
const SPACES = ' \t\n\v\f\r\u00a0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
const NOT_SPACES = '\u180e\u200b\u0085\u00ad';
const PIECES = ['a', 'Z', '7', '.', 'é', 'ß', '中', '😀', '\ud83d', '\ude00', ...SPACES, ...NOT_SPACES, 'word', '  ', '\r\n'];

describe('snippetOf', () => {
  it('says what the regular-expression version says, on 5 000 random texts', () => {
    const random = prng(42);
    for (let n = 0; n < 5000; n++) {
      const length = Math.floor(random() * (n % 10 === 0 ? 3000 : 400));
      let text = '';
      while (text.length < length) text += PIECES[Math.floor(random() * PIECES.length)];
      const max = n % 7 === 0 ? 1 + Math.floor(random() * 30) : 200;
      expect(snippetOf(text, max), JSON.stringify({ text, max })).toBe(reference(text, max));
    }
  });

  it('handles the edges: empty, only whitespace, exactly max, a surrogate pair at the cut', () => {
    for (const [text, max] of [
      ['', 200],
      [' \u3000\n ', 200],
      ['x'.repeat(200), 200],
      [`${'x'.repeat(200)}   `, 200],
      [`  ${'x'.repeat(201)}`, 200],
      [`${'x'.repeat(198)}😀yz`, 200],
      [`${'x'.repeat(199)}😀`, 200],
      [`${' '.repeat(1700)}late`, 200],
    ] as const) {
      expect(snippetOf(text, max)).toBe(reference(text, max));
    }
  });
});
