/**
 * Barracuda Email Security headers. The Status header prints the levels in
 * force for this recipient (TAG_LEVEL, QUARANTINE_LEVEL, KILL_LEVEL), so the
 * verdict is read against those, not against defaults (field notes §2.7,
 * UMIACS wiki "BarracudaSpamFirewall/Scoring"). The engine is
 * SpamAssassin-based: SA rule names plus BSF_* rules.
 */
import { parseStatusLine, parseReportRows, ruleField } from './spamassassin';
import { type HeaderDecoder, type Tone, num, verdictBase, vf } from './types';

const OBS = 'Barracuda headers (levels as printed; UMIACS wiki)';

/** Decoder for Barracuda headers. */
export const decodeBarracuda: HeaderDecoder = (ctx) => {
  const k = ctx.field.key;
  if (!k.startsWith('x-barracuda-')) return null;
  const v = verdictBase(ctx, 'barracuda');
  const val = ctx.field.value.trim();
  if (k === 'x-barracuda-spam-status') {
    const s = parseStatusLine(val);
    const tag = num(s.kv.tag_level ?? null);
    const quarantine = num(s.kv.quarantine_level ?? null);
    const kill = num(s.kv.kill_level ?? null);
    if (s.flag) v.fields.push(vf('flag', s.flag, s.flag.toLowerCase() === 'yes' ? 'Barracuda classified it as spam.' : 'Barracuda did not classify it as spam.', 'community-observed', OBS, s.flag.toLowerCase() === 'yes' ? 'bad' : 'good'));
    if (s.score !== null) v.fields.push(vf('SCORE', String(s.score), `Score ${s.score}.`, 'community-observed', OBS));
    if (tag !== null) v.fields.push(vf('TAG_LEVEL', String(tag), `At ${tag} or more the message is tagged as spam.`, 'community-observed', OBS));
    if (quarantine !== null) v.fields.push(vf('QUARANTINE_LEVEL', String(quarantine), `At ${quarantine} or more it is quarantined.`, 'community-observed', OBS));
    if (kill !== null) v.fields.push(vf('KILL_LEVEL', String(kill), `At ${kill} or more it is blocked.`, 'community-observed', OBS));
    for (const t of s.tests) v.fields.push(ruleField(t.name, t.points, ' (Barracuda/SpamAssassin)'));
    let outcome = 'delivered';
    let tone: Tone = 'good';
    if (s.score !== null) {
      if (kill !== null && s.score >= kill) { outcome = 'blocked'; tone = 'bad'; }
      else if (quarantine !== null && s.score >= quarantine) { outcome = 'quarantined'; tone = 'bad'; }
      else if (tag !== null && s.score >= tag) { outcome = 'tagged as spam'; tone = 'warning'; }
      v.score = { value: s.score, threshold: tag, thresholdMeaning: tag !== null ? 'tagged as spam at or above' : null, scale: 'Barracuda score' };
    }
    v.summary = `Barracuda score ${s.score ?? '?'}: ${outcome} by the levels printed in the header.`;
    v.tone = tone;
    return v;
  }
  if (k === 'x-barracuda-spam-report') {
    for (const r of parseReportRows(val)) v.fields.push(ruleField(r.rule, r.points, ' (Barracuda/SpamAssassin)'));
    v.summary = `Barracuda report: ${v.fields.length} rules.`;
    return v;
  }
  const meanings: Record<string, string> = {
    'x-barracuda-spam-score': `Spam score ${val}.`,
    'x-barracuda-spam-flag': /^yes$/i.test(val) ? 'Flagged as spam.' : `Spam flag "${val}".`,
    'x-barracuda-connect': `Connecting host as Barracuda saw it: ${val}.`,
    'x-barracuda-start-time': `Scan start time (Unix seconds): ${val}.`,
    'x-barracuda-envelope-from': `Envelope sender: ${val}.`,
    'x-barracuda-brts-status': `Barracuda Real-Time System (reputation cloud) status: ${val}.`,
    'x-barracuda-virus-scanned': `Virus scanned by ${val}.`,
    'x-barracuda-url': `The Barracuda unit's address: ${val}.`,
    'x-barracuda-bayes': `Bayesian classification: ${val}.`,
    'x-barracuda-scan-msg-size': `Scanned message size: ${val}.`,
  };
  const meaning = meanings[k] ?? 'Barracuda internal header.';
  const tone: Tone = k === 'x-barracuda-spam-flag' && /^yes$/i.test(val) ? 'bad' : 'info';
  v.fields.push(vf(ctx.field.name, val, meaning, 'community-observed', OBS, tone));
  if (k === 'x-barracuda-spam-score') { const n = num(val); if (n !== null) v.score = { value: n, threshold: null, thresholdMeaning: null, scale: 'Barracuda score' }; }
  v.summary = meaning;
  v.tone = tone;
  return v;
};
