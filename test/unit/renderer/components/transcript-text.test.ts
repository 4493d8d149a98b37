import { describe, expect, it } from 'vitest';
import type { TranscriptEntry } from '../../../../shared/model/session';
import type { ReplyExplanation } from '../../../../shared/model/smtp-reply';
import type { ReplyStage } from '../../../../shared/smtp/types';
import { explanationFor, explanationStartsOpen, formatMs, isAtBottom, repeatedExplanations, replyStages, transcriptToText } from '../../../../renderer/components/transcript-text';

const noSuchUser: ReplyExplanation = {
  code: 550,
  enhanced: '5.1.1',
  category: 'permanent',
  title: 'Mailbox unavailable',
  meaning: 'The recipient address does not exist at this server.',
  provider: null,
  fix: 'Check the address for typos; remove it from your list if it bounced before.',
  references: ['RFC 3463 §3.2'],
};
const ok: ReplyExplanation = { code: 250, enhanced: null, category: 'success', title: 'OK', meaning: 'Done.', provider: null, fix: null, references: [] };

const entries: TranscriptEntry[] = [
  { t: 0, kind: 'tcp', text: 'connected to 127.0.0.1:2525' },
  { t: 3.4, kind: 'server', text: '220 localhost ESMTP' },
  { t: 4, kind: 'client', text: 'EHLO workbench.local' },
  { t: 5.6, kind: 'server', text: '250-localhost\n250-PIPELINING\n250 8BITMIME', explanation: ok },
  { t: 1204.2, kind: 'server', text: '550 5.1.1 <nobody@example.test>: no such user', explanation: noSuchUser },
];

describe('transcript text', () => {
  it('formats whole milliseconds and never a negative time', () => {
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(12.6)).toBe('13 ms');
    expect(formatMs(-1)).toBe('0 ms');
  });

  it('lays out time, marker and text, aligns continuation lines, and explains refusals only by default', () => {
    const text = transcriptToText(entries, { title: 'Send #1' });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Send #1');
    expect(lines).toContain('   0 ms  TCP  connected to 127.0.0.1:2525');
    expect(lines).toContain('   6 ms  S:   250-localhost');
    // Continuation lines of a multi-line reply sit under the text column.
    const cont = lines.find((l) => l.endsWith('250-PIPELINING')) ?? '';
    expect(cont.indexOf('250-PIPELINING')).toBe(lines.find((l) => l.endsWith('250-localhost'))?.indexOf('250-localhost'));
    expect(text).toContain('1204 ms  S:   550 5.1.1');
    expect(text).toContain('= 550 5.1.1 · Mailbox unavailable');
    expect(text).toContain('Fix: Check the address');
    // 2xx explanations are left out unless asked for.
    expect(text).not.toContain('= 250');
    expect(transcriptToText(entries, { explanations: 'all' })).toContain('= 250 · OK');
    expect(transcriptToText(entries, { explanations: 'none' })).not.toContain('Mailbox unavailable');
  });

  it('explains captured replies on the fly, only server lines that start with a code', () => {
    const seen: string[] = [];
    const explain = (reply: string) => {
      seen.push(reply);
      return reply.startsWith('550') ? noSuchUser : null;
    };
    expect(explanationFor({ t: 1, kind: 'server', text: '550 no' }, explain)).toBe(noSuchUser);
    expect(explanationFor({ t: 1, kind: 'client', text: '550 not a reply' }, explain)).toBeNull();
    expect(explanationFor({ t: 1, kind: 'server', text: 'garbage' }, explain)).toBeNull();
    expect(seen).toEqual(['550 no']);
    // A stored explanation wins over the explainer.
    expect(explanationFor(entries[4] as TranscriptEntry, () => ok)).toBe(noSuchUser);
    // An explainer that throws costs the line its explanation, not the view.
    expect(explanationFor({ t: 1, kind: 'server', text: '250 ok' }, () => { throw new Error('bad table'); })).toBeNull();
  });

  it('opens refusals and failures, keeps successes closed', () => {
    expect(explanationStartsOpen(noSuchUser)).toBe(true);
    expect(explanationStartsOpen({ ...noSuchUser, category: 'transient' })).toBe(true);
    expect(explanationStartsOpen({ ...noSuchUser, category: 'connection' })).toBe(true);
    expect(explanationStartsOpen(ok)).toBe(false);
  });

  it('knows when a scroll box is at its end', () => {
    expect(isAtBottom({ scrollTop: 580, scrollHeight: 1000, clientHeight: 400 })).toBe(true);
    expect(isAtBottom({ scrollTop: 300, scrollHeight: 1000, clientHeight: 400 })).toBe(false);
  });
});

describe('reply stages of a captured session', () => {
  it('reads each reply as the answer to the command before it', () => {
    const session: TranscriptEntry[] = [
      { t: 0, kind: 'info', text: 'connection from 127.0.0.1' },
      { t: 1, kind: 'server', text: '220 mailscope ESMTP' },
      { t: 2, kind: 'client', text: 'EHLO app' },
      { t: 3, kind: 'server', text: '250-mailscope\n250 STARTTLS' },
      { t: 4, kind: 'client', text: 'AUTH PLAIN ********' },
      { t: 5, kind: 'server', text: '334 ' },
      { t: 6, kind: 'client', text: '********' },
      { t: 7, kind: 'server', text: '235 2.7.0 Authentication successful' },
      { t: 8, kind: 'client', text: 'MAIL FROM:<a@example.test>' },
      { t: 9, kind: 'server', text: '250 Accepted' },
      { t: 10, kind: 'client', text: 'RCPT TO:<b@example.test>' },
      { t: 11, kind: 'server', text: '550 5.1.1 No such user here' },
      { t: 12, kind: 'client', text: 'DATA' },
      { t: 13, kind: 'server', text: '354 End data with <CR><LF>.<CR><LF>' },
      { t: 14, kind: 'data', text: '1 204 bytes' },
      { t: 15, kind: 'server', text: '250 OK: message queued' },
      { t: 16, kind: 'client', text: 'NOOP' },
      { t: 17, kind: 'server', text: '250 OK' },
    ];
    const stages = replyStages(session);
    expect(stages.filter((s, i) => session[i]?.kind === 'server')).toEqual(['connect', 'ehlo', 'auth', 'auth', 'mail', 'rcpt', 'data', 'after-data', undefined]);
    const asked: (string | undefined)[] = [];
    transcriptToText(session, { explain: (_r, stage) => (asked.push(stage), null) });
    expect(asked).toEqual(['connect', 'ehlo', 'auth', 'auth', 'mail', 'rcpt', 'data', 'after-data', undefined]);
  });
});

describe('captured replies through the shared explainer', () => {
  it('explains a 550 5.1.1 at RCPT as a permanent refusal with a fix, and 250 after DATA as accepted', async () => {
    const { explainReplyText } = await import('../../../../shared/smtp/index');
    const explain = (reply: string, stage?: ReplyStage) => explainReplyText(reply, stage ? { stage } : {});
    const refused = explanationFor({ t: 1, kind: 'server', text: '550 5.1.1 No such user here' }, explain, 'rcpt');
    expect(refused).toMatchObject({ code: 550, enhanced: '5.1.1', category: 'permanent' });
    expect(refused?.fix).toBeTruthy();
    const text = transcriptToText([{ t: 0, kind: 'client', text: 'RCPT TO:<x@example.test>' }, { t: 1, kind: 'server', text: '550 5.1.1 No such user here' }], { explain });
    expect(text).toContain('= 550 5.1.1 · ');
    expect(explanationFor({ t: 1, kind: 'server', text: '250 OK: queued as 4f2a' }, explain, 'after-data')).toMatchObject({ category: 'success', title: 'Message accepted' });
  });
});

describe('repeated explanations', () => {
  it('explains a refusal once: the client error and result lines that repeat it point back to it', () => {
    const lines: TranscriptEntry[] = [
      { t: 1, kind: 'server', text: '550 5.1.1 nope', explanation: noSuchUser },
      { t: 2, kind: 'error', text: "Can't send mail - all recipients were rejected", explanation: { ...noSuchUser } },
      { t: 3, kind: 'error', text: 'Result: rejected', explanation: { ...noSuchUser, title: 'Something else' } },
    ];
    expect(repeatedExplanations(lines.map((l) => l.explanation ?? null))).toEqual([false, true, false]);
    const text = transcriptToText(lines);
    expect(text.match(/Meaning: The recipient address does not exist/g)).toHaveLength(2);
    expect(text).toContain('= 550 5.1.1 · Mailbox unavailable (explained above)');
  });
});

describe('repeated successes', () => {
  it('are not pointed back to (they start closed anyway)', () => {
    expect(repeatedExplanations([ok, { ...ok }, noSuchUser, { ...noSuchUser }])).toEqual([false, false, false, true]);
  });
});
