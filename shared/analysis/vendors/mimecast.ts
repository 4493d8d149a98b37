/**
 * Mimecast headers (observed; field notes §2.6). The spam score's meaning
 * is tenant-specific: administrators choose per-threshold actions. The
 * buckets below are the community's (decode-spam-headers), labelled so.
 */
import { type HeaderDecoder, type Tone, verdictBase, vf, num } from './types';

const OBS = 'community-observed (decode-spam-headers; Mimecast admin docs describe tenant thresholds)';

/** Decoder for Mimecast headers. */
export const decodeMimecast: HeaderDecoder = (ctx) => {
  const k = ctx.field.key;
  if (!k.startsWith('x-mimecast-') && k !== 'x-mc-unique') return null;
  const v = verdictBase(ctx, 'mimecast');
  const val = ctx.field.value.trim();
  if (k === 'x-mimecast-spam-score') {
    const n = num(val);
    const [meaning, tone]: [string, Tone] = n === null ? [`Score "${val}".`, 'info'] : n < 3 ? ['Below 3: not spam (unofficial bucket).', 'good'] : n <= 5 ? ['3–5: low spam likelihood (unofficial bucket).', 'info'] : n <= 7 ? ['5–7: medium spam likelihood (unofficial bucket).', 'warning'] : ['Above 7: high spam likelihood (unofficial bucket).', 'bad'];
    v.fields.push(vf('X-Mimecast-Spam-Score', val, `${meaning} What happens at each level is set by the tenant.`, 'community-observed', OBS, tone));
    if (n !== null) v.score = { value: n, threshold: null, thresholdMeaning: 'set per tenant', scale: 'Mimecast spam score' };
    v.summary = `Mimecast spam score ${val}: ${meaning}`;
    v.tone = tone;
    return v;
  }
  if (k === 'x-mimecast-impersonation-protect') {
    const hits: string[] = [];
    for (const part of val.split(';')) {
      const i = part.indexOf('=');
      if (i < 0) continue;
      const key = part.slice(0, i).trim();
      const raw = part.slice(i + 1).trim();
      const isTrue = /^true$/i.test(raw);
      if (isTrue) hits.push(key);
      v.fields.push(vf(key, raw, key.toLowerCase() === 'policy' ? `Impersonation policy applied: ${raw}.` : isTrue ? `Impersonation signal "${key}" fired.` : `Impersonation signal "${key}" did not fire.`, 'community-observed', OBS, isTrue ? 'bad' : 'info'));
    }
    v.summary = hits.length ? `Impersonation signals fired: ${hits.join(', ')}.` : 'No impersonation signal fired.';
    v.tone = hits.length ? 'bad' : 'good';
    return v;
  }
  const meaning = k === 'x-mimecast-spam-signature' ? `Spam signature class: ${val}.`
    : k === 'x-mimecast-bulk-signature' ? `Bulk signature class: ${val}.`
    : k === 'x-mc-unique' ? 'Mimecast message identifier (for the tenant\'s message tracking).'
    : k === 'x-mimecast-originator' ? `The Mimecast customer (tenant) domain that handled it: ${val}.`
    : 'Mimecast internal header.';
  v.fields.push(vf(ctx.field.name, val, meaning, 'community-observed', OBS));
  v.summary = meaning;
  return v;
};
