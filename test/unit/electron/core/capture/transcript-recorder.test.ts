import { describe, expect, it } from 'vitest';
import { MASK, TranscriptRecorder } from '../../../../../electron/core/capture/transcript-recorder';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('TranscriptRecorder', () => {
  it('stamps entries with ms since the session started, in order, by kind', () => {
    const c = clock();
    const r = new TranscriptRecorder({ now: c.now });
    r.info('Connected');
    c.advance(2.345);
    r.server('220 ready');
    c.advance(1);
    r.client('EHLO client.test');
    r.data('<12 bytes of DATA>');
    r.error('socket timeout');
    expect(r.all()).toEqual([
      { t: 0, kind: 'info', text: 'Connected' },
      { t: 2.3, kind: 'server', text: '220 ready' },
      { t: 3.3, kind: 'client', text: 'EHLO client.test' },
      { t: 3.3, kind: 'data', text: '<12 bytes of DATA>' },
      { t: 3.3, kind: 'error', text: 'socket timeout' },
    ]);
  });

  it('masks an AUTH PLAIN initial response and keeps the mechanism', () => {
    const r = new TranscriptRecorder();
    r.client(`AUTH PLAIN ${b64('\0alice\0hunter2')}`);
    r.server('235 Authentication successful');
    r.client('MAIL FROM:<a@example.com>');
    const texts = r.all().map((e) => e.text);
    expect(texts).toEqual([`AUTH PLAIN ${MASK}`, '235 Authentication successful', 'MAIL FROM:<a@example.com>']);
  });

  it('masks every line of an AUTH LOGIN exchange until the final reply, then stops masking', () => {
    const r = new TranscriptRecorder();
    r.client('AUTH LOGIN');
    r.server('334 VXNlcm5hbWU6');
    r.client(b64('alice'));
    r.server('334 UGFzc3dvcmQ6');
    r.client(b64('hunter2'));
    r.server('535 Error: Authentication credentials invalid');
    r.client('AUTH login ' + b64('alice'));
    r.server('334 UGFzc3dvcmQ6');
    r.client('hunter2 in plain text');
    r.server('235 Authentication successful');
    r.client('MAIL FROM:<a@example.com>');
    const texts = r.all().map((e) => e.text);
    expect(texts).toEqual([
      'AUTH LOGIN',
      '334 VXNlcm5hbWU6',
      MASK,
      '334 UGFzc3dvcmQ6',
      MASK,
      '535 Error: Authentication credentials invalid',
      `AUTH login ${MASK}`,
      '334 UGFzc3dvcmQ6',
      MASK,
      '235 Authentication successful',
      'MAIL FROM:<a@example.com>',
    ]);
    const all = JSON.stringify(r.all());
    expect(all).not.toContain('hunter2');
    expect(all).not.toContain(b64('hunter2'));
    expect(all).not.toContain(b64('alice'));
  });

  it('masks the CRAM-MD5 response but shows the challenge', () => {
    const r = new TranscriptRecorder();
    const challenge = b64('<1896.697170952@mailscope.test>');
    r.client('AUTH CRAM-MD5');
    r.server(`334 ${challenge}`);
    r.client(b64('alice b913a602c7eda7a495b4e6e7334d3890'));
    r.server('235 Authentication successful');
    expect(r.all().map((e) => e.text)).toEqual(['AUTH CRAM-MD5', `334 ${challenge}`, MASK, '235 Authentication successful']);
  });

  it("masks a line smtp-server marks as part of an AUTH exchange even if the AUTH line was not seen", () => {
    const r = new TranscriptRecorder();
    r.client('c2VjcmV0', 'AUTH');
    r.client('/* secured */', 'AUTH');
    expect(r.all().map((e) => e.text)).toEqual([MASK, MASK]);
  });

  it('masks the argument of sendmail WIZ (a password) and leaves ordinary commands alone', () => {
    const r = new TranscriptRecorder();
    r.client('WIZ opensesame');
    r.client('RCPT TO:<auth@example.com> NOTIFY=SUCCESS');
    expect(r.all().map((e) => e.text)).toEqual([`WIZ ${MASK}`, 'RCPT TO:<auth@example.com> NOTIFY=SUCCESS']);
  });

  it('does not treat a pipelined 250 as the end of an exchange that has not begun', () => {
    const r = new TranscriptRecorder();
    r.server('250 Accepted');
    r.client('AUTH PLAIN');
    r.server('334 ');
    r.client(b64('\0bob\0pw'));
    r.server('235 Authentication successful');
    expect(r.all().map((e) => e.text)).toEqual(['250 Accepted', 'AUTH PLAIN', '334 ', MASK, '235 Authentication successful']);
  });

  it('hands out unflushed entries once, and caps the number of lines with a note', () => {
    const r = new TranscriptRecorder({ maxEntries: 3 });
    r.client('EHLO a');
    r.server('250 ok');
    expect(r.takeUnflushed().map((e) => e.text)).toEqual(['EHLO a', '250 ok']);
    expect(r.pendingCount()).toBe(0);
    r.client('NOOP');
    r.client('NOOP');
    r.client('NOOP');
    expect(r.all()).toHaveLength(4);
    const rest = r.takeUnflushed(true);
    expect(rest.map((e) => e.text)).toEqual(['NOOP', '2 more transcript lines were not kept (limit 3).']);
    expect(r.takeUnflushed(true)).toEqual([]);
  });
});
