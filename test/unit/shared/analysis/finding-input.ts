/**
 * Builders for hand-made FindingInput values, so each findings test states
 * only the facts it is about. Real header blocks are exercised end to end in
 * analyze.test.ts.
 */
import type { ArGroup, Hop, RecordedResult, VendorField, VendorVerdict } from '../../../../shared/model/analysis';
import type { FindingInput } from '../../../../shared/analysis/findings';
import { buildAlignment } from '../../../../shared/analysis/alignment';

export function recorded(result: string, text: string, source = 'Authentication-Results (mx.example.net)', line = 1): RecordedResult {
  return { result, resultRaw: result, source, line, text };
}

export function hop(partial: Partial<Hop> & { index: number }): Hop {
  return {
    fieldIndex: 0, line: 1, raw: `Received: hop ${partial.index}`, parsed: true, from: null, fromRdns: null, ip: null, ipSource: null,
    by: null, with: null, id: null, for: null, tls: null, cipher: null, dateText: null, timestamp: null, dateEstimated: false,
    delayMs: null, clockSkew: false, boundary: false, internal: false, problems: [], ...partial,
  };
}

export function group(partial: Partial<ArGroup>): ArGroup {
  return {
    authservId: 'mx.example.net', headerName: 'Authentication-Results', fieldIndex: 0, hopIndex: null, arcInstance: null,
    role: 'receiver', counts: true, label: 'Receiver', results: [], raw: ['Authentication-Results: mx.example.net; none'], lines: [1], warnings: [],
    ...partial,
  };
}

export function field(key: string, raw: string, extra: Partial<VendorField> = {}): VendorField {
  return { key, raw, meaning: null, source: 'documented', weight: null, notable: false, ...extra };
}

export function verdict(partial: Partial<VendorVerdict> & { vendor: string; fields: VendorField[] }): VendorVerdict {
  return {
    vendorName: partial.vendor, header: 'X-Test', fieldIndex: 0, line: 1, raw: 'X-Test: …', upstream: false, verdict: 'unknown',
    score: null, summary: '', notes: [], informational: false, problems: [], ...partial,
  };
}

/** A report with nothing in it but a From header and one receiver AR group. */
export function input(over: Partial<FindingInput> = {}): FindingInput {
  const base: FindingInput = {
    version: 1,
    input: {
      kind: 'headers', chars: 100, lines: 10, headerCount: 10, hasBody: false, lineEnding: 'lf', from: 'a@example.com', to: 'b@example.org',
      subject: 's', date: 'Mon, 1 Jan 2024 00:00:00 +0000', messageId: 'x@example.com', returnPath: null,
    },
    parseWarnings: [],
    hops: { hops: [], boundaryIndex: null, boundaryReason: '', boundaryChosen: false, totalMs: null, dateToFirstHopMs: null, unparsedCount: 0 },
    authentication: {
      groups: [group({})], receiverAuthservId: 'mx.example.net', spf: null, dkim: [], dkimUnmatched: [], dmarc: null, arc: [], arcResult: null,
      compauth: null, iprev: null, bimi: null, receivedSpf: [],
    },
    alignment: buildAlignment({ fromDomain: 'example.com', fromSource: 'From', mailFrom: { domain: null, result: null, source: '' }, dkim: [] }),
    vendorVerdicts: [],
    unknownHeaders: [],
    verification: null,
  };
  return { ...base, ...over };
}
