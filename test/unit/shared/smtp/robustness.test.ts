/** The explainer never throws and always says something, whatever a server (or a paste) sends. */
import { describe, expect, it } from 'vitest';
import { explainConnectionError } from '../../../../shared/smtp/explain-connection';
import { explainReply, explainReplyText } from '../../../../shared/smtp/explain-reply';
import type { ReplyStage } from '../../../../shared/smtp/types';

// A small deterministic PRNG so a failure reproduces.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['550', '-', ' ', '5.7.26', '4.7.0', '\n', '\r\n', '#', '.', 'gsmtp', '[TSS04]', 'blocked using ', 'zen.spamhaus.org', 'x'.repeat(300), '\u00e9\u4e2d', '999', '2.0.0', '5.99.999', '(', ')', 'dmarc', 'S3150', '\0'];
const STAGES: (ReplyStage | undefined)[] = [undefined, 'connect', 'ehlo', 'starttls', 'auth', 'mail', 'rcpt', 'data', 'after-data', 'quit'];

describe('explainer robustness', () => {
  it('survives 3000 random replies with a complete explanation', () => {
    const r = rng(42);
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: Math.floor(r() * 12) }, () => PIECES[Math.floor(r() * PIECES.length)]).join('');
      const code = [0, Number.NaN, 250, 421, 550, 599, 199, 600, -1, 3.5][Math.floor(r() * 10)]!;
      const stage = STAGES[Math.floor(r() * STAGES.length)];
      const e = explainReply(code, text, { stage });
      expect(['success', 'intermediate', 'transient', 'permanent', 'connection']).toContain(e.category);
      expect(e.title.length, text).toBeGreaterThan(0);
      expect(e.meaning.length, text).toBeGreaterThan(0);
      if (e.category === 'transient' || e.category === 'permanent') expect(e.fix, text).toBeTruthy();
      explainReplyText(text, { stage });
    }
  });

  it('survives odd error objects', () => {
    for (const error of [{}, { code: '' }, { code: 'x'.repeat(500) }, { originalCode: 'CERT_HAS_EXPIRED' }, { responseCode: 999, response: 'x' }, { responseCode: 550 }, { code: 'EAUTH', responseCode: 535, response: '' }]) {
      const e = explainConnectionError(error, { port: 0 });
      expect(e.title.length).toBeGreaterThan(0);
      expect(e.fix).toBeTruthy();
    }
    expect(explainConnectionError({ originalCode: 'CERT_HAS_EXPIRED' }).title).toBe('Certificate expired');
  });
});
