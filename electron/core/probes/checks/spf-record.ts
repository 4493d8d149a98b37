/**
 * SPF record syntax (RFC 7208 §4.6, §5, §6, §7 macros): a record split into
 * terms, each with its qualifier, name, domain-spec and CIDR lengths, and a
 * plain-words problem when it is malformed. Pure: no DNS. The tree
 * (spf-tree.ts) expands what this reads.
 */
import { isIPv4, isIPv6 } from 'node:net';

export type SpfQualifier = '+' | '-' | '~' | '?';

/** One term as written. */
export interface SpfTerm {
  /** As written, e.g. "~all", "include:_spf.example.net", "ip4:192.0.2.0/24". */
  raw: string;
  /** Mechanism or modifier name, lower case. */
  kind: string;
  /** Modifier (name=value) rather than mechanism. */
  modifier: boolean;
  /** Qualifier for mechanisms ('+' when omitted); null for modifiers. */
  qualifier: SpfQualifier | null;
  /** The domain-spec (include, a, mx, ptr, exists, redirect, exp), or the address (ip4/ip6); null when absent. */
  value: string | null;
  /** CIDR prefix lengths for a/mx/ip4/ip6 (null = whole address). */
  cidr4: number | null;
  cidr6: number | null;
  /** True when the term makes a DNS query (RFC 7208 §4.6.4: include, a, mx, ptr, exists, redirect). */
  countsLookup: boolean;
  /** The domain-spec contains macros (%{…}): it is expanded per message, not here. */
  hasMacros: boolean;
  /** What is wrong with it, in words; null when fine. */
  problem: string | null;
}

export interface ParsedSpf {
  terms: SpfTerm[];
  /** Record-level problems (not v=spf1, duplicate redirect/exp, terms after all). */
  problems: string[];
}

const MECHANISMS = new Set(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);
const LOOKUP_TERMS = new Set(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);
const MACRO = /%\{[slodiphcrtv]\d*r?[.\-+,/_=]*\}|%%|%_|%-/gi;

/** Is this TXT text an SPF record (RFC 7208 §4.5: "v=spf1" then a space or the end)? */
export function isSpfRecord(text: string): boolean {
  return /^v=spf1(\s|$)/i.test(text);
}

/** Check a domain-spec: macros allowed, otherwise a plausible DNS name. */
function domainSpecProblem(spec: string): string | null {
  if (spec.includes('%')) {
    const stripped = spec.replace(MACRO, 'x');
    if (stripped.includes('%')) return `"${spec}" contains a malformed macro (RFC 7208 §7)`;
    return null;
  }
  if (spec.length > 253) return `"${spec.slice(0, 40)}…" is longer than a DNS name can be`;
  const labels = spec.replace(/\.$/, '').split('.');
  if (labels.length < 2) return `"${spec}" is not a fully qualified domain name`;
  if (labels.some((l) => l.length === 0 || l.length > 63)) return `"${spec}" has an empty or over-long label`;
  if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)+\.?$/i.test(spec)) return `"${spec}" contains characters not allowed in a domain name`;
  return null;
}

function parseCidr(text: string, max: number): number | null | 'bad' {
  if (!/^\d{1,3}$/.test(text)) return 'bad';
  const n = Number(text);
  return n > max ? 'bad' : n;
}

/** Parse one term. */
export function parseTerm(raw: string): SpfTerm {
  let rest = raw;
  let qualifier: SpfQualifier | null = null;
  if (/^[+\-~?]/.test(rest)) {
    qualifier = rest[0] as SpfQualifier;
    rest = rest.slice(1);
  }
  const term: SpfTerm = { raw, kind: '', modifier: false, qualifier, value: null, cidr4: null, cidr6: null, countsLookup: false, hasMacros: false, problem: null };
  const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(rest);
  if (modifier && !MECHANISMS.has((modifier[1] as string).toLowerCase())) {
    term.modifier = true;
    term.kind = (modifier[1] as string).toLowerCase();
    term.value = modifier[2] as string;
    term.qualifier = null;
    if (qualifier) term.problem = `a modifier cannot have a qualifier ("${qualifier}")`;
    if (term.kind === 'redirect' || term.kind === 'exp') {
      term.countsLookup = term.kind === 'redirect';
      term.hasMacros = term.value.includes('%');
      term.problem ??= term.value === '' ? `${term.kind}= needs a domain` : domainSpecProblem(term.value);
    }
    return term;
  }
  qualifier ??= '+';
  term.qualifier = qualifier;
  const m = /^([a-z0-9]+)(.*)$/i.exec(rest);
  const name = (m?.[1] ?? rest).toLowerCase();
  let arg = m?.[2] ?? '';
  term.kind = name;
  if (!MECHANISMS.has(name)) {
    term.problem = `"${raw}" is not an SPF mechanism (all, include, a, mx, ptr, ip4, ip6, exists) or a name=value modifier — receivers return permerror`;
    return term;
  }
  term.countsLookup = LOOKUP_TERMS.has(name);
  if (name === 'all') {
    if (arg !== '') term.problem = `"all" takes no argument ("${raw}")`;
    return term;
  }
  if (name === 'ip4' || name === 'ip6') {
    if (!arg.startsWith(':')) {
      term.problem = `${name} needs an address ("${name}:…")`;
      return term;
    }
    const [addr = '', cidr, extra] = arg.slice(1).split('/');
    term.value = addr;
    const v4 = name === 'ip4';
    if (!(v4 ? isIPv4(addr) : isIPv6(addr))) term.problem = `"${addr}" is not a valid ${v4 ? 'IPv4' : 'IPv6'} address`;
    if (cidr !== undefined) {
      const c = parseCidr(cidr, v4 ? 32 : 128);
      if (c === 'bad' || extra !== undefined) term.problem ??= `"/${cidr}" is not a valid ${v4 ? 'IPv4' : 'IPv6'} prefix length`;
      else if (v4) term.cidr4 = c;
      else term.cidr6 = c;
    }
    return term;
  }
  // a, mx, ptr, include, exists: [":" domain-spec] [cidr] (cidr only for a and mx)
  let cidrPart = '';
  if (name === 'a' || name === 'mx') {
    const slash = arg.indexOf('/');
    if (slash >= 0) {
      cidrPart = arg.slice(slash);
      arg = arg.slice(0, slash);
    }
  }
  if (arg.startsWith(':')) term.value = arg.slice(1);
  else if (arg !== '') {
    term.problem = `"${raw}" is malformed (expected "${name}:domain")`;
    return term;
  }
  if ((name === 'include' || name === 'exists') && !term.value) {
    term.problem = `${name} needs a domain ("${name}:example.net")`;
    return term;
  }
  if (term.value !== null) {
    term.hasMacros = term.value.includes('%');
    term.problem = term.value === '' ? `"${raw}" has an empty domain` : domainSpecProblem(term.value);
  }
  if (cidrPart) {
    const dual = /^\/(\d+)?(?:\/\/(\d+))?$/.exec(cidrPart);
    if (!dual || (dual[1] === undefined && dual[2] === undefined)) term.problem ??= `"${cidrPart}" is not a valid prefix length`;
    else {
      const c4 = dual[1] !== undefined ? parseCidr(dual[1], 32) : null;
      const c6 = dual[2] !== undefined ? parseCidr(dual[2], 128) : null;
      if (c4 === 'bad' || c6 === 'bad') term.problem ??= `"${cidrPart}" is not a valid prefix length`;
      else {
        term.cidr4 = c4;
        term.cidr6 = c6;
      }
    }
  }
  return term;
}

/** Parse a whole record (the text after joining its strings). */
export function parseSpf(text: string): ParsedSpf {
  const problems: string[] = [];
  if (!isSpfRecord(text)) return { terms: [], problems: ['the record does not start with "v=spf1"'] };
  if (/[^\x20-\x7e]/.test(text)) problems.push('the record contains characters outside printable ASCII (a copy-pasted smart quote or non-breaking space?)');
  const terms = text.slice(6).trim().split(/\s+/).filter(Boolean).map(parseTerm);
  for (const kind of ['redirect', 'exp']) {
    if (terms.filter((t) => t.modifier && t.kind === kind).length > 1) problems.push(`${kind}= appears more than once — receivers return permerror`);
  }
  const allIndex = terms.findIndex((t) => !t.modifier && t.kind === 'all');
  if (allIndex >= 0) {
    const after = terms.slice(allIndex + 1).filter((t) => !t.modifier);
    if (after.length > 0) problems.push(`${after.map((t) => t.raw).join(', ')} after "${terms[allIndex]?.raw}" are never evaluated: "all" always matches`);
    if (terms.some((t) => t.modifier && t.kind === 'redirect')) problems.push(`redirect= is ignored because the record has an "all" mechanism`);
  }
  return { terms, problems };
}
