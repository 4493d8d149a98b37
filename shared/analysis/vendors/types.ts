/**
 * The shared vocabulary of the vendor verdict decoders. Every decoded field
 * shows its raw value beside its meaning and says whether the meaning comes
 * from the vendor's documentation or from community observation (DESIGN.md:
 * "never wrong with confidence"; field notes §2).
 */
import type { RawHeaderField } from '../header-block';
import type { ParseWarning } from '../warnings';

/** Where a field's meaning comes from. */
export type Provenance = 'documented' | 'community-observed';

/** How a value reads for the user, for colouring; `info` when it carries no judgement. */
export type Tone = 'good' | 'info' | 'warning' | 'bad';

/** One decoded field of a verdict header. */
export interface VerdictField {
  /** The field's name inside the header (`SCL`, `BAYES_99`, `spamscore`), or the header name for single-value headers. */
  key: string;
  /** The raw value as written. */
  raw: string;
  /** What it means, in plain words; says "unknown" plainly when nobody knows. */
  meaning: string;
  /** Whether the meaning is documented by the vendor or community-observed (label it in the UI). */
  provenance: Provenance;
  /** Short citation for the meaning (e.g. "Microsoft Learn: anti-spam message headers"). */
  source: string;
  /** How the value reads (spam-ish values are `bad`). */
  tone: Tone;
  /** A numeric score or weight when the field carries one (rule points, symbol weight). */
  points?: number;
}

/** A vendor's overall score, when the header states one. */
export interface VerdictScore {
  /** The score as a number. */
  value: number;
  /** The threshold the vendor compared it with, when stated in the header (SpamAssassin required=, Barracuda TAG_LEVEL); null when not stated. */
  threshold: number | null;
  /** What the threshold is for, in plain words ("spam at or above", "reject at or above"). */
  thresholdMeaning: string | null;
  /** Human label for the scale ("SCL 0–9", "SpamAssassin points"). */
  scale: string;
}

/** Vendors the decoders know. */
export type VendorId =
  | 'microsoft' | 'spamassassin' | 'rspamd' | 'proofpoint' | 'mimecast' | 'barracuda' | 'ironport' | 'google' | 'yahoo';

/** One decoded verdict header. */
export interface VendorVerdict {
  /** Who wrote it. */
  vendor: VendorId;
  /** The header name as written. */
  header: string;
  /** 1-based input line of the header, or null when unknown. */
  line: number | null;
  /** Index of the header in the field list (0 = topmost). */
  fieldIndex: number;
  /** How many Received fields are above this header: headers are usually added by the hop whose Received is next to them, so this attributes the verdict to a hop. */
  receivedAbove: number;
  /** True when this verdict belongs to another organisation or an earlier hop (Microsoft `-Untrusted` variants; lower copies of a header that appears twice). */
  upstream: boolean;
  /** One plain-language line ("SCL 6: spam — moved to Junk"). */
  summary: string;
  /** Overall tone of the verdict. */
  tone: Tone;
  /** The score, when the header carries one. */
  score: VerdictScore | null;
  /** Every field, in the order written, raw beside meaning. */
  fields: VerdictField[];
  /** Extra remarks (e.g. "SFV and dest disagree: a user or tenant rule moved it"). */
  notes: string[];
  /** The header value as given (unfolded). */
  raw: string;
}

/** An `X-` header no decoder claimed: listed, never hidden. */
export interface UnknownHeader {
  /** Header name as written. */
  name: string;
  /** Value (unfolded, shortened to 500 characters). */
  value: string;
  /** 1-based input line, or null. */
  line: number | null;
  /** A short note when the header is a well-known informational one (X-Mailer…), else null. */
  note: string | null;
}

/** Everything the vendor decoders found in a header block. */
export interface VendorReport {
  /** Decoded verdict headers, in message order (topmost first). */
  verdicts: VendorVerdict[];
  /** `X-` headers that no decoder claimed. */
  unknownHeaders: UnknownHeader[];
  /** Report-level notes (e.g. "Gmail does not write its spam reason into headers"). */
  notes: string[];
  /** Problems decoding (malformed verdict headers). */
  warnings: ParseWarning[];
}

/** What a single decoder gets: one header field plus its context. */
export interface DecodeContext {
  /** The field being decoded. */
  field: RawHeaderField;
  /** Number of Received fields above it. */
  receivedAbove: number;
  /** Where to put malformed-input warnings. */
  warnings: ParseWarning[];
}

/** A decoder: returns a verdict for headers it owns, or null to pass. */
export type HeaderDecoder = (ctx: DecodeContext) => VendorVerdict | null;

/** Build a verdict skeleton from the context (decoders fill in the rest). */
export function verdictBase(ctx: DecodeContext, vendor: VendorId): VendorVerdict {
  return {
    vendor,
    header: ctx.field.name,
    line: ctx.field.line,
    fieldIndex: ctx.field.index,
    receivedAbove: ctx.receivedAbove,
    upstream: false,
    summary: '',
    tone: 'info',
    score: null,
    fields: [],
    notes: [],
    raw: ctx.field.value,
  };
}

/** Shorthand for a field entry. */
export function vf(key: string, raw: string, meaning: string, provenance: Provenance, source: string, tone: Tone = 'info', points?: number): VerdictField {
  const f: VerdictField = { key, raw, meaning, provenance, source, tone };
  if (points !== undefined) f.points = points;
  return f;
}

/** Parse a number; null when not a finite number. */
export function num(s: string | undefined | null): number | null {
  if (s === undefined || s === null) return null;
  const n = Number(s.trim());
  return s.trim() !== '' && Number.isFinite(n) ? n : null;
}
