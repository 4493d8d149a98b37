import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldsNamed, looksLikeFieldStart, splitHeaderBlock } from '../../../../shared/analysis/header-block';

const names = (input: string) => splitHeaderBlock(input).fields.map((f) => f.name);

describe('splitHeaderBlock', () => {
  it('splits a CRLF message, unfolds, and finds the body', () => {
    const input = 'Received: from a.example (a.example [192.0.2.1])\r\n\tby b.example with ESMTP id 1;\r\n Tue, 1 Jan 2024 00:00:00 +0000\r\nSubject: hi\r\n\r\nbody line\r\n';
    const b = splitHeaderBlock(input);
    expect(b.fields.map((f) => [f.name, f.value, f.line, f.endLine])).toEqual([
      ['Received', 'from a.example (a.example [192.0.2.1])\tby b.example with ESMTP id 1; Tue, 1 Jan 2024 00:00:00 +0000', 1, 3],
      ['Subject', 'hi', 4, 4],
    ]);
    expect(b.fields[0]!.raw).toBe('Received: from a.example (a.example [192.0.2.1])\r\n\tby b.example with ESMTP id 1;\r\n Tue, 1 Jan 2024 00:00:00 +0000');
    expect(b.lineEnding).toBe('crlf');
    expect(b.hasBody).toBe(true);
    expect(input.slice(b.bodyOffset!)).toBe('body line\r\n');
    expect(b.bodyLine).toBe(6);
    expect(b.warnings).toEqual([]);
  });

  it('handles LF, a bare header block without body, and no trailing newline', () => {
    const b = splitHeaderBlock('From: a@example.com\nTo: b@example.com');
    expect(b.fields.map((f) => f.key)).toEqual(['from', 'to']);
    expect(b.hasBody).toBe(false);
    expect(b.bodyOffset).toBeNull();
    expect(b.lineEnding).toBe('lf');
  });

  it('keeps duplicate fields in order and gives them indexes', () => {
    const b = splitHeaderBlock('Received: one\nReceived: two\nX-A: 1\n');
    expect(fieldsNamed(b, 'RECEIVED').map((f) => [f.value, f.index])).toEqual([['one', 0], ['two', 1]]);
  });

  it('rejoins continuation lines whose indentation was lost in copy-paste, and warns', () => {
    const input = [
      'Received: from mail.example.org (mail.example.org [203.0.113.5])',
      'by mx.example.net (Postfix) with ESMTPS id 4AbC',
      'for <u@example.net>; Tue, 2 Jan 2024 10:00:00 +0100 (CET)',
      'DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=s1;',
      'h=from:to:subject:date;',
      'bh=abc=; b=def',
      'List-Unsubscribe: <mailto:u@example.org>,',
      'https://example.org/unsub?x=1',
      'X-Forefront-Antispam-Report: CIP:203.0.113.5;CTRY:US;LANG:en;',
      'SCL:1;SRV:;IPV:NLI;SFV:NSPM;',
      'Subject: hello',
    ].join('\n');
    const b = splitHeaderBlock(input);
    expect(b.fields.map((f) => f.name)).toEqual(['Received', 'DKIM-Signature', 'List-Unsubscribe', 'X-Forefront-Antispam-Report', 'Subject']);
    expect(b.fields[0]!.value).toBe('from mail.example.org (mail.example.org [203.0.113.5]) by mx.example.net (Postfix) with ESMTPS id 4AbC for <u@example.net>; Tue, 2 Jan 2024 10:00:00 +0100 (CET)');
    expect(b.fields[0]!.repaired).toBe(true);
    expect(b.fields[1]!.value).toContain('h=from:to:subject:date; bh=abc=');
    expect(b.fields[2]!.value).toContain('https://example.org/unsub');
    expect(b.fields[3]!.value).toContain('SCL:1;SRV');
    expect(b.fields[4]!.repaired).toBe(false);
    const w = b.warnings.find((x) => x.code === 'lost-indentation');
    expect(w?.line).toBe(2);
  });

  it('skips an mbox From_ line and leading prose', () => {
    const b = splitHeaderBlock('From MAILER-DAEMON Fri Jul  8 12:08:34 2011\nHere are my headers please help\n\nReturn-Path: <a@b.example>\nSubject: x\n');
    expect(names('From MAILER-DAEMON Fri Jul  8 12:08:34 2011\nSubject: x')).toEqual(['Subject']);
    expect(b.fields.map((f) => f.name)).toEqual(['Return-Path', 'Subject']);
    expect(b.skipped.map((s) => s.line)).toEqual([1, 2]);
    expect(b.warnings.map((w) => w.code)).toEqual(['leading-text-skipped']);
  });

  it("skips Gmail's Show original summary table", () => {
    const input = [
      'Original Message',
      'Message ID\t<abc@mail.example.com>',
      'Created at:\tTue, Jan 2, 2024 at 10:00 AM (Delivered after 2 seconds)',
      'From:\tA <a@example.com>',
      'To:\tb@gmail.com',
      'Subject:\thello',
      "SPF:\tPASS with IP 192.0.2.1 Learn more",
      "DKIM:\t'PASS' with domain example.com Learn more",
      "DMARC:\t'PASS' Learn more",
      'Download Original\tCopy to clipboard',
      'Delivered-To: b@gmail.com',
      'Received: by 2002:a05:6a10:1:b0:1:1:1 with SMTP id a;',
      '        Tue, 2 Jan 2024 02:00:02 -0800 (PST)',
    ].join('\n');
    const b = splitHeaderBlock(input);
    expect(b.fields.map((f) => f.name)).toEqual(['Delivered-To', 'Received']);
    expect(b.warnings.map((w) => w.code)).toEqual(['gmail-summary-skipped']);
    expect(b.fields[0]!.line).toBe(11);
  });

  it('skips a blank line inside pasted headers when trace fields clearly continue', () => {
    const b = splitHeaderBlock('Received: from a by b; Tue, 2 Jan 2024 10:00:00 +0000\n\nReceived: from c by d; Tue, 2 Jan 2024 09:59:00 +0000\nX-Spam-Flag: NO\n');
    expect(b.fields.length).toBe(3);
    expect(b.hasBody).toBe(false);
    expect(b.warnings.map((w) => w.code)).toEqual(['blank-line-in-headers']);
  });

  it('does not mistake a body that quotes a forwarded header block for more headers', () => {
    const b = splitHeaderBlock('Subject: fwd\n\nFrom: someone@example.com\nSent: Monday\nTo: me\n');
    expect(b.fields.map((f) => f.name)).toEqual(['Subject']);
    expect(b.hasBody).toBe(true);
  });

  describe('double-spaced pastes (a blank line after every line)', () => {
    // Genuine Outlook/hotmail.fr headers published double-spaced (origin in test/fixtures/analysis/README.md).
    const doubleSpaced = readFileSync(path.resolve(__dirname, '../../../fixtures/analysis/outlook-consumer-doublespaced.txt'), 'utf8');
    const singleSpaced = doubleSpaced.replace(/\r?\n[ \t]*\r?\n/g, '\n');

    it('reads the whole block of the Outlook fixture, with a warning', () => {
      const b = splitHeaderBlock(doubleSpaced);
      const straight = splitHeaderBlock(singleSpaced);
      expect(straight.fields.length).toBeGreaterThan(30);
      expect(b.fields.map((f) => [f.name, f.value])).toEqual(straight.fields.map((f) => [f.name, f.value]));
      expect(b.fields[0]!.value).toMatch(/^from DM6NAM11HT101\.eop-nam11\.prod\.protection\.outlook\.com \(2603:10a6:6:2d::23\) by DBBPR03MB5205/);
      expect(b.fields.at(-1)!.name).toBe('MIME-Version');
      expect(b.fields[1]!.line).toBe(7);
      expect(b.warnings.map((w) => w.code)).toContain('double-spaced-paste');
      expect(b.warnings.find((w) => w.code === 'double-spaced-paste')!.message).toBe('Blank lines between header lines were ignored (double-spaced paste).');
      expect(b.hasBody).toBe(false);
    });

    it('still finds the body after a double-spaced header block (two blank lines end it)', () => {
      const input = `${doubleSpaced.trimEnd()}\n\n\n\nHello,\n\nthis is the body.\n`;
      const b = splitHeaderBlock(input);
      expect(b.fields.at(-1)!.name).toBe('MIME-Version');
      expect(b.hasBody).toBe(true);
      expect(input.slice(b.bodyOffset!).trimStart()).toBe('Hello,\n\nthis is the body.\n');
    });

    it('leaves a real message alone: headers, one blank line, a body of blank-separated paragraphs', () => {
      const input = 'Received: from a by b; Tue, 2 Jan 2024 10:00:00 +0000\nSubject: hi\nFrom: a@example.com\n\nHello,\n\nNote: this is body\n\nSecond paragraph\n\nBye\n';
      const b = splitHeaderBlock(input);
      expect(b.fields.map((f) => f.name)).toEqual(['Received', 'Subject', 'From']);
      expect(input.slice(b.bodyOffset!)).toBe('Hello,\n\nNote: this is body\n\nSecond paragraph\n\nBye\n');
      expect(b.warnings.map((w) => w.code)).not.toContain('double-spaced-paste');
    });

    it('does not take one header followed by a paragraphed body for a double-spaced paste', () => {
      const input = 'Subject: hi\n\nDear customer,\n\nyour parcel is waiting.\n\nRegards,\n\nThe team\n';
      const b = splitHeaderBlock(input);
      expect(b.fields.map((f) => f.name)).toEqual(['Subject']);
      expect(input.slice(b.bodyOffset!)).toBe('Dear customer,\n\nyour parcel is waiting.\n\nRegards,\n\nThe team\n');
      expect(b.warnings.map((w) => w.code)).not.toContain('double-spaced-paste');
    });

    it("with blankLine 'end' stays strict", () => {
      expect(splitHeaderBlock(doubleSpaced, { blankLine: 'end' }).fields.length).toBe(1);
    });
  });

  it("with blankLine 'end' always stops at a blank line", () => {
    const b = splitHeaderBlock('Received: a\n\nReceived: b\nX-A: 1\n', { blankLine: 'end' });
    expect(b.fields.length).toBe(1);
    expect(b.hasBody).toBe(true);
  });

  it('decodes RFC 2047 in decoded but leaves value raw', () => {
    const [f] = splitHeaderBlock('Subject: =?UTF-8?B?w6lsw6h2ZQ==?=\n').fields;
    expect(f!.value).toBe('=?UTF-8?B?w6lsw6h2ZQ==?=');
    expect(f!.decoded).toBe('élève');
  });

  it('reports unknown charsets with the line number', () => {
    const b = splitHeaderBlock('To: x\nSubject: =?x-nope?Q?a?=\n');
    expect(b.warnings).toMatchObject([{ code: 'unknown-charset', line: 2 }]);
  });

  it('strips a BOM and handles lone CR and mixed endings', () => {
    const b = splitHeaderBlock('\uFEFFA-B: 1\r\nC-D: 2\nE-F: 3');
    expect(b.fields.map((f) => f.name)).toEqual(['A-B', 'C-D', 'E-F']);
    expect(b.lineEnding).toBe('mixed');
  });

  it('says clearly when there is nothing header-like', () => {
    const b = splitHeaderBlock('just some words\nand more\n');
    expect(b.fields).toEqual([]);
    expect(b.warnings.map((w) => w.code)).toContain('no-header-fields');
  });

  it('keeps unusual but real field names, and skips ">"-quoted header lines (SpamAssassin corpus shapes)', () => {
    const b = splitHeaderBlock([
      'Received: by a.example (Postfix, from userid 177) id 1;',
      '    Wed, 11 Sep 2002 12:56:36 -0700 (PDT)',
      '>Received: by b.example (Postfix, from userid 11334) id 2;',
      '    Wed, 11 Sep 2002 12:53:12 -0700 (PDT)',
      'X-Copyright(C): 2002',
      "X-It'S: all good",
      'List-Unsubscribe: <https://example.org/u>,',
      'mailto:unsub@example.org>',
      'Subject: x',
    ].join('\n'));
    expect(b.fields.map((f) => f.name)).toEqual(['Received', 'X-Copyright(C)', "X-It'S", 'List-Unsubscribe', 'Subject']);
    expect(b.fields[0]!.value).toBe('by a.example (Postfix, from userid 177) id 1;    Wed, 11 Sep 2002 12:56:36 -0700 (PDT)');
    expect(b.fields[3]!.value).toContain('mailto:unsub@example.org');
    expect(b.warnings.map((w) => w.code)).toEqual(['quoted-header-line', 'lost-indentation']);
    expect(b.skipped.map((x) => x.line)).toEqual([3, 4]);
  });

  it('caps the number of fields', () => {
    const b = splitHeaderBlock('X-A: 1\n'.repeat(50), { maxFields: 10 });
    expect(b.fields.length).toBe(10);
    expect(b.warnings.map((w) => w.code)).toContain('too-many-fields');
  });
});

describe('looksLikeFieldStart', () => {
  it.each([
    ['Received: from x', true],
    ['X-Spam-Status: No', true],
    ['h=from:to', false],
    ['https://example.org', false],
    ['SFS:(13230040)(366016)', false],
    ['by mx.google.com with ESMTPS id', false],
    ['Tue, 2 Jan 2024 10:00:00 +0000', false],
    ['Subject : spaced', true],
    ['Keywords: a', true],
    ['X-Copyright(C): 2002', true],
    ['mailto:u@example.org>', false],
    ['2603:10b6:510:339::15) by x', false],
  ])('%s → %s', (line, expected) => {
    expect(looksLikeFieldStart(line)).toBe(expected);
  });
});
