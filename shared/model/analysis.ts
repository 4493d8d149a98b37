/**
 * The header-analysis vocabulary: what "Analyze" shows, what `mailscope
 * analyze --json` prints and what POST /api/analyze returns.
 *
 * An analysis is derived, never stored as truth (DESIGN.md "Data"): it is
 * recomputed from the raw text. The offline part (everything except
 * `verification`) is computed by shared/analysis/analyze.ts, in the renderer
 * as the user types and in the core; the core's analyze service adds the
 * live re-checks and the findings that compare "as recorded by the receiver"
 * with "as of now".
 *
 * Every verdict carries its evidence (header line, DNS answer + when it was
 * asked) so the UI never states something it cannot show.
 */

/** Something that could not be read, or was read only by guessing. Same shape as the parsers' ParseWarning. */
export interface AnalysisWarning {
  /** Stable kebab-case code (e.g. `lost-indentation`, `unparsed-received`). */
  code: string;
  /** One plain sentence: what was wrong and what was done instead. */
  message: string;
  /** 1-based line in the pasted input, when the problem has one. */
  line?: number;
  /** The offending text, shortened, when useful as evidence. */
  text?: string;
}

// ---------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------

/** What kind of text was analyzed. */
export type InputKind =
  /** Only a header block (what webmail "show original" pages usually give). */
  | 'headers'
  /** Headers and a body (an .eml file, a captured message). */
  | 'message'
  /** Nothing that looks like mail headers (prose, a screenshot's OCR, empty). */
  | 'not-headers'
  /** Empty input. */
  | 'empty';

/** A short description of the input, shown above the results. */
export interface InputSummary {
  /** What the input was. */
  kind: InputKind;
  /** Length of the input in characters. */
  chars: number;
  /** Number of lines in the input. */
  lines: number;
  /** Header fields read. */
  headerCount: number;
  /** True when a body followed the headers (DKIM body hashes can then be recomputed). */
  hasBody: boolean;
  /** Line-ending style of the header block. */
  lineEnding: 'crlf' | 'lf' | 'cr' | 'mixed' | 'none';
  /** From header, decoded; null when absent. */
  from: string | null;
  /** To header, decoded; null when absent. */
  to: string | null;
  /** Subject header, decoded; null when absent. */
  subject: string | null;
  /** Date header as written; null when absent. */
  date: string | null;
  /** Message-ID without angle brackets; null when absent. */
  messageId: string | null;
  /** Return-Path address (the RFC5321.MailFrom the final receiver saw); null when absent. */
  returnPath: string | null;
  /** Store id when the input was a captured message. */
  capturedMessageId?: number;
}

// ---------------------------------------------------------------------------
// Hops
// ---------------------------------------------------------------------------

/** Where a hop's IP address came from. */
export type HopIpSource =
  /** The bracketed TCP-info address `(host [1.2.3.4])`: what the receiving MTA saw. Preferred. */
  | 'tcp-info'
  /** An address found elsewhere in the from clause (e.g. the HELO name was an IP literal). */
  | 'helo'
  /** Found somewhere else in the line; least trustworthy. */
  | 'other';

/** One Received header as a step of the delivery path. */
export interface Hop {
  /** Position in the timeline, 0 = oldest (the sender's side). */
  index: number;
  /** Position of the Received field in the header list (0 = topmost). */
  fieldIndex: number;
  /** 1-based line of the field in the input. */
  line: number;
  /** The field exactly as written (name included), always kept: unparsable hops are shown raw, never dropped. */
  raw: string;
  /** True when the from/by/date parts could be read. */
  parsed: boolean;
  /** Name the sending side gave (HELO/EHLO or the `from` word); null when absent. */
  from: string | null;
  /** Reverse-DNS name the receiving side recorded for the sender, when stated. */
  fromRdns: string | null;
  /** Connecting IP address; null when none was stated. */
  ip: string | null;
  /** Where `ip` came from. */
  ipSource: HopIpSource | null;
  /** The host that wrote this header (the receiving side of the hop); null when absent. */
  by: string | null;
  /** Protocol (`with` clause: SMTP, ESMTPS, ESMTPSA, LMTP, HTTP, mapi…); null when absent. */
  with: string | null;
  /** Queue id (`id` clause); null when absent. */
  id: string | null;
  /** Recipient (`for` clause) without angle brackets; null when absent. */
  for: string | null;
  /** TLS protocol version when stated (e.g. TLSv1.3 or TLS1_3). */
  tls: string | null;
  /** TLS cipher when stated. */
  cipher: string | null;
  /** The date as written after `;`; null when missing. */
  dateText: string | null;
  /** The timestamp as ISO-8601 UTC; null when missing or unparsable. */
  timestamp: string | null;
  /** True when the date was read by guessing (no zone, Go-style, two-digit year…). */
  dateEstimated: boolean;
  /**
   * Milliseconds since the previous (older) hop with a timestamp; null for the
   * first hop or when either timestamp is missing. Negative = clock skew,
   * shown as such, never clamped.
   */
  delayMs: number | null;
  /** True when `delayMs` is negative (this host's clock is behind the previous one's). */
  clockSkew: boolean;
  /** True for the hop where the message entered the receiver's systems. */
  boundary: boolean;
  /** True when this hop is inside the receiver's systems (after the boundary). */
  internal: boolean;
  /** What could not be read in this hop. */
  problems: string[];
}

/** The Received chain as a timeline. */
export interface HopTimeline {
  /** Hops oldest first. */
  hops: Hop[];
  /**
   * Index (in `hops`) of the boundary hop: the first hop written by the
   * receiver, whose `ip` is what SPF and blocklists are about. Null when it
   * could not be decided (no hops, or no parsed hop).
   */
  boundaryIndex: number | null;
  /** Why that hop was chosen, in plain words (or "chosen by you"). */
  boundaryReason: string;
  /** True when the user (or `options.boundaryIndex`) picked the boundary. */
  boundaryChosen: boolean;
  /** Milliseconds from the oldest to the newest timestamp; null when fewer than two timestamps. */
  totalMs: number | null;
  /** Milliseconds from the Date header to the oldest hop timestamp; null when either is missing. */
  dateToFirstHopMs: number | null;
  /** How many Received fields could not be read (shown raw). */
  unparsedCount: number;
}

// ---------------------------------------------------------------------------
// Authentication
// ---------------------------------------------------------------------------

/** One `ptype.property=value` of an Authentication-Results result. */
export interface ArProperty {
  /** smtp, header, body, policy, dns… */
  ptype: string;
  /** mailfrom, helo, from, d, i, s, b… */
  property: string;
  /** The value, unquoted; may be empty (Microsoft writes `header.from=;`). */
  value: string;
}

/** One method result inside an Authentication-Results header, all results kept in order. */
export interface ArResult {
  /** Method, lower-cased: spf, dkim, dmarc, arc, compauth, iprev, bimi, auth, dkim-adsp… */
  method: string;
  /** Result normalised to RFC 8601 words (vendor synonyms mapped: `success`→pass, `dkim_pass`→pass). */
  result: string;
  /** The token exactly as written, when it differs from `result`. */
  resultRaw: string;
  /** `reason=` value, when present. */
  reason: string | null;
  /** Comments `( … )` attached to the result, in order. */
  comments: string[];
  /** Properties, in order. */
  properties: ArProperty[];
  /** The result's own text, for "original text". */
  text: string;
}

/** How an Authentication-Results group relates to the final receiver. */
export type ArRole =
  /** Written by the receiver at or after the boundary: the verdict that counts. */
  | 'receiver'
  /** Written before the boundary (a sender-side filter, a forwarder): informative only. */
  | 'upstream'
  /** Inside an ARC-Authentication-Results (sealed by an intermediary). */
  | 'arc';

/** All Authentication-Results headers written by one authserv-id at one position in the chain. */
export interface ArGroup {
  /** authserv-id as written; null when the header had none (Microsoft quirk). */
  authservId: string | null;
  /** Header name: Authentication-Results, ARC-Authentication-Results, X-Original-Authentication-Results… */
  headerName: string;
  /** Index of the first field of the group in the header list (0 = topmost). */
  fieldIndex: number;
  /** Hop (timeline index) that wrote it, by position between Received fields; null when unknown. */
  hopIndex: number | null;
  /** ARC instance (`i=`) for ARC-Authentication-Results; null otherwise. */
  arcInstance: number | null;
  /** Relationship to the receiver. */
  role: ArRole;
  /** True for the group whose verdicts the final receiver acted on. Exactly one group counts, or none. */
  counts: boolean;
  /** Plain label: "Receiver (mx.google.com) — the verdict that counts", "Upstream, written by …". */
  label: string;
  /** Results of every field in the group, in order. */
  results: ArResult[];
  /** The fields' original text, name included, in order. */
  raw: string[];
  /** 1-based input lines of the fields. */
  lines: number[];
  /** What could not be read (quirks tolerated, tokens skipped). */
  warnings: AnalysisWarning[];
}

/** The receiver's verdict for one method, pulled from the counting group (or a fallback, stated). */
export interface RecordedResult {
  /** Normalised result. */
  result: string;
  /** Token as written. */
  resultRaw: string;
  /** Where it came from: "Authentication-Results (mx.google.com)", "Received-SPF", "ARC-Authentication-Results i=1". */
  source: string;
  /** 1-based line of the evidence. */
  line: number | null;
  /** The result text, as evidence. */
  text: string;
}

/** SPF as the receiver recorded it. */
export interface SpfView extends RecordedResult {
  /** smtp.mailfrom domain (or the domain of the address). */
  mailFromDomain: string | null;
  /** smtp.helo, when checked. */
  helo: string | null;
  /** The IP address SPF was evaluated for, when stated (comment, client-ip=, boundary hop). */
  ip: string | null;
}

/** One DKIM-Signature field, with what the receiver said about it. */
export interface DkimSignatureView {
  /** Index of the DKIM-Signature field in the header list. */
  fieldIndex: number;
  /** 1-based line. */
  line: number;
  /** Signing domain `d=`. */
  domain: string | null;
  /** Selector `s=`. */
  selector: string | null;
  /** Algorithm `a=` (rsa-sha256, ed25519-sha256…). */
  algorithm: string | null;
  /** Canonicalisation `c=` (header/body), e.g. relaxed/relaxed. */
  canonicalization: string | null;
  /** Identity `i=`, when present. */
  identity: string | null;
  /** Signed header names `h=`, in order. */
  signedHeaders: string[];
  /** Body hash `bh=`. */
  bodyHash: string | null;
  /** First 8 characters of `b=` (how Authentication-Results tells signatures apart, RFC 6008). */
  bShort: string | null;
  /** Signature time `t=` as ISO; null when absent. */
  signedAt: string | null;
  /** Expiry `x=` as ISO; null when absent. */
  expiresAt: string | null;
  /** Body length limit `l=`; null when absent (a set `l=` lets anyone append content). */
  bodyLength: number | null;
  /** The receiver's result for this signature (matched by header.b, else d/s/i); null when not found. */
  recorded: RecordedResult | null;
  /** `reason=` or comment explaining the recorded result. */
  recordedReason: string | null;
  /** The field as written. */
  raw: string;
  /** Tags that could not be read. */
  problems: string[];
}

/** DMARC as the receiver recorded it. */
export interface DmarcView extends RecordedResult {
  /** header.from domain. */
  headerFrom: string | null;
  /** Published policy (p=) as reported in the comment (Gmail: `p=REJECT`), lower-cased. */
  policy: string | null;
  /** Subdomain policy (sp=) as reported. */
  subdomainPolicy: string | null;
  /** Disposition applied (Gmail `dis=`, Microsoft `action=`), lower-cased. */
  disposition: string | null;
}

/** Microsoft's composite authentication verdict, reason code decoded. */
export interface CompauthView extends RecordedResult {
  /** Reason code, e.g. "001". */
  reason: string | null;
  /** What the reason code means, in plain words. */
  reasonMeaning: string | null;
}

/** One ARC set (instance). */
export interface ArcSetView {
  /** Instance `i=`. */
  instance: number;
  /** The sealer's `cv=` (chain validation it saw): none, pass, fail. */
  chainValidation: string | null;
  /** ARC-Seal `d=`. */
  sealDomain: string | null;
  /** ARC-Message-Signature `d=`. */
  signatureDomain: string | null;
  /** authserv-id of the ARC-Authentication-Results. */
  authservId: string | null;
  /** The sealed Authentication-Results text (what the intermediary saw). */
  results: string | null;
  /** Lines of the three fields. */
  lines: number[];
  /** Parts missing from the set (a set needs AS, AMS and AAR). */
  problems: string[];
}

/** One Received-SPF field. */
export interface ReceivedSpfView {
  /** Index in the header list. */
  fieldIndex: number;
  /** 1-based line. */
  line: number;
  /** Normalised result. */
  result: string;
  /** Result as written (Pass, SoftFail…). */
  resultRaw: string;
  /** client-ip= or the IP in the comment. */
  clientIp: string | null;
  /** envelope-from= domain or address. */
  envelopeFrom: string | null;
  /** helo=. */
  helo: string | null;
  /** receiver= or the host in the comment. */
  receiver: string | null;
  /** The comment text. */
  comment: string | null;
  /** True when written before the boundary (upstream). */
  upstream: boolean;
  /** The field as written. */
  raw: string;
}

/** Every authentication fact in the headers. */
export interface AuthenticationSection {
  /** All Authentication-Results (and ARC-AAR) groups, topmost first. */
  groups: ArGroup[];
  /** authserv-id of the counting group; null when none. */
  receiverAuthservId: string | null;
  /** SPF as the receiver recorded it; null when not recorded. */
  spf: SpfView | null;
  /** Every DKIM-Signature, topmost first, with the recorded verdict. */
  dkim: DkimSignatureView[];
  /** DKIM results in the counting group that match no DKIM-Signature field (e.g. stripped signature). */
  dkimUnmatched: RecordedResult[];
  /** DMARC as recorded; null when not recorded. */
  dmarc: DmarcView | null;
  /** ARC sets, by instance ascending. */
  arc: ArcSetView[];
  /** The receiver's `arc=` verdict on the chain; null when not recorded. */
  arcResult: RecordedResult | null;
  /** Microsoft compauth; null when absent. */
  compauth: CompauthView | null;
  /** iprev (reverse DNS check); null when absent. */
  iprev: (RecordedResult & { ip: string | null }) | null;
  /** BIMI; null when absent. */
  bimi: RecordedResult | null;
  /** Every Received-SPF field, topmost first. */
  receivedSpf: ReceivedSpfView[];
}

// ---------------------------------------------------------------------------
// Alignment
// ---------------------------------------------------------------------------

/** Where an organisational domain came from. */
export type OrgDomainSource =
  /** Estimated offline from the Public Suffix List (tldts). Usually right, not normative. */
  | 'psl-estimate'
  /** From the DMARC DNS tree walk (RFC 9989), done by the live verification. */
  | 'dmarc-dns';

/** One identifier in the alignment table. */
export interface AlignmentRow {
  /** Which identifier: the envelope sender, a DKIM signature's d=, or the From header. */
  identifier: 'mailfrom' | 'dkim' | 'from';
  /** Plain label: "RFC5321.MailFrom (Return-Path)", "DKIM d= (s=sel1)", "RFC5322.From". */
  label: string;
  /** The domain; null when unknown (e.g. bounce `<>`, headers missing). */
  domain: string | null;
  /** Its organisational domain; null when unknown. */
  orgDomain: string | null;
  /** Where the domain was read (header line), for evidence. */
  source: string;
  /** The authentication result for this identifier (SPF for mailfrom, DKIM for a signature); null for From or unknown. */
  authResult: string | null;
  /** Aligned with the From domain under relaxed rules (same org domain); null for the From row or when unknown. */
  relaxed: boolean | null;
  /** Aligned under strict rules (exact domain); null for the From row or when unknown. */
  strict: boolean | null;
  /** Aligned under the mode that applies (`mode` below) AND the result passed: this identifier makes DMARC pass. */
  counts: boolean;
}

/** SPF/DKIM/DMARC identifier alignment. */
export interface AlignmentTable {
  /** RFC5322.From domain; null when absent or unreadable. */
  fromDomain: string | null;
  /** Rows: mailfrom, each DKIM signature, from. */
  rows: AlignmentRow[];
  /** Where the org domains came from. */
  orgDomainSource: OrgDomainSource;
  /** Alignment modes: `r` relaxed (default) or `s` strict, for SPF (aspf) and DKIM (adkim). */
  mode: { spf: 'r' | 's'; dkim: 'r' | 's'; source: 'default' | 'dmarc-dns' };
  /** Which identifiers aligned and passed. 'unknown' when results were not recorded. */
  aligned: 'spf' | 'dkim' | 'both' | 'none' | 'unknown';
  /** One-sentence plain summary. */
  summary: string;
}

// ---------------------------------------------------------------------------
// Vendor verdicts
// ---------------------------------------------------------------------------

/** How well a field's meaning is known. */
export type MeaningSource =
  /** The vendor documents it. */
  | 'documented'
  /** Community reverse-engineering or observation; may be wrong. */
  | 'community'
  /** No known meaning: shown raw. */
  | 'unknown';

/** One decoded field of a vendor header. */
export interface VendorField {
  /** Field key as written (SCL, BCL, tests, rule…). */
  key: string;
  /** Raw value. */
  raw: string;
  /** What it means, in plain words; null when unknown. */
  meaning: string | null;
  /** How well that meaning is known. */
  source: MeaningSource;
  /** Score contribution when the header states one (a SpamAssassin test's points, an Rspamd symbol's weight); null otherwise. */
  weight: number | null;
  /** True when this field is alarming (spam verdict, a high score). */
  notable: boolean;
}

/** The overall verdict a vendor header expresses, when it expresses one. */
export type VendorVerdictKind = 'spam' | 'not-spam' | 'bulk' | 'phish' | 'malware' | 'suspect' | 'skipped' | 'unknown';

/** One vendor's verdict header (or header pair), decoded field by field. */
export interface VendorVerdict {
  /** Vendor key: microsoft, spamassassin, rspamd, proofpoint, mimecast, barracuda, ironport, google, yahoo… */
  vendor: string;
  /** Display name: "Microsoft 365 (Exchange Online Protection)". */
  vendorName: string;
  /** Header name as written. */
  header: string;
  /** Index in the header list. */
  fieldIndex: number;
  /** 1-based line. */
  line: number;
  /** The field as written. */
  raw: string;
  /** True when stamped upstream: an `-Untrusted` variant, or a copy written before the boundary hop (the sender side's filter). */
  upstream: boolean;
  /** Overall verdict. */
  verdict: VendorVerdictKind;
  /** Numeric score and threshold when the header states them. */
  score: { value: number; threshold: number | null; scale: string } | null;
  /** One sentence: "SCL 6: spam", "score 7.3 of 5.0 required: spam". */
  summary: string;
  /** Decoded fields, in order. */
  fields: VendorField[];
  /** Remarks on the header as a whole (e.g. "SFV and dest can disagree when a rule intervenes"). */
  notes: string[];
  /** True for bookkeeping headers that carry no verdict (message-trace ids, tenant ids): listed compactly. */
  informational: boolean;
  /** What could not be read. */
  problems: string[];
}

/** A header the analyzer has no decoder for, listed rather than hidden. */
export interface UnknownHeader {
  /** Header name. */
  name: string;
  /** Decoded value (clipped for display). */
  value: string;
  /** 1-based line; null when unknown. */
  line: number | null;
  /** A short note when the header is a well-known informational one (X-Mailer…), else null. */
  note: string | null;
}

// ---------------------------------------------------------------------------
// Live verification (filled by the core's analyze service)
// ---------------------------------------------------------------------------

/** One DNS answer used as evidence. */
export interface DnsEvidence {
  /** Queried name. */
  name: string;
  /** Record type (TXT, A, PTR…). */
  type: string;
  /** Answer records as text; empty when none. */
  answer: string[];
  /** Error code when the lookup failed (ENOTFOUND, ENODATA, ETIMEOUT…); null on success. */
  error: string | null;
  /** When it was asked, ISO-8601. */
  askedAt: string;
  /** The resolver used: "system" or host:port. */
  resolver: string;
}

/** One re-check: what the receiver recorded beside what DNS says now. */
export interface VerificationCheck {
  /** Which mechanism. */
  kind: 'dkim' | 'dkim-header-only' | 'spf' | 'dmarc' | 'arc' | 'bimi';
  /** What was checked: "DKIM d=example.com s=sel1", "SPF for 1.2.3.4 / bounces.esp.net". */
  label: string;
  /** The receiver's result, when it recorded one. */
  asRecorded: string | null;
  /** The result now (or as of the chosen time). */
  asOfNow: string;
  /** Plain explanation of the live result (reason, comment). */
  detail: string;
  /** True when `asRecorded` and `asOfNow` disagree (a finding explains why). */
  differs: boolean;
  /** DNS answers the check used. */
  dns: DnsEvidence[];
  /** DKIM with body: expected (bh=) and computed body hashes. */
  bodyHash?: { expected: string; computed: string };
  /** Extra key facts (key length, policy, lookups count…). */
  facts?: Record<string, string>;
}

/** The live re-verification section. */
export interface VerificationReport {
  /** When the checks ran, ISO-8601. */
  askedAt: string;
  /** The time signatures were evaluated at (`--at`), ISO; equals askedAt unless chosen. */
  asOf: string;
  /** The resolver used: "system" or host:port. */
  resolver: string;
  /** Every check, in the order DKIM, SPF, DMARC, ARC, BIMI. */
  checks: VerificationCheck[];
  /** Org domain and alignment modes from the DMARC DNS tree walk, when looked up. */
  dmarcRecord: { domain: string; orgDomain: string; record: string | null; policy: string | null; adkim: 'r' | 's'; aspf: 'r' | 's' } | null;
  /** What could not be checked, and why, in plain words. */
  notChecked: string[];
}

// ---------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------

/** How much a finding matters for placement. */
export type FindingSeverity =
  /** Most likely explains rejection or the spam folder. */
  | 'high'
  /** Hurts deliverability or needs fixing. */
  | 'medium'
  /** Worth knowing; unlikely to decide placement alone. */
  | 'low'
  /** Context (what the headers do not say, what could not be checked). */
  | 'info'
  /** Something that passed and is worth confirming. */
  | 'ok';

/** One piece of evidence behind a finding. */
export interface Evidence {
  /** A header line, a DNS answer, or a value the analyzer computed. */
  kind: 'header' | 'dns' | 'computed';
  /** The evidence text (header line as written, DNS answer, computed fact). */
  text: string;
  /** Header name, for `header` evidence. */
  header?: string;
  /** 1-based input line, for `header` evidence. */
  line?: number;
  /** When the DNS question was asked, ISO-8601, for `dns` evidence. */
  askedAt?: string;
  /** The DNS name asked, for `dns` evidence. */
  name?: string;
}

/** A ranked, plain-language explanation. */
export interface Finding {
  /** Stable rule id (e.g. `dmarc-fail-unaligned`); tests and the UI key on it. */
  id: string;
  /** Severity. */
  severity: FindingSeverity;
  /** How sure the analyzer is: `recorded` (the receiver said so), `checked` (live DNS), `estimated` (inferred, e.g. PSL), `unknown` (could not check). */
  confidence: 'recorded' | 'checked' | 'estimated' | 'unknown';
  /** Short title. */
  title: string;
  /** Plain explanation naming the domains, values and hosts involved. */
  explanation: string;
  /** Evidence, most direct first; never empty except for "could not check" findings. */
  evidence: Evidence[];
  /** What to do about it; null when nothing is to be done. */
  fix: string | null;
}

// ---------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------

/** The whole analysis of one message or header block. */
export interface AnalysisReport {
  /** Model version, bumped on breaking changes. */
  version: 1;
  /** What was analyzed. */
  input: InputSummary;
  /** What could not be read, across all parsers; the rest of the report shows what could. */
  parseWarnings: AnalysisWarning[];
  /** Received chain as a timeline. */
  hops: HopTimeline;
  /** Authentication results, signatures and seals. */
  authentication: AuthenticationSection;
  /** Identifier alignment. */
  alignment: AlignmentTable;
  /** Vendor spam verdicts, topmost first. */
  vendorVerdicts: VendorVerdict[];
  /** X- headers with no decoder. */
  unknownHeaders: UnknownHeader[];
  /** Live re-verification; null when not run (offline analysis). */
  verification: VerificationReport | null;
  /** Findings, most important first. */
  findings: Finding[];
  /** Milliseconds the offline analysis took. */
  elapsedMs: number;
}

/** Options for an analysis (API, CLI, UI). */
export interface AnalysisOptions {
  /** DNS resolver for live checks, "host:port"; system resolver when absent. */
  dns?: string;
  /** Skip every DNS lookup (verification stays null). */
  offline?: boolean;
  /** Evaluate signatures as of this time (ISO-8601), for old messages. */
  at?: string;
  /** Override the boundary hop (timeline index). */
  boundaryIndex?: number;
}

/** The request of POST /api/analyze: a captured message by id, or pasted text (exactly one). */
export interface AnalyzeRequest {
  /** Store id of a captured message to analyze (its raw bytes, body included). */
  id?: number;
  /** Pasted headers or a whole message. */
  raw?: string;
  /** DNS, offline and "as of" choices. */
  options?: AnalysisOptions;
}
