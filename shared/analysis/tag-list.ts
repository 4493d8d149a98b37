/**
 * DKIM tag-list syntax (RFC 6376 §3.2): `tag=value; tag=value`, with
 * folding whitespace allowed around '=' and ';' and inside values (b=, bh=,
 * h= are folded across lines). Used for DKIM-Signature, ARC-Seal and
 * ARC-Message-Signature. Never throws; duplicates and junk become warnings.
 */
import { type ParseWarning, clip, warn } from './warnings';

/** One tag as written. */
export interface Tag {
  /** Tag name, as written (RFC 6376 tag names are case-sensitive). */
  name: string;
  /** The value with surrounding whitespace trimmed (inner folding whitespace kept). */
  value: string;
  /** The value with all whitespace removed — what b=, bh= and h= mean. */
  compact: string;
}

/** A parsed tag-list. */
export interface TagList {
  /** Tags in order, duplicates included. */
  tags: Tag[];
  /** First value per tag name (RFC 6376 says duplicates make the signature invalid; the first is shown). */
  map: Record<string, string>;
  /** Problems: duplicate tags, entries without '=', bad tag names. */
  warnings: ParseWarning[];
}

/** Parse a tag-list value. */
export function parseTagList(input: string): TagList {
  const text = typeof input === 'string' ? input : '';
  const out: TagList = { tags: [], map: {}, warnings: [] };
  const parts = text.split(';');
  parts.forEach((part, i) => {
    if (!part.trim()) {
      if (i < parts.length - 1) out.warnings.push(warn('tag-empty', 'An empty entry (";;") in the tag list was skipped.'));
      return;
    }
    const eq = part.indexOf('=');
    if (eq < 0) {
      out.warnings.push(warn('tag-no-equals', `"${clip(part.trim(), 40)}" has no "=" and was skipped.`));
      return;
    }
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
      out.warnings.push(warn('tag-bad-name', `"${clip(name, 40)}" is not a valid tag name.`));
      return;
    }
    const tag: Tag = { name, value, compact: value.replace(/\s+/g, '') };
    out.tags.push(tag);
    if (name in out.map) out.warnings.push(warn('tag-duplicate', `Tag "${name}" appears more than once; a verifier must reject the signature (RFC 6376 §3.2).`));
    else out.map[name] = value;
  });
  return out;
}
