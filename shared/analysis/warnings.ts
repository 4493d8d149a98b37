/**
 * The one warning shape every analysis parser returns. Parsers never throw on
 * bad input (DESIGN.md: "explains what it could not read and shows what it
 * could"); instead they collect these so the UI can list them beside what was
 * read.
 */

/** Something a parser could not read, or read only by guessing. */
export interface ParseWarning {
  /**
   * Stable machine-readable code, kebab-case (e.g. `unknown-charset`,
   * `lost-indentation`). UI and tests key on it; wording may change.
   */
  code: string;
  /** One plain-language sentence for the user: what was wrong and what was done instead. */
  message: string;
  /** 1-based line number in the pasted input, when the problem has one. */
  line?: number;
  /** The offending text (shortened to at most 120 characters), when useful as evidence. */
  text?: string;
}

/** Build a warning, clipping the evidence text so a 1 MB garbage line cannot bloat the result. */
export function warn(code: string, message: string, extra?: { line?: number; text?: string }): ParseWarning {
  const w: ParseWarning = { code, message };
  if (extra?.line !== undefined) w.line = extra.line;
  if (extra?.text !== undefined) w.text = clip(extra.text);
  return w;
}

/** Shorten long text for display in a warning or finding. */
export function clip(text: string, max = 120): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
