/**
 * The plain forms of an address header — `a@example.com`, `<a@example.com>`,
 * `Support Team <a@example.com>`, comma-separated — read without
 * mailparser's address parser. That parser (a tokenizer, encoded-word and
 * punycode decoding, an object with lazy formats) was an eighth of all the
 * memory the SMTP thread allocated per capture; most senders write only
 * these forms. Anything else — quotes, comments, groups, encoded words,
 * punycode, non-ASCII, folded lines, an empty entry — returns null and goes
 * to mailparser, whose result this must equal whenever it answers (see the
 * differential test).
 */
import type { Address } from '../../../shared/model/message';

const ADDR = '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*';
/** Printable ASCII, and the whitespace of a folded line. */
const PRINTABLE = /^[\x20-\x7e\t\r\n]*$/;
const PART = new RegExp(`^(?:([A-Za-z0-9][A-Za-z0-9 _-]*?) *<(${ADDR})>|<(${ADDR})>|(${ADDR}))$`);

/** The addresses of the header's values, or null when one of them is not in a plain form. */
export function simpleAddresses(values: readonly string[]): Address[] | null {
  const out: Address[] = [];
  for (const value of values) {
    if (!PRINTABLE.test(value)) return null;
    for (const piece of value.split(',')) {
      const match = PART.exec(piece.trim());
      if (!match) return null;
      const name = match[1] ?? '';
      const address = (match[2] ?? match[3] ?? match[4]) as string;
      // Punycode domains are shown decoded by mailparser.
      if (/xn--/i.test(address)) return null;
      out.push({ name, address });
    }
  }
  return out;
}
