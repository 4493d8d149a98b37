/**
 * Vendor spam verdicts: each known verdict header decoded field by field by
 * the shared vendor decoders (shared/analysis/vendors), attributed to the
 * receiver or to upstream (an `-Untrusted` variant, or a copy written before
 * the boundary hop), summarised as one overall verdict, and every other X-
 * header listed rather than hidden.
 */
import type { RawHeaderField } from '../header-block';
import { decodeMicrosoft, isMicrosoftPlumbing } from '../vendors/microsoft';
import { attachReportPoints, decodeSpamAssassin } from '../vendors/spamassassin';
import type { DecodeContext, HeaderDecoder, VendorVerdict as DecodedVerdict, VendorId } from '../vendors/types';
import type { AnalysisWarning, HopTimeline, UnknownHeader, VendorVerdict, VendorVerdictKind } from '../../model/analysis';

/** Decoded verdicts and the X- headers nobody decodes. */
export interface VendorStage {
  verdicts: VendorVerdict[];
  unknownHeaders: UnknownHeader[];
}

const DECODERS: HeaderDecoder[] = [decodeMicrosoft, decodeSpamAssassin];

const NAMES: Record<VendorId, string> = {
  microsoft: 'Microsoft 365 (Exchange Online Protection)',
  spamassassin: 'SpamAssassin',
  rspamd: 'Rspamd',
  proofpoint: 'Proofpoint',
  mimecast: 'Mimecast',
  barracuda: 'Barracuda',
  ironport: 'Cisco Secure Email (IronPort)',
  google: 'Google',
  yahoo: 'Yahoo / AOL',
};

/** Well-known informational X- headers that need no decoder to be understood. */
const PLAIN_X = new Set(['x-mailer', 'x-originating-ip', 'x-priority', 'x-msmail-priority', 'x-mimeole', 'x-received', 'x-google-smtp-source', 'x-gm-message-state', 'x-google-dkim-signature']);

function verdictKind(v: DecodedVerdict): VendorVerdictKind {
  const field = (key: string) => v.fields.find((f) => f.key.toUpperCase() === key)?.raw.trim().toUpperCase() ?? null;
  if (v.vendor === 'microsoft') {
    const cat = field('CAT');
    if (cat && /PHSH|HPHSH|HPHISH|SPOOF|DIMP|UIMP|GIMP|BIMP/.test(cat)) return 'phish';
    if (cat && /MALW|AMP|SAP/.test(cat)) return 'malware';
    if (cat === 'BULK') return 'bulk';
    const sfv = field('SFV');
    if (sfv === 'SKN' || sfv === 'SKA' || sfv === 'SFE') return 'skipped';
    const scl = Number(field('SCL') ?? field(v.header.toUpperCase()) ?? Number.NaN);
    if (Number.isFinite(scl)) return scl >= 5 ? 'spam' : scl < 0 ? 'skipped' : 'not-spam';
    const bcl = Number(field('BCL') ?? Number.NaN);
    if (Number.isFinite(bcl) && bcl >= 7) return 'bulk';
  }
  if (v.score && v.score.threshold !== null) return v.score.value >= v.score.threshold ? 'spam' : 'not-spam';
  if (v.tone === 'bad') return 'spam';
  if (v.tone === 'warning') return 'suspect';
  if (v.tone === 'good') return 'not-spam';
  return 'unknown';
}

/** Build the vendor section. */
export function buildVendorVerdicts(fields: RawHeaderField[], context: { hops: HopTimeline; warnings: AnalysisWarning[] }): VendorStage {
  const decoded: DecodedVerdict[] = [];
  const claimed = new Set<number>();
  const warns: { code: string; message: string; line?: number; text?: string }[] = [];
  let receivedAbove = 0;
  for (const field of fields) {
    if (field.key === 'received') {
      receivedAbove++;
      continue;
    }
    const ctx: DecodeContext = { field, receivedAbove, warnings: warns };
    for (const decode of DECODERS) {
      const v = decode(ctx);
      if (v) {
        decoded.push(v);
        claimed.add(field.index);
        break;
      }
    }
  }
  attachReportPoints(decoded);
  context.warnings.push(...warns);

  // Written below the boundary Received = stamped before the receiver saw it. Microsoft
  // appends its own headers at the bottom of the block, so position says nothing there.
  const b = context.hops.boundaryIndex;
  const boundaryField = b !== null ? context.hops.hops[b]!.fieldIndex : null;
  const byIndex = new Map(fields.map((f) => [f.index, f]));
  const verdicts: VendorVerdict[] = decoded.map((v) => {
    const upstream = v.upstream || /-untrusted$/i.test(v.header) || (v.vendor !== 'microsoft' && boundaryField !== null && v.fieldIndex > boundaryField);
    const informational = v.score === null && v.tone === 'info' && v.fields.length <= 1;
    return {
      vendor: v.vendor,
      vendorName: NAMES[v.vendor] ?? v.vendor,
      header: v.header,
      fieldIndex: v.fieldIndex,
      line: v.line ?? byIndex.get(v.fieldIndex)?.line ?? 0,
      raw: byIndex.get(v.fieldIndex)?.raw ?? `${v.header}: ${v.raw}`,
      upstream,
      verdict: informational ? 'unknown' : verdictKind(v),
      score: v.score ? { value: v.score.value, threshold: v.score.threshold, scale: v.score.scale } : null,
      summary: v.summary,
      fields: v.fields.map((f) => ({
        key: f.key,
        raw: f.raw,
        meaning: f.meaning || null,
        source: f.provenance === 'documented' ? 'documented' : 'community',
        weight: f.points ?? null,
        notable: f.tone === 'bad' || f.tone === 'warning',
      })),
      notes: v.notes,
      informational,
      problems: [],
    };
  });

  const unknownHeaders: UnknownHeader[] = fields
    .filter((f) => f.key.startsWith('x-') && !claimed.has(f.index) && !PLAIN_X.has(f.key) && !isMicrosoftPlumbing(f.key))
    .map((f) => ({ name: f.name, value: f.decoded.length > 500 ? `${f.decoded.slice(0, 499)}…` : f.decoded, line: f.line, note: null }));
  return { verdicts, unknownHeaders };
}
