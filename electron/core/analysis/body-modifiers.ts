/**
 * When a DKIM body hash fails, say what most likely changed the body, with
 * the evidence for each guess. Some guesses can be confirmed by hashing the
 * body differently: if a prefix of the body hashes to bh=, the signer saw
 * exactly that prefix and the rest was appended later (a footer). Others are
 * only likely, from headers that betray a mailing list, an Exchange transport
 * rule or a link-rewriting gateway.
 */
import { type Canon, bodyHash, canonBody, findSignedPrefix, type HeaderFieldBytes } from './dkim-canon';

/** A likely cause of a body change. */
export interface BodyModifier {
  kind: 'footer-appended' | 'mailing-list' | 'transport-rule' | 'link-rewriting' | 'whitespace-changed' | 'line-endings' | 'length-limit' | 'unknown';
  /** `confirmed`: a rehash proves it; `likely`: strong header or body evidence; `possible`: circumstantial. */
  confidence: 'confirmed' | 'likely' | 'possible';
  /** Plain words. */
  explanation: string;
  /** What the guess rests on: a header line, a URL pattern, the appended text. */
  evidence: string;
}

/** What the guesser needs to know about the failed signature. */
export interface FailedBodyHash {
  /** bh= as stated. */
  expected: string;
  /** Body canonicalisation from c=. */
  canon: Canon;
  hash: 'sha256' | 'sha1';
  /** l= when present. */
  lengthLimit: number | null;
  /** True when the input had bare LF line endings that were turned into CRLF. */
  lineEndingsNormalised: boolean;
}

const LIST_HEADERS = ['list-id', 'list-unsubscribe', 'list-post', 'list-help', 'mailing-list', 'x-mailman-version', 'x-beenthere', 'x-mailing-list', 'x-google-group-id'];
const REWRITERS: [RegExp, string][] = [
  [/urldefense(\.proofpoint)?\.com/i, 'Proofpoint URL Defense'],
  [/safelinks\.protection\.outlook\.com/i, 'Microsoft Defender Safe Links'],
  [/protect-[a-z]{2}\.mimecast\.com|url\.[a-z]{2}\.m\.mimecastprotect\.com/i, 'Mimecast URL Protect'],
  [/linkprotect\.cudasvc\.com/i, 'Barracuda Link Protection'],
  [/secure-web\.cisco\.com/i, 'Cisco Secure Email URL rewriting'],
];
const MAX_EVIDENCE = 200;

/** Guess what changed a body whose hash no longer matches. `body` is the CRLF body (binary string). */
export function guessBodyModifiers(body: string, fields: HeaderFieldBytes[], failed: FailedBodyHash): BodyModifier[] {
  const found: BodyModifier[] = [];
  const text = (raw: string) => Buffer.from(raw, 'latin1').toString('utf8');

  if (failed.lengthLimit !== null) {
    found.push({
      kind: 'length-limit',
      confidence: 'possible',
      explanation: `the signature covers only the first ${failed.lengthLimit} bytes of the body (l=), so the change is inside that part`,
      evidence: `l=${failed.lengthLimit}`,
    });
  } else {
    const signedLines = findSignedPrefix(body, failed.canon, failed.hash, failed.expected);
    if (signedLines !== null) {
      const lines = canonBody(body, failed.canon).split('\r\n');
      const appended = lines.slice(signedLines).join('\n').trim();
      found.push({
        kind: 'footer-appended',
        confidence: 'confirmed',
        explanation: `the body as signed ends after line ${signedLines}; ${lines.length - 1 - signedLines} line(s) were appended after signing (a list footer, disclaimer or banner)`,
        evidence: `appended: ${truncate(text(appended))}`,
      });
    }
  }

  const stripped = body.replace(/[ \t]+(?=\r\n|$)/g, '');
  if (stripped !== body && bodyHash(canonBody(stripped, failed.canon), failed.hash) === failed.expected) {
    found.push({ kind: 'whitespace-changed', confidence: 'confirmed', explanation: 'the body hashes correctly once trailing whitespace is removed: a relay added spaces at line ends', evidence: 'rehash without trailing whitespace matches bh=' });
  }
  const lfBody = body.replace(/\r\n/g, '\n');
  if (failed.canon === 'simple' && bodyHash(lfBody.endsWith('\n') ? lfBody : `${lfBody}\n`, failed.hash) === failed.expected) {
    found.push({ kind: 'line-endings', confidence: 'confirmed', explanation: 'the signer hashed the body with bare LF line endings instead of CRLF (a signer bug)', evidence: 'rehash with LF line endings matches bh=' });
  } else if (failed.lineEndingsNormalised && !found.some((m) => m.confidence === 'confirmed')) {
    found.push({ kind: 'line-endings', confidence: 'possible', explanation: 'the input had LF line endings, turned into CRLF for checking; if the original had a mix, copying it may have changed the body', evidence: 'input used bare LF' });
  }

  const listHeader = fields.find((f) => LIST_HEADERS.includes(f.key));
  if (listHeader) {
    found.push({ kind: 'mailing-list', confidence: 'likely', explanation: 'the message went through a mailing list, which commonly adds footers or rewrites the body', evidence: truncate(text(listHeader.raw)) });
  }
  const exchange = fields.find((f) => /^x-ms-exchange-(transport|organization)-/.test(f.key));
  if (exchange) {
    found.push({ kind: 'transport-rule', confidence: 'possible', explanation: 'Exchange / Microsoft 365 handled the message; transport rules (disclaimers, banners) there rewrite bodies', evidence: truncate(text(exchange.raw)) });
  }
  const bodyText = text(body);
  for (const [pattern, product] of REWRITERS) {
    const hit = pattern.exec(bodyText);
    if (hit) {
      found.push({ kind: 'link-rewriting', confidence: 'likely', explanation: `links in the body were rewritten by ${product}, which changes the signed content`, evidence: truncate(bodyText.slice(Math.max(0, hit.index - 40), hit.index + 80)) });
      break;
    }
  }
  if (found.length === 0) {
    found.push({ kind: 'unknown', confidence: 'possible', explanation: 'the body changed after signing and no known pattern matched: re-encoding by a gateway, an antivirus or content filter, or an edit', evidence: `expected bh=${failed.expected}` });
  }
  return found;
}

function truncate(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MAX_EVIDENCE ? `${one.slice(0, MAX_EVIDENCE)}…` : one;
}
