/**
 * A DMARC policy record (RFC 7489, RFC 9989) read tag by tag, with every
 * problem in words. Pure: no DNS. Receivers are lenient in different ways, so
 * this flags what a strict reading rejects and says what each tag does.
 */

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

/** One reporting URI from rua= or ruf=. */
export interface DmarcUri {
  raw: string;
  /** "mailto", "https"…; null when there is no scheme. */
  scheme: string | null;
  /** The mailbox for mailto: URIs. */
  address: string | null;
  /** The mailbox's domain (lower case) for mailto: URIs. */
  domain: string | null;
  problem: string | null;
}

export interface DmarcRecord {
  text: string;
  /** First value of each tag, names lower-cased. */
  tags: Record<string, string>;
  p: DmarcPolicy | null;
  sp: DmarcPolicy | null;
  np: DmarcPolicy | null;
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  /** pct= (RFC 7489; dropped by RFC 9989); null when absent (= 100). */
  pct: number | null;
  /** t=y (RFC 9989 testing flag). */
  testing: boolean;
  rua: DmarcUri[];
  ruf: DmarcUri[];
  /** Problems that make receivers ignore the record or a tag. */
  errors: string[];
  /** Oddities that do not break it. */
  warnings: string[];
}

const KNOWN = new Set(['v', 'p', 'sp', 'np', 'adkim', 'aspf', 'pct', 'rua', 'ruf', 'fo', 'rf', 'ri', 't', 'psd']);
const POLICIES = new Set(['none', 'quarantine', 'reject']);

/** Does this TXT text announce itself as DMARC (loosely, so near-misses are caught and explained)? */
export function looksLikeDmarc(text: string): boolean {
  return /^\s*v\s*=\s*dmarc1\b/i.test(text);
}

function parseUris(tag: string, value: string): DmarcUri[] {
  return value
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean)
    .map((raw) => {
      const uri = raw.replace(/![0-9]+[kmgt]?$/i, '');
      const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase() ?? null;
      const out: DmarcUri = { raw, scheme, address: null, domain: null, problem: null };
      if (!scheme) {
        out.problem = `${tag}= "${raw}" has no scheme: write "mailto:${raw}"`;
        return out;
      }
      if (scheme === 'mailto') {
        const address = decodeURIComponent(uri.slice(7).split('?')[0] ?? '');
        out.address = address;
        const at = address.lastIndexOf('@');
        if (at <= 0 || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(address.slice(at + 1))) out.problem = `${tag}= "${raw}" is not a valid mail address`;
        else out.domain = address.slice(at + 1).toLowerCase();
      } else if (scheme !== 'https' && scheme !== 'http') {
        out.problem = `${tag}= "${raw}": receivers only send reports to mailto: addresses`;
      } else {
        out.problem = `${tag}= "${raw}": almost no receiver sends reports over HTTP(S); use a mailto: address`;
      }
      return out;
    });
}

export function parseDmarc(text: string): DmarcRecord {
  const errors: string[] = [];
  const warnings: string[] = [];
  const tags: Record<string, string> = {};
  const parts = text.split(';').map((p) => p.trim()).filter(Boolean);
  parts.forEach((part, i) => {
    const eq = part.indexOf('=');
    if (eq <= 0) {
      errors.push(`"${part.slice(0, 40)}" is not a tag=value pair`);
      return;
    }
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (i === 0 && name !== 'v') errors.push('v=DMARC1 must be the first tag');
    if (name in tags) {
      errors.push(`${name}= appears twice: strict receivers discard the record`);
      return;
    }
    tags[name] = value;
    if (!KNOWN.has(name)) warnings.push(`unknown tag ${name}= is ignored by receivers (a typo?)`);
  });
  if (tags.v !== 'DMARC1') errors.push(tags.v === undefined ? 'no v=DMARC1' : `v=${tags.v}: must be exactly "DMARC1" (upper case)`);

  const policy = (tag: string): DmarcPolicy | null => {
    const v = tags[tag]?.toLowerCase();
    if (v === undefined) return null;
    if (POLICIES.has(v)) return v as DmarcPolicy;
    errors.push(`${tag}=${tags[tag]} is not none, quarantine or reject`);
    return null;
  };
  const p = policy('p');
  const sp = policy('sp');
  const np = policy('np');
  if (tags.p === undefined) errors.push('no p= tag: receivers treat the record as p=none at best (if rua= is set) or ignore it');

  const mode = (tag: string): 'r' | 's' => {
    const v = tags[tag]?.toLowerCase();
    if (v === undefined || v === 'r') return 'r';
    if (v === 's') return 's';
    errors.push(`${tag}=${tags[tag]} is not r (relaxed) or s (strict); receivers use r`);
    return 'r';
  };
  const adkim = mode('adkim');
  const aspf = mode('aspf');

  let pct: number | null = null;
  if (tags.pct !== undefined) {
    if (/^\d{1,3}$/.test(tags.pct) && Number(tags.pct) <= 100) pct = Number(tags.pct);
    else errors.push(`pct=${tags.pct} is not a whole number from 0 to 100`);
  }
  if (tags.fo !== undefined && !tags.fo.split(':').every((f) => ['0', '1', 'd', 's'].includes(f.trim().toLowerCase()))) errors.push(`fo=${tags.fo}: options are 0, 1, d and s, separated by ":"`);
  if (tags.rf !== undefined && tags.rf.toLowerCase() !== 'afrf') warnings.push(`rf=${tags.rf}: the only report format is afrf`);
  if (tags.ri !== undefined && !/^\d+$/.test(tags.ri)) errors.push(`ri=${tags.ri} is not a number of seconds`);
  if (tags.t !== undefined && !['y', 'n'].includes(tags.t.toLowerCase())) errors.push(`t=${tags.t} is not y or n`);
  if (tags.psd !== undefined && !['y', 'n', 'u'].includes(tags.psd.toLowerCase())) errors.push(`psd=${tags.psd} is not y, n or u`);

  const rua = tags.rua !== undefined ? parseUris('rua', tags.rua) : [];
  const ruf = tags.ruf !== undefined ? parseUris('ruf', tags.ruf) : [];
  for (const u of [...rua, ...ruf]) if (u.problem) errors.push(u.problem);

  return { text, tags, p, sp, np, adkim, aspf, pct, testing: tags.t?.toLowerCase() === 'y', rua, ruf, errors, warnings };
}
