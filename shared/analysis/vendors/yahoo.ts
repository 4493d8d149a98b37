/**
 * Yahoo / AOL headers. Yahoo's verdict headers are opaque and undocumented;
 * they are listed with what little is observable.
 */
import { type HeaderDecoder, verdictBase, vf } from './types';

const OBS = 'community-observed (Yahoo does not document these headers)';

const MEANINGS: Record<string, string> = {
  'x-ymailisg': 'Opaque Yahoo anti-spam state; not readable outside Yahoo.',
  'x-sonic-mf': 'The envelope sender (MAIL FROM) as Yahoo\'s submission server saw it.',
  'x-sonic-id': 'Yahoo internal message id.',
  'x-yahoo-newman-property': 'Yahoo internal: which Yahoo property sent it.',
  'x-yahoo-newman-id': 'Yahoo internal message id.',
  'x-yahoo-smtp': 'Yahoo SMTP submission marker.',
  'x-ymail-osg': 'Opaque Yahoo outbound anti-spam data.',
  'x-aol-global-disposition': 'AOL delivery disposition (G = good, S = spam; observed).',
  'x-aol-sid': 'AOL internal id.',
  'x-aol-ip': 'The connecting IP as AOL saw it.',
  'x-apparently-to': 'The recipient and connecting IP as Yahoo recorded them.',
};

/** Decoder for Yahoo/AOL headers. */
export const decodeYahoo: HeaderDecoder = (ctx) => {
  const meaning = MEANINGS[ctx.field.key];
  if (!meaning) return null;
  const v = verdictBase(ctx, 'yahoo');
  v.fields.push(vf(ctx.field.name, ctx.field.value.trim(), meaning, 'community-observed', OBS));
  v.summary = meaning;
  return v;
};
