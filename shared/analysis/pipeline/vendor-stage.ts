/**
 * Vendor spam verdicts: each known verdict header decoded field by field by
 * the shared vendor decoders (shared/analysis/vendors), attributed to the
 * receiver or to upstream (an `-Untrusted` variant, or a copy written before
 * the boundary hop), summarised as one overall verdict, and every other X-
 * header listed rather than hidden.
 */
import type { RawHeaderField } from '../header-block';
import { decodeVendorVerdicts } from '../vendors';
import type { VendorVerdict as DecodedVerdict, VendorId } from '../vendors/types';
import type { AnalysisWarning, HopTimeline, UnknownHeader, VendorVerdict, VendorVerdictKind } from '../../model/analysis';

/** Decoded verdicts and the X- headers nobody decodes. */
export interface VendorStage {
  verdicts: VendorVerdict[];
  unknownHeaders: UnknownHeader[];
}

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
  const report = decodeVendorVerdicts(fields);
  const decoded: DecodedVerdict[] = report.verdicts;
  context.warnings.push(...report.warnings);

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

  const unknownHeaders: UnknownHeader[] = report.unknownHeaders.map((h) => ({ name: h.name, value: h.value, line: h.line, note: h.note }));
  return { verdicts, unknownHeaders };
}
