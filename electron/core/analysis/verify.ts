/**
 * Re-verification "as of now": DKIM, SPF, DMARC and ARC checked again with
 * mailauth against DNS the user chose, each result carrying the DNS answers it
 * rests on and when they were asked. The receiver's recorded verdicts are what
 * counted at delivery; these say what is true today (a key rotated since, an
 * SPF record changed) and, for DKIM, what changed in transit.
 *
 * Whole message: every DKIM signature through mailauth's verifier, with
 * expected vs computed body hash and the likely modifier when it fails, plus
 * our header-only check to tell "only the body changed" from "headers changed
 * too". Headers only: the header-only check (mailauth cannot do it), and ARC
 * seals through mailauth with the last ARC-Message-Signature checked on its
 * headers.
 */
import { arc as arcVerify, dkimVerify, type ARCData, type DKIMResult, type DKIMVerifyResult, type DNSResolver } from 'mailauth';
import { splitMessage } from './dkim-canon';
import { verifyHeaderOnly } from './header-only-dkim';
import { type DnsQueryRecord, type DnsSource, createRecordingResolver } from './resolver';
import { checkDkimSignatures } from './verify-dkim';
import { checkArc, checkDmarc, checkSpf } from './verify-policy';
import type { ArcCheck, DkimCheck, DmarcCheck, SpfCheck } from './verify-types';

export type { ArcCheck, DkimCheck, DmarcCheck, SpfCheck } from './verify-types';

/** The SMTP facts SPF needs: the connecting IP of the boundary hop, MAIL FROM and HELO. */
export interface SmtpIdentity {
  ip: string;
  /** RFC5321.MailFrom; empty or null for a bounce (<>). */
  mailFrom?: string | null;
  /** HELO/EHLO name. */
  helo?: string | null;
}

/** Options for `verifyMessage`. */
export interface VerifyOptions {
  /** Where DNS answers come from (network with chosen servers, or a zone). */
  dns: DnsSource;
  /** Signature times (t=, x=) are judged as of this time; default now. DNS is always as of now. */
  asOf?: Date;
  /** SPF inputs; SPF is skipped (and said so) without them. */
  smtp?: SmtpIdentity | null;
  /** Follow the RFCs exactly instead of mailauth's lenient defaults (default false). */
  strict?: boolean;
  /** RSA keys shorter than this get `policy` (default 1024). */
  minBitLength?: number;
  /** Name written into mailauth's result text (default "mailscope"). */
  mta?: string;
  /** Force the mode; by default a blank line after the header fields means the whole message is present. */
  bodyPresent?: boolean;
}

/** Everything re-verified for one message. */
export interface Verification {
  /** When the checks ran: all DNS answers are as of this time (ISO). */
  checkedAt: string;
  /** The time t=/x= were judged against (ISO). */
  asOf: string;
  /** True when no past "as of" time was asked for. */
  asOfIsNow: boolean;
  /** Plain label for the UI: "as of now (…)" or "signature times as of …; DNS as of now (…)". */
  label: string;
  /** `whole-message` when the body was present, else `headers-only`. */
  mode: 'whole-message' | 'headers-only';
  /** True when bare LF line endings were turned into CRLF before checking. */
  lineEndingsNormalised: boolean;
  dkim: DkimCheck[];
  spf: SpfCheck;
  dmarc: DmarcCheck;
  arc: ArcCheck;
  /** The evidence trail: every DNS query, its answer, TTL where known, and when it was asked. */
  dns: { source: string; queries: DnsQueryRecord[] };
  /** Observations about the run as a whole. */
  notes: string[];
}

/** Re-verify a whole message or a header block. Never throws for bad input: problems become results. */
export async function verifyMessage(input: string | Buffer, options: VerifyOptions): Promise<Verification> {
  const checkedAt = new Date();
  const asOf = options.asOf ?? checkedAt;
  const asOfIsNow = options.asOf === undefined;
  const resolver = createRecordingResolver(options.dns, { memoize: true });
  const mailauthResolver = resolver as unknown as DNSResolver;
  const split = splitMessage(input);
  const bodyPresent = options.bodyPresent ?? split.body !== null;
  const mode = bodyPresent ? 'whole-message' : 'headers-only';
  const wire = Buffer.from(
    split.fields.map((f) => `${f.raw}\r\n`).join('') + '\r\n' + (bodyPresent ? (split.body ?? '') : ''),
    'latin1',
  );
  const notes: string[] = [];
  if (split.lineEndingsNormalised) notes.push('line endings were LF and were turned into CRLF, as mail travels on the wire');
  if (!bodyPresent) notes.push('only headers were given: DKIM body hashes could not be checked, and signatures were verified on their headers alone');

  const strict = options.strict ?? false;
  const minBitLength = options.minBitLength ?? 1024;
  let dkimResult: DKIMVerifyResult;
  try {
    dkimResult = await dkimVerify(wire, { resolver: mailauthResolver, curTime: asOf, strict, minBitLength, ...(options.smtp?.mailFrom ? { sender: options.smtp.mailFrom } : {}) });
  } catch (err) {
    // mailauth has not thrown on any input tried, but an analysis must never die on one.
    notes.push(`mailauth could not read the message (${(err as Error).message}); DKIM verdicts come from the header check alone`);
    dkimResult = { headerFrom: [], fromFields: 0, envelopeFrom: false, results: [] };
  }
  const headerOnly = await verifyHeaderOnly(split, { resolver, asOf, minBitLength, kinds: ['dkim-signature', 'arc-message-signature'] });
  const dkim = checkDkimSignatures({
    split,
    bodyPresent,
    mailauth: dkimResult.results as DKIMResult[],
    headerOnly: headerOnly.filter((r) => r.kind === 'dkim-signature'),
    queries: resolver.queries,
  });

  const spf = await checkSpf(options.smtp ?? null, { resolver, mta: options.mta ?? 'mailscope', strict });
  const arcData = (dkimResult as unknown as { arc?: ARCData }).arc;
  const arc = await checkArc(arcData, {
    resolver,
    strict,
    minBitLength,
    ip: options.smtp?.ip,
    bodyPresent,
    amsHeaderOnly: headerOnly.filter((r) => r.kind === 'arc-message-signature'),
    verify: arcVerify,
  });
  const dmarc = await checkDmarc({ dkimResult, dkim, spf, arc: arc.raw, resolver, strict, bodyPresent });

  return {
    checkedAt: checkedAt.toISOString(),
    asOf: asOf.toISOString(),
    asOfIsNow,
    label: asOfIsNow ? `as of now (${checkedAt.toISOString()})` : `signature times as of ${asOf.toISOString()}; DNS as of now (${checkedAt.toISOString()})`,
    mode,
    lineEndingsNormalised: split.lineEndingsNormalised,
    dkim,
    spf,
    dmarc,
    arc: arc.check,
    dns: { source: options.dns.description, queries: resolver.queries },
    notes,
  };
}
