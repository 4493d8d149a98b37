/** decodeWords skips libmime when there is no "=?" — it must still say what libmime says. */
import libmime from 'libmime';
import { describe, expect, it } from 'vitest';
import { decodeWords } from '../../../../../electron/core/mime/header-block';

describe('decodeWords', () => {
  it('agrees with libmime with and without encoded words', () => {
    for (const value of [
      '',
      'plain subject',
      '  spaced \t out  ',
      'a=b?c ?= d',
      '=?UTF-8?B?w7xiZXI=?=',
      '=?UTF-8?Q?gr=C3=BC=C3=9Fe?= =?UTF-8?Q?_welt?=',
      'x =?iso-8859-1?q?caf=E9?= y',
      '=?broken',
    ]) {
      expect(decodeWords(value), JSON.stringify(value)).toBe(libmime.decodeWords(value));
    }
  });
});
