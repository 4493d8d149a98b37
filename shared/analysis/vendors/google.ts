/**
 * Google / Gmail headers. Gmail does not stamp its inbound spam verdict or
 * reason in headers — the "Why is this message in spam?" banner exists only
 * in Gmail's UI (field notes §2.2). The X-Gm-* fields seen on mail sent from
 * Google Workspace are undocumented.
 */
import { type HeaderDecoder, type Tone, verdictBase, vf } from './types';

const OBS = 'community-observed (Google does not document these headers)';

/** The sentence the UI and summaries use when Gmail is the receiver. */
export const GMAIL_NO_REASON = 'Gmail does not write its spam verdict or the reason into the message headers; the "Why is this message in spam?" explanation exists only in Gmail\'s web interface. Look at authentication and the sender\'s reputation (Postmaster Tools) instead.';

/** Decoder for Google headers. */
export const decodeGoogle: HeaderDecoder = (ctx) => {
  const k = ctx.field.key;
  const val = ctx.field.value.trim();
  let meaning: string | null = null;
  let tone: Tone = 'info';
  if (k === 'x-gm-spam') { meaning = val === '0' ? 'Google Workspace outbound: not marked as spam (undocumented flag).' : `Google spam flag ${val} (undocumented).`; tone = val === '0' ? 'good' : 'bad'; }
  else if (k === 'x-gm-phishy') { meaning = val === '0' ? 'Google Workspace outbound: not marked as phishing (undocumented flag).' : `Google phishing flag ${val} (undocumented).`; tone = val === '0' ? 'good' : 'bad'; }
  else if (k === 'x-gm-message-state') meaning = 'Opaque Google message state; not readable outside Google.';
  else if (k === 'x-google-smtp-source') meaning = 'Opaque Google tracking of where the message entered Google; not readable.';
  else if (k === 'x-received') meaning = 'Google\'s internal hop record (Received-like, added inside Google).';
  else if (k === 'x-google-dkim-signature') meaning = 'Google\'s internal DKIM signature (d=1e100.net); not relevant to DMARC.';
  else if (k === 'x-gm-gg' || k === 'x-gm-features') meaning = 'Opaque Gmail internal data.';
  else if (k === 'x-cloud-sec-av-info') meaning = `Google Workspace security scan info: ${val}.`;
  else if (k === 'x-google-group-id' || k === 'x-google-groups-id') meaning = 'Sent through a Google Group.';
  if (meaning === null) return null;
  const v = verdictBase(ctx, 'google');
  v.fields.push(vf(ctx.field.name, val, meaning, 'community-observed', OBS, tone));
  v.summary = meaning;
  v.tone = tone;
  return v;
};
