/**
 * The real signed messages in ../shared/conformance/dkim (from
 * stalwartlabs/mail-auth): RFC 8463's Ed25519 + RSA example, an IETF list
 * message, facebookmail, Topicbox, GitHub, and two ARC-sealed messages, each
 * with the key records that verified them. File format: `name TXT-value`
 * lines, a blank line, then the message.
 *
 * Three checks per DKIM signature, all through `verifyMessage` as of
 * 2022-11-07T17:54:24Z: it passes with the body; it passes on the headers
 * alone (our header-only check); it fails when one byte of the From header
 * changes. For the ARC-sealed messages the chain must validate with the body
 * and on the headers alone.
 */
import { verifyMessage } from '../verify';
import { createZoneSource, type Zone } from '../zone-source';
import { emptyReport, type SuiteReport } from './suite-report';

/** One vector file. */
export interface DkimVectorFile {
  /** e.g. "dkim/001". */
  id: string;
  /** The file's bytes (a message may carry 8-bit header bytes; they must reach the verifier unchanged). */
  bytes: Buffer;
}

/** The time the vectors were verified at upstream. */
export const VECTOR_TIME = new Date('2022-11-07T17:54:24Z');

/**
 * Signatures that are broken in the vector itself, with what we must report
 * instead of pass and why. They count: reproducing the receiver's verdict is
 * the test.
 */
const BROKEN: Record<string, { withBody: string; headersOnly: string; reason: string }> = {
  'arc/001|stalw.art|velikisrpan22': {
    withBody: 'neutral',
    headersOnly: 'fail',
    reason:
      'broken in transit by the IETF list (Subject tagged "[Jmap]", list footer appended); Gmail recorded "dkim=neutral (body hash did not verify)" for it in this very message, and the ARC set is what carries its original result, so the test is that we reproduce neutral with the body and fail on the headers',
  },
};

export async function runDkimVectors(files: DkimVectorFile[], options: { name?: string } = {}): Promise<SuiteReport> {
  const report = emptyReport(options.name ?? 'DKIM vectors (stalwart mail-auth)');
  const expect = (id: string, expected: string, got: string, detail: string) => {
    report.total += 1;
    if (expected === got) report.passed += 1;
    else report.failures.push({ id, expected, got, detail });
  };

  for (const file of [...files].sort((a, b) => a.id.localeCompare(b.id))) {
    const { zone, message } = parseVector(file.bytes.toString('latin1'));
    const dns = createZoneSource(zone);
    const headers = message.slice(0, message.indexOf('\r\n\r\n') + 2);
    const bytes = (s: string) => Buffer.from(s, 'latin1');
    const whole = await verifyMessage(bytes(message), { dns, asOf: VECTOR_TIME });
    const headerOnly = await verifyMessage(bytes(headers), { dns, asOf: VECTOR_TIME });
    const tampered = await verifyMessage(bytes(tamperFrom(headers)), { dns, asOf: VECTOR_TIME });

    for (const [i, sig] of whole.dkim.entries()) {
      const key = `${file.id}|${sig.domain}|${sig.selector}`;
      const label = `${file.id} DKIM #${sig.ordinal} d=${sig.domain} s=${sig.selector} ${sig.algorithm}`;
      const broken = BROKEN[key];
      if (broken) report.adjusted.push({ id: label, reason: broken.reason });
      expect(`${label} with body`, broken?.withBody ?? 'pass', sig.result, sig.explanation);
      const ho = headerOnly.dkim[i];
      expect(`${label} headers only`, broken?.headersOnly ?? 'pass', ho?.basis === 'headers-only' ? ho.result : `not a header-only check (${ho?.basis})`, ho?.explanation ?? 'missing');
      const t = tampered.dkim[i];
      expect(`${label} one From byte changed`, 'fail', t?.result ?? 'missing', t?.explanation ?? 'missing');
    }
    if (whole.arc.sets > 0) {
      expect(`${file.id} ARC chain (${whole.arc.sets} sets) with body`, 'pass', whole.arc.result ?? 'none', whole.arc.explanation);
      const arcHo = headerOnly.arc.headerOnly ? (headerOnly.arc.result ?? 'none') : `not header-only (${headerOnly.arc.result})`;
      expect(`${file.id} ARC chain headers only`, 'pass', arcHo, headerOnly.arc.explanation);
    }
  }
  return report;
}

/** Split a vector file (binary string) into its zone and its message (LF → CRLF, still a binary string). */
export function parseVector(text: string): { zone: Zone; message: string } {
  const normal = text.replace(/\r\n/g, '\n');
  const blank = normal.indexOf('\n\n');
  const zone: Zone = {};
  for (const line of normal.slice(0, blank).split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const name = line.slice(0, space);
    zone[name] = [...(zone[name] ?? []), { type: 'TXT', data: [line.slice(space + 1)] }];
  }
  return { zone, message: normal.slice(blank + 2).replace(/\n/g, '\r\n') };
}

/** Change one byte of the From field's value (a letter to another letter). */
export function tamperFrom(headers: string): string {
  const m = /(^|\r\n)From:[^\r\n]*?([A-Za-z])/i.exec(headers);
  if (!m || m.index === undefined) return headers;
  const pos = m.index + m[0].length - 1;
  const ch = headers[pos] as string;
  const swapped = ch === 'x' ? 'y' : ch === 'X' ? 'Y' : ch.toLowerCase() === ch ? 'x' : 'X';
  return headers.slice(0, pos) + swapped + headers.slice(pos + 1);
}
