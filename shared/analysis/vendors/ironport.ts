/**
 * Cisco Secure Email (IronPort) headers, as observed (field notes §2.9).
 * X-SBRS is SenderBase reputation, −10 (worst) … +10 (best).
 */
import { type HeaderDecoder, type Tone, num, verdictBase, vf } from './types';

const OBS = 'community-observed (decode-spam-headers; Cisco admin guides)';

const FLOW: Record<string, string> = {
  $TRUSTED: 'trusted senders: accepted with relaxed limits',
  $BLOCKED: 'blocked senders: refused',
  $THROTTLED: 'suspicious senders: accepted slowly, with limits',
  $ACCEPTED: 'unknown senders: accepted with default limits',
  $RELAYED: 'internal relay',
};

/** Decoder for IronPort headers. */
export const decodeIronPort: HeaderDecoder = (ctx) => {
  const k = ctx.field.key;
  if (!k.startsWith('x-ironport-') && k !== 'x-sbrs' && k !== 'x-amp-result' && k !== 'x-ipas-result') return null;
  const v = verdictBase(ctx, 'ironport');
  const val = ctx.field.value.trim();
  let meaning = 'Cisco Secure Email internal header.';
  let tone: Tone = 'info';
  if (k === 'x-sbrs') {
    const n = num(val);
    meaning = n === null ? `SenderBase reputation: ${val} (none = no data).` : `SenderBase reputation ${n} on a −10 (worst) … +10 (best) scale${n < -2 ? ': poor' : n >= 2 ? ': good' : ': neutral'}.`;
    tone = n === null ? 'info' : n < -2 ? 'bad' : n >= 2 ? 'good' : 'info';
    if (n !== null) v.score = { value: n, threshold: null, thresholdMeaning: null, scale: 'SBRS −10…+10' };
  } else if (k === 'x-ironport-mailflowpolicy') {
    meaning = `Mail-flow policy applied: ${FLOW[val.toUpperCase()] ?? val}.`;
    tone = val.toUpperCase() === '$BLOCKED' ? 'bad' : val.toUpperCase() === '$THROTTLED' ? 'warning' : 'info';
  } else if (k === 'x-amp-result') {
    meaning = `Advanced Malware Protection result: ${val}.`;
    tone = /malicious/i.test(val) ? 'bad' : /clean/i.test(val) ? 'good' : 'info';
  } else if (k === 'x-ironport-anti-spam-filtered') {
    meaning = /true/i.test(val) ? 'The anti-spam engine scanned the message.' : `Anti-spam filtered: ${val}.`;
  } else if (k === 'x-ironport-anti-spam-result' || k === 'x-ipas-result') {
    meaning = 'Encoded anti-spam result (not readable outside Cisco).';
  } else if (k === 'x-ironport-av') {
    for (const m of val.matchAll(/([A-Za-z])="?([^";]*)"?/g)) {
      const key = m[1]!;
      const desc: Record<string, string> = { E: 'anti-virus engine', i: 'engine version and definitions', d: 'scan details', a: 'scan serial / action code', v: 'virus name, when one was found', e: 'engine' };
      v.fields.push(vf(key, m[2]!, `${desc[key] ?? 'field'}: ${m[2]}.`, 'community-observed', OBS, key === 'v' ? 'bad' : 'info'));
    }
    v.summary = 'Cisco anti-virus scan details.';
    return v;
  }
  v.fields.push(vf(ctx.field.name, val, meaning, 'community-observed', OBS, tone));
  v.summary = meaning;
  v.tone = tone;
  return v;
};
