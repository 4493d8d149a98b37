/**
 * The EHLO reply read as capabilities (RFC 5321 §4.1.1.1: first line is the
 * server's name and greeting, each further line one extension keyword with
 * optional parameters). Keywords are case-insensitive; "AUTH=LOGIN" is the
 * pre-standard form some servers still add next to "AUTH LOGIN".
 */

/** Capabilities from one EHLO reply. */
export interface EhloCapabilities {
  /** The name the server gave on the first line. */
  serverName: string;
  /** Extension keyword (upper case) → its parameters. */
  extensions: Map<string, string[]>;
  /** AUTH mechanisms (upper case, de-duplicated), empty when AUTH is not offered. */
  auth: string[];
  /** SIZE limit in bytes; 0 when SIZE is offered without a limit; null when not offered. */
  size: number | null;
}

/** Reads the lines of a 250 reply to EHLO (code prefixes already removed). */
export function parseEhlo(lines: readonly string[]): EhloCapabilities {
  const [first = '', ...rest] = lines;
  const extensions = new Map<string, string[]>();
  const auth = new Set<string>();
  for (const line of rest) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const legacy = /^AUTH=(.*)$/i.exec(trimmed);
    if (legacy) {
      for (const m of legacy[1]!.split(/\s+/).filter(Boolean)) auth.add(m.toUpperCase());
      continue;
    }
    const [keyword = '', ...params] = trimmed.split(/\s+/);
    const key = keyword.toUpperCase();
    extensions.set(key, params);
    if (key === 'AUTH') for (const m of params) auth.add(m.toUpperCase());
  }
  if (auth.size && !extensions.has('AUTH')) extensions.set('AUTH', [...auth]);
  const sizeParams = extensions.get('SIZE');
  const size = sizeParams === undefined ? null : Number.parseInt(sizeParams[0] ?? '0', 10) || 0;
  return { serverName: first.trim().split(/\s+/)[0] ?? '', extensions, auth: [...auth], size };
}

/** "SIZE 35882577" → "SIZE 34.2 MB"; other keywords with their parameters. */
export function describeExtension(key: string, params: readonly string[]): string {
  if (key === 'SIZE') {
    const n = Number.parseInt(params[0] ?? '0', 10);
    return n > 0 ? `SIZE ${(n / 1_048_576).toFixed(1)} MB` : 'SIZE (no limit given)';
  }
  return params.length ? `${key} ${params.join(' ')}` : key;
}
