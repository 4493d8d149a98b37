import { describe, expect, it } from 'vitest';
import { base64Bytes, decodeEncodedWords, qBytes } from '../../../../shared/analysis/encoded-words';

describe('decodeEncodedWords', () => {
  const cases: [string, string, string][] = [
    ['plain text untouched', 'Hello world', 'Hello world'],
    ['Q utf-8', '=?UTF-8?Q?Caf=C3=A9_au_lait?=', 'Café au lait'],
    ['B utf-8', '=?utf-8?B?w6lsw6h2ZQ==?=', 'élève'],
    ['lower-case q', '=?iso-8859-1?q?Andr=E9?= Pirard', 'André Pirard'],
    // RFC 2047 §8 examples
    ['RFC 2047 §8 adjacent words joined', '(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)', '(ab)'],
    ['RFC 2047 §8 folded whitespace joined', '(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)', '(ab)'],
    ['RFC 2047 §8 text between words kept', '(=?ISO-8859-1?Q?a?= b)', '(a b)'],
    ['RFC 2047 §8 underscore is space', '(=?ISO-8859-1?Q?a_b?=)', '(a b)'],
    ['RFC 2047 §8 two charsets', '(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)', '(a b)'],
    ['RFC 2231 language suffix', '=?US-ASCII*EN?Q?Keith_Moore?=', 'Keith Moore'],
    ['UTF-8 character split across two B words', '=?UTF-8?B?4oKs?= =?UTF-8?B?IDEwMCDi?= =?UTF-8?B?gqw=?=', '€ 100 €'],
    ['Shift_JIS', '=?Shift_JIS?B?k/qWe4zq?=', '日本語'],
    ['ISO-2022-JP', '=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=', '日本語'],
    ['GB2312', '=?gb2312?B?1tDOxA==?=', '中文'],
    ['KOI8-R', '=?koi8-r?B?8NLJ18XU?=', 'Привет'],
    ['windows-1252 euro', '=?windows-1252?Q?=80?=', '€'],
    ['ks_c_5601-1987 (Outlook Korean)', '=?ks_c_5601-1987?B?x9GxucC6?=', '한국은'],
    ['missing padding', '=?UTF-8?B?w6lsw6h2ZQ?=', 'élève'],
    ['not an encoded word', 'a =? b ?= c', 'a =? b ?= c'],
  ];
  it.each(cases)('%s', (_label, input, expected) => {
    const r = decodeEncodedWords(input);
    expect(r.text).toBe(expected);
    expect(r.warnings).toEqual([]);
  });

  it('falls back to Latin-1 for an unknown charset, with a warning naming it', () => {
    const r = decodeEncodedWords('=?x-made-up?Q?caf=E9?=');
    expect(r.text).toBe('café');
    expect(r.warnings.map((w) => w.code)).toEqual(['unknown-charset']);
    expect(r.warnings[0]!.message).toContain('x-made-up');
  });

  it('treats utf-7 (no decoder anywhere) as unknown rather than failing', () => {
    const r = decodeEncodedWords('=?utf-7?Q?hi?=');
    expect(r.text).toBe('hi');
    expect(r.warnings[0]!.code).toBe('unknown-charset');
  });

  it('keeps going past malformed base64 and says so', () => {
    const r = decodeEncodedWords('=?UTF-8?B?w6l*sw6h2ZQ==?= ok');
    expect(r.text.endsWith(' ok')).toBe(true);
    expect(r.warnings.map((w) => w.code)).toContain('malformed-encoded-word');
  });
});

describe('byte decoders', () => {
  it('base64 is lenient about whitespace and padding', () => {
    expect(Array.from(base64Bytes('QU\nJD').bytes)).toEqual([65, 66, 67]);
    expect(base64Bytes('QUJD').ok).toBe(true);
    expect(base64Bytes('Q').ok).toBe(false);
  });
  it('Q maps underscore to space and =XX to bytes, flags a stray =', () => {
    expect(Array.from(qBytes('a_=41').bytes)).toEqual([97, 32, 65]);
    expect(qBytes('a=Z').ok).toBe(false);
  });
});
