/**
 * Result shapes of re-verification (verify.ts). Every check names its
 * evidence as `evidence`: the `seq` numbers of the DNS queries in
 * `Verification.dns.queries` it rests on.
 */
import type { BodyModifier } from './body-modifiers';
import type { HeaderOnlyResult } from './header-only-dkim';

/** RFC 8601 result words as mailauth and receivers write them. */
export type AuthResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'policy' | 'temperror' | 'permerror';

/** One DKIM-Signature re-verified. */
export interface DkimCheck {
  /** 1-based position among DKIM-Signature fields, top first. */
  ordinal: number;
  /** Position among all header fields (0 = top). */
  fieldIndex: number;
  domain: string | null;
  selector: string | null;
  algorithm: string | null;
  /** c= as written, e.g. "relaxed/relaxed". */
  canonicalization: string | null;
  result: AuthResult;
  /** Whether the verdict covers the body (`whole-message`) or rests on the headers alone. */
  basis: 'whole-message' | 'headers-only';
  /** Plain words: what happened and what it means. */
  explanation: string;
  /** mailauth's own comment ("body hash did not verify", "no key"…); null in headers-only mode or when it had none. */
  mailauthComment: string | null;
  /** bh= against the body as it is now; null without a body. */
  bodyHash: { expected: string | null; computed: string | null; matches: boolean } | null;
  /** l= and how much of the body it covers; null without l=. */
  bodyLength: { limit: number; signedBytes: number | null; totalBytes: number | null } | null;
  /** Likely causes when the body hash failed (empty otherwise). */
  modifiers: BodyModifier[];
  /** The header-only check of the same signature: the verdict in headers-only mode, a second opinion otherwise. */
  headerCheck: HeaderOnlyResult | null;
  /** The key as found now. */
  key: { dnsName: string | null; record: string | null; bits: number | null; testing: boolean };
  /** t= and x= (ISO) and whether the as-of time lies between them. */
  signTime: string | null;
  expires: string | null;
  timeValid: boolean | null;
  /** Seq numbers of the DNS queries behind this verdict. */
  evidence: number[];
}

/** SPF re-evaluated for the boundary hop. */
export interface SpfCheck {
  status: 'checked' | 'skipped';
  /** Why it was skipped (no IP known…). */
  skipReason: string | null;
  ip: string | null;
  /** MAIL FROM used (null: a bounce, so the HELO identity was checked). */
  mailFrom: string | null;
  helo: string | null;
  /** The domain whose record was evaluated. */
  domain: string | null;
  result: AuthResult | null;
  explanation: string;
  /** mailauth's comment, as a receiver would write it. */
  comment: string | null;
  /** The SPF record found. */
  record: string | null;
  /** DNS-querying terms counted against the limit of 10, and void lookups. */
  lookups: { count: number; limit: number; void: number } | null;
  /** The domain's own exp= text on a fail (third-party text). */
  publishedExplanation: string | null;
  /** The HELO identity checked separately (RFC 7208 §2.3), when HELO is a domain and MAIL FROM was not empty. */
  heloCheck: { domain: string; result: AuthResult; explanation: string; record: string | null } | null;
  evidence: number[];
}

/** DMARC looked up (RFC 9989 tree walk) and applied to the re-verified results. */
export interface DmarcCheck {
  status: 'checked' | 'skipped';
  skipReason: string | null;
  result: AuthResult | null;
  /** RFC5322.From domain. */
  fromDomain: string | null;
  /** Organizational domain from the DNS tree walk. */
  orgDomain: string | null;
  /** Domain whose record supplied the policy. */
  policyDomain: string | null;
  record: string | null;
  /** Effective policy for this From domain (p, sp or np; one level lower with t=y). */
  policy: string | null;
  p: string | null;
  sp: string | null;
  np: string | null;
  testMode: boolean;
  /** What the policy asks receivers to do with this message now: none, quarantine or reject. */
  disposition: 'none' | 'quarantine' | 'reject' | null;
  /** Which identifier aligned, and whether the record asks for strict alignment. */
  alignment: { spf: { domain: string | null; strict: boolean }; dkim: { domain: string | null; strict: boolean } } | null;
  explanation: string;
  /** What this verdict rests on (SPF not checked, DKIM on headers only…). */
  basisNotes: string[];
  evidence: number[];
}

/** ARC chain validated. */
export interface ArcCheck {
  status: 'checked' | 'skipped';
  skipReason: string | null;
  result: 'pass' | 'fail' | 'none' | null;
  /** Newest instance (i=). */
  instance: number | null;
  /** Number of ARC sets found. */
  sets: number;
  /** mailauth's comment on a failure. */
  comment: string | null;
  explanation: string;
  /** True when the newest ARC-Message-Signature was checked on its headers only (no body). */
  headerOnly: boolean;
  evidence: number[];
}
