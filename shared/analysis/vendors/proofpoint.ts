/**
 * Proofpoint headers. Proofpoint does not document them; the format below
 * is observed (field notes §2.5), so every meaning is community-observed.
 *   X-Proofpoint-Spam-Details: rule=notspam policy=default score=0 spamscore=0 …
 * Per-classifier scores run 0–100 (0 legitimate … 100 definitely that
 * class); thresholds are set by each customer.
 */
import { type HeaderDecoder, type Tone, type VendorVerdict, num, verdictBase, vf } from './types';

const OBS = 'community-observed format (no public Proofpoint documentation)';

const KEYS: Record<string, string> = {
  rule: 'The rule that decided the verdict (notspam, spam, bulk, phish, malware, quarantine, outbound_notspam…).',
  policy: 'The policy (customer configuration) that applied.',
  score: 'Overall score (0–100).',
  spamscore: 'Spam classifier score, 0–100.',
  suspectscore: 'Suspect (possible spam) classifier score, 0–100.',
  phishscore: 'Phishing classifier score, 0–100.',
  adultscore: 'Adult-content classifier score, 0–100.',
  bulkscore: 'Bulk-mail classifier score, 0–100.',
  malwarescore: 'Malware classifier score, 0–100.',
  mlxscore: 'Machine-learning (MLX) spam score, 0–100.',
  mlxlogscore: 'Machine-learning log score (internal scale).',
  impostorscore: 'Impostor (business email compromise) score, 0–100.',
  lowpriorityscore: 'Low-priority (graymail) score.',
  priorityscore: 'Priority score (internal).',
  clxscore: 'CLX (sender reputation/clustering) score (internal).',
  classifier: 'Which classifier family produced the result.',
  adjust: 'Manual score adjustment.',
  reason: 'Which engine decided (e.g. mlx).',
  scancount: 'How many times the message was scanned.',
  engine: 'Engine version.',
  definitions: 'Definitions (rules) version.',
};

/** Decoder for Proofpoint headers. */
export const decodeProofpoint: HeaderDecoder = (ctx) => {
  const k = ctx.field.key;
  if (!k.startsWith('x-proofpoint-')) return null;
  const v: VendorVerdict = verdictBase(ctx, 'proofpoint');
  const val = ctx.field.value.trim();
  if (k === 'x-proofpoint-spam-details') {
    let rule = '';
    for (const m of val.matchAll(/([a-z]+)=(\S*)/gi)) {
      const key = m[1]!.toLowerCase();
      const raw = m[2]!;
      if (key === 'rule') rule = raw;
      const n = num(raw);
      const tone: Tone = key === 'rule' ? (/spam|phish|malware|quarantine|bulk/i.test(raw) && !/notspam/i.test(raw) ? 'bad' : 'good') : /score$/.test(key) && key !== 'mlxlogscore' && key !== 'priorityscore' && key !== 'clxscore' && n !== null && n >= 50 ? 'bad' : 'info';
      v.fields.push(vf(key, raw, KEYS[key] ?? 'Not described anywhere public.', 'community-observed', OBS, tone));
      if (key === 'score' && n !== null) v.score = { value: n, threshold: null, thresholdMeaning: 'thresholds are set by each Proofpoint customer', scale: 'Proofpoint 0–100' };
    }
    v.summary = rule ? `Proofpoint rule "${rule}".` : 'Proofpoint spam details.';
    v.tone = /notspam/i.test(rule) ? 'good' : /spam|phish|malware|quarantine|bulk/i.test(rule) ? 'bad' : 'info';
    return v;
  }
  const meaning = k === 'x-proofpoint-virus-version' ? `Anti-virus engines and definitions used: ${val}.`
    : k === 'x-proofpoint-guid' || k === 'x-proofpoint-orig-guid' ? 'Proofpoint message identifier (for the customer\'s message trace).'
    : k === 'x-proofpoint-spam-details-enc' ? 'Encoded spam details (not readable outside Proofpoint).'
    : 'Proofpoint internal header.';
  v.fields.push(vf(ctx.field.name, val, meaning, 'community-observed', OBS));
  v.summary = meaning;
  return v;
};
