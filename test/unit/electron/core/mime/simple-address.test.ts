/**
 * The plain-address shortcut against mailparser's own address parser (which
 * we did not write): on every input the shortcut answers, both must agree;
 * the shortcut must answer the forms senders commonly write (or it saves
 * nothing) and stay out of everything else.
 */
import { parseAddressHeader } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { addressesOf } from '../../../../../electron/core/mime/parse-mail';
import { simpleAddresses } from '../../../../../electron/core/mime/simple-address';
import { prng } from '../../../../support/prng';

const mailparser = (values: string[]) => addressesOf(parseAddressHeader(values));

describe('simpleAddresses', () => {
  it('reads the common forms exactly as mailparser does', () => {
    const common = [
      ['a@example.com'],
      ['<a@example.com>'],
      ['Support Team <support@example.com>'],
      ['  Load Generator <bench@loadgen.example.test>  '],
      ['John   Smith <x@y.com>'],
      ['Name<a@b.test>'],
      ['A_b-c <first.last+tag@sub.example.co.uk>'],
      ['a@b.test, C D <c@d.test>,<e@f.test>'],
      ['a@b.test', 'second@header.test'],
      ['a@b.test,\r\n c@d.test'],
      ['a@B.TEST'],
    ];
    for (const values of common) {
      const fast = simpleAddresses(values);
      expect(fast, JSON.stringify(values)).not.toBeNull();
      expect(fast).toEqual(mailparser(values));
    }
  });

  it('leaves to mailparser what is not plain', () => {
    for (const value of [
      '"Quoted, Name" <a@b.test>',
      'Name (comment) <a@b.test>',
      'Team: a@b.test, c@d.test;',
      '=?UTF-8?B?w7xiZXI=?= <a@b.test>',
      'x@xn--bcher-kva.example',
      'Jürgen <j@example.test>',
      'a@b.test,',
      '',
      'a@b.test\u00a0',
      'Foo\r\n Bar <x@y.test>',
      '<a@b.test> junk',
      'Anna.B <a@b.c>',
      'not an address',
    ]) {
      expect(simpleAddresses([value]), JSON.stringify(value)).toBeNull();
    }
  });

  it('agrees with mailparser on 20 000 random headers whenever it answers', () => {
    const random = prng(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const atoms = ['a', 'Z', '9', '.', '-', '_', '+', '%', 'xn--', ' ', '  ', '"', '(', ')', '<', '>', '@', ',', ';', ':', '\\', '=?', '?=', '\t', '\r\n ', 'é', '\u00a0', 'bob', 'example', 'test'];
    let answered = 0;
    for (let n = 0; n < 20_000; n++) {
      const parts: string[] = [];
      const count = 1 + Math.floor(random() * 3);
      for (let p = 0; p < count; p++) {
        // Mostly well-formed shapes with random pieces mixed in, so both paths get exercised.
        const word = (): string => Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(atoms)).join('');
        const local = random() < 0.7 ? pick(['bob', 'a.b', 'x+y', 'n_1']) : word();
        const domain = random() < 0.7 ? pick(['example.test', 'b.c', 'sub.example.co.uk', 'xn--bcher-kva.example']) : word();
        const addr = `${local}@${domain}`;
        parts.push(
          pick([
            () => addr,
            () => `<${addr}>`,
            () => `${pick(['Bob', 'Ann Lee', 'A_b', word()])} <${addr}>`,
            () => `${word()}${addr}${word()}`,
            () => word(),
          ])(),
        );
      }
      const values = random() < 0.2 ? [parts.join(pick([',', ', ', ' , ']))] .concat([`${pick(['z', 'y'])}@w.test`]) : [parts.join(pick([',', ', ', ' , ']))];
      const fast = simpleAddresses(values);
      if (fast === null) continue;
      answered++;
      expect(fast, JSON.stringify(values)).toEqual(mailparser(values));
    }
    // Both paths exercised: the shortcut answered a good share, not all.
    expect(answered).toBeGreaterThan(1000);
    expect(answered).toBeLessThan(18_000);
  });
});
