/**
 * Secret masking for outbound sends. Two layers, because either alone can
 * leak:
 *
 * 1. By protocol: an `AUTH <mech> <initial response>` line keeps only the
 *    mechanism, and every client line of an AUTH exchange (until the reply
 *    that ends it) becomes `********`. nodemailer already hides the password
 *    in its own log lines, but leaves the user name inside PLAIN's base64 and
 *    in LOGIN's first line, and its wording may change between versions.
 * 2. By value: every text that leaves the engine (transcript lines, error
 *    messages, server replies that echo input, exports) is scrubbed of each
 *    known secret verbatim, URL-encoded and in base64 — including the base64
 *    of the PLAIN and XOAUTH2 payloads built from it, which is what a wire
 *    trace would contain.
 */

/** What replaces a secret. Same mask as capture transcripts. */
export const MASK = '********';

/** Minimum secret length scrubbed by value: shorter strings would mask ordinary words. */
const MIN_SCRUB_LENGTH = 4;

export interface SecretScrubber {
  /** Replace every known form of every secret in `text` by the mask. */
  scrub(text: string): string;
  /** True when there is no secret to look for (callers may skip copying). */
  readonly empty: boolean;
}

/** The encodings under which a secret could appear in a line or an error message. */
export function secretForms(secret: string, user = ''): string[] {
  if (secret.length < MIN_SCRUB_LENGTH) return [];
  const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
  const forms = new Set<string>([
    secret,
    encodeURIComponent(secret),
    b64(secret),
    // AUTH PLAIN payloads (with and without an authorization identity).
    b64(`\u0000${user}\u0000${secret}`),
    b64(`${user}\u0000${user}\u0000${secret}`),
    // XOAUTH2 initial response (RFC-less but documented by Google/Microsoft).
    b64(`user=${user}\u0001auth=Bearer ${secret}\u0001\u0001`),
  ]);
  // base64 of a secret at each of the three alignments inside a longer payload:
  // the middle part is stable whatever precedes or follows it.
  for (let shift = 0; shift < 3; shift++) {
    const encoded = b64('\u0000'.repeat(shift) + secret);
    // The first group mixes in preceding bytes, the last one following bytes.
    const skip = shift > 0 ? 4 : 0;
    const core = encoded.slice(skip, Math.max(skip, encoded.length - 4));
    if (core.length >= 8) forms.add(core);
  }
  return [...forms].filter((form) => form.length >= MIN_SCRUB_LENGTH).sort((a, b) => b.length - a.length);
}

/** A scrubber for the given secrets (empty ones are ignored). */
export function createScrubber(secrets: readonly { secret: string; user?: string }[]): SecretScrubber {
  const forms = [...new Set(secrets.flatMap(({ secret, user }) => secretForms(secret, user ?? '')))].sort((a, b) => b.length - a.length);
  if (forms.length === 0) return { scrub: (text) => text, empty: true };
  return {
    empty: false,
    scrub(text) {
      let out = text;
      for (const form of forms) if (out.includes(form)) out = out.split(form).join(MASK);
      return out;
    },
  };
}

/**
 * Masks client lines by protocol: tracks whether an AUTH exchange is in
 * progress from the lines themselves, independent of what the client library
 * already hid.
 */
export class AuthLineMasker {
  private inAuth = false;

  /** A command line the client sent. */
  client(line: string): string {
    if (this.inAuth) return MASK;
    const trimmed = line.trim();
    const words = trimmed.split(/\s+/);
    if ((words[0] ?? '').toUpperCase() === 'AUTH') {
      this.inAuth = true;
      return words.length > 2 ? `${words[0]} ${words[1]} ${MASK}` : trimmed;
    }
    return line;
  }

  /** A server reply: anything but 334 ends an AUTH exchange. */
  server(reply: string): void {
    if (this.inAuth && !/^334(?:[ -]|$)/.test(reply)) this.inAuth = false;
  }
}
