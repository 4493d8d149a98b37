/**
 * Authentication as the headers record it: Authentication-Results grouped by
 * the server that wrote them and their place in the chain (the receiver's own
 * marked as the one that counts, the rest upstream — anyone upstream can write
 * such a header), each DKIM-Signature with the receiver's verdict on it, ARC
 * sets, compauth decoded, iprev, Received-SPF and BIMI.
 *
 * The field parsers are the shared ones (auth-results.ts with its Microsoft
 * and Yahoo quirk modes, dkim-signature.ts, received-spf.ts); this stage
 * attributes each header to a hop, groups, decides which group counts, and
 * summarises.
 */
import { type AuthResult, type AuthResultsHeader, getProperty, parseArcAuthResults, parseAuthResults } from '../auth-results';
import { type DkimSignature, parseDkimSignature } from '../dkim-signature';
import type { RawHeaderField } from '../header-block';
import { isIP } from '../ip';
import { type ReceivedSpf, parseReceivedSpf } from '../received-spf';
import { domainOf } from '../alignment';
import type {
  AnalysisWarning,
  ArGroup,
  ArResult,
  ArcSetView,
  AuthenticationSection,
  DkimSignatureView,
  HopTimeline,
  ReceivedSpfView,
  RecordedResult,
} from '../../model/analysis';
import { compauthReason } from './compauth';
import { authservFamily, hostFamily } from './families';
import type { BoundaryHints } from './hops-stage';

/** An authentication section with nothing recorded. */
export function emptyAuthentication(): AuthenticationSection {
  return {
    groups: [], receiverAuthservId: null, spf: null, dkim: [], dkimUnmatched: [], dmarc: null, arc: [], arcResult: null,
    compauth: null, iprev: null, bimi: null, receivedSpf: [],
  };
}

interface ReadAr {
  field: RawHeaderField;
  parsed: AuthResultsHeader;
  arc: boolean;
}

/** Every authentication field read, before attribution to hops. */
export interface AuthRead {
  ar: ReadAr[];
  dkim: { field: RawHeaderField; parsed: DkimSignature }[];
  seals: { field: RawHeaderField; parsed: DkimSignature }[];
  ams: { field: RawHeaderField; parsed: DkimSignature }[];
  receivedSpf: { field: RawHeaderField; parsed: ReceivedSpf }[];
  /** Header index of the topmost Received field (null when none): fields above it were written by the final receiver. */
  topReceivedIndex: number | null;
}

/** Parser warnings that describe a known vendor habit, read correctly: not "could not be read". */
const QUIRK_CODES = new Set(['ar-missing-authserv-id', 'ar-stray-token', 'ar-authserv-props', 'ar-empty-property']);

const AR_NAMES = new Set(['authentication-results', 'x-original-authentication-results', 'arc-authentication-results']);

function located(field: RawHeaderField, warnings: { code: string; message: string; text?: string }[]): AnalysisWarning[] {
  return warnings.map((w) => ({ ...w, line: field.line }));
}

/** Read the authentication fields (no attribution yet). */
export function readAuthentication(fields: RawHeaderField[], warnings: AnalysisWarning[]): AuthRead {
  const read: AuthRead = { ar: [], dkim: [], seals: [], ams: [], receivedSpf: [], topReceivedIndex: fields.find((f) => f.key === 'received')?.index ?? null };
  for (const f of fields) {
    if (AR_NAMES.has(f.key)) {
      const arc = f.key === 'arc-authentication-results';
      const parsed = arc ? parseArcAuthResults(f.value) : parseAuthResults(f.value);
      // Vendor quirks the parser handled (Microsoft's missing authserv-id…) are shown on the group, not as unreadable input.
      warnings.push(...located(f, parsed.warnings.filter((w) => !QUIRK_CODES.has(w.code))));
      read.ar.push({ field: f, parsed, arc });
    } else if (f.key === 'dkim-signature') {
      const parsed = parseDkimSignature(f.value, 'dkim-signature');
      read.dkim.push({ field: f, parsed });
    } else if (f.key === 'arc-seal') {
      read.seals.push({ field: f, parsed: parseDkimSignature(f.value, 'arc-seal') });
    } else if (f.key === 'arc-message-signature') {
      read.ams.push({ field: f, parsed: parseDkimSignature(f.value, 'arc-message-signature') });
    } else if (f.key === 'received-spf') {
      const parsed = parseReceivedSpf(f.value);
      warnings.push(...located(f, parsed.warnings));
      read.receivedSpf.push({ field: f, parsed });
    }
  }
  return read;
}

const IP_IN_TEXT = /(?:sender IP is|designates|use of|client-ip=|ip=|\[)\s*([0-9a-fA-F:.]{3,})/i;

function ipIn(text: string | null | undefined): string | null {
  if (!text) return null;
  const m = IP_IN_TEXT.exec(text);
  const ip = m?.[1]?.replace(/[\].;,]+$/, '') ?? null;
  return ip && isIP(ip) ? ip : null;
}

/** Microsoft writes no authserv-id: attribute those headers to Microsoft by their quirk. */
function arFamily(h: AuthResultsHeader): string | null {
  if (h.authservIdSource === 'standard') return authservFamily(h.authservId);
  return h.quirks.includes('microsoft') ? 'microsoft' : null;
}

function spfIpOf(r: AuthResult): string | null {
  return getProperty(r, 'smtp.remote-ip') ?? getProperty(r, 'smtp.client-ip') ?? r.comments.map(ipIn).find((x) => x) ?? null;
}

/** Who wrote a Received-SPF: `receiver=`, or the host that opens its comment ("google.com: domain of …"). */
function receivedSpfFamily(rs: ReceivedSpf): string | null {
  if (rs.receiver) return hostFamily(rs.receiver);
  const m = /^\(?\s*([A-Za-z0-9.-]+\.[A-Za-z]{2,}):/.exec(rs.comment ?? '');
  return m ? hostFamily(m[1]) : null;
}

/** What the hop stage can learn from authentication: the receiver's authserv-ids and the IP it checked SPF for. */
export function boundaryHints(read: AuthRead): BoundaryHints {
  const top = read.ar.find((a) => !a.arc && a.field.key === 'authentication-results');
  if (!top) {
    const first = read.receivedSpf[0];
    const rs = first && (read.topReceivedIndex === null || first.field.index < read.topReceivedIndex) ? first.parsed : undefined;
    return { authservIds: [], spfIp: rs ? (rs.clientIp ?? ipIn(rs.comment)) : null };
  }
  const fam = arFamily(top.parsed);
  const same = read.ar.filter((a) => !a.arc && a.field.key === 'authentication-results' && arFamily(a.parsed) === fam && fam !== null);
  const authservIds = [...new Set(same.filter((a) => a.parsed.authservIdSource === 'standard' && a.parsed.authservId).map((a) => a.parsed.authservId!))];
  let spfIp: string | null = null;
  for (const a of same.length ? same : [top]) {
    const spf = a.parsed.results.find((r) => r.method === 'spf');
    if (spf) spfIp ??= spfIpOf(spf);
  }
  if (!spfIp) {
    // Only a Received-SPF written by the same organisation: an upstream one names an upstream IP.
    const topRcv = read.topReceivedIndex;
    const rs = read.receivedSpf.find((x) => {
      const f = receivedSpfFamily(x.parsed);
      return f !== null ? f === fam : topRcv !== null && x.field.index < topRcv;
    })?.parsed;
    if (rs) spfIp = rs.clientIp ?? ipIn(rs.comment);
  }
  return { authservIds, spfIp };
}

/**
 * Which hop wrote a header at `fieldIndex`: the Received just above it when
 * that hop's host belongs to `family` (Gmail writes its AR below its own
 * Received), else the Received just below it (most MTAs prepend AR above).
 */
function hopOf(fieldIndex: number, family: string | null, hops: HopTimeline): number | null {
  let above: number | null = null;
  let below: number | null = null;
  for (const h of hops.hops) {
    if (h.fieldIndex < fieldIndex && (above === null || h.fieldIndex > hops.hops[above]!.fieldIndex)) above = h.index;
    if (h.fieldIndex > fieldIndex && (below === null || h.fieldIndex < hops.hops[below]!.fieldIndex)) below = h.index;
  }
  if (above !== null && family !== null && hostFamily(hops.hops[above]!.by) === family) return above;
  return below ?? above;
}

function toResult(r: AuthResult): ArResult {
  const props = r.properties.map((p) => `${p.ptype ? `${p.ptype}.` : ''}${p.property}=${p.value}`).join(' ');
  const text = `${r.method}=${r.result}${r.comments.length ? ` (${r.comments.join(') (')})` : ''}${r.reason ? ` reason="${r.reason}"` : ''}${props ? ` ${props}` : ''}`;
  return { method: r.method, result: r.normalized, resultRaw: r.result, reason: r.reason, comments: r.comments, properties: r.properties, text };
}

function recordedFrom(r: ArResult, group: ArGroup, line: number): RecordedResult {
  return { result: r.result, resultRaw: r.resultRaw, source: `${group.headerName} (${group.authservId ?? 'no authserv-id'})`, line, text: r.text };
}

interface GroupDraft extends ArGroup {
  family: string | null;
  parsed: AuthResultsHeader[];
}

function labelOf(g: GroupDraft, hops: HopTimeline): string {
  const ids = [...new Set(g.parsed.map((p) => (p.authservIdSource === 'standard' ? p.authservId : null)).filter((x): x is string => !!x))];
  const who = ids.length ? ids.join(', ') : g.family === 'microsoft' ? 'Microsoft 365 (writes no authserv-id)' : 'a server that gave no authserv-id';
  const hop = g.hopIndex !== null ? hops.hops[g.hopIndex] : null;
  const where = hop ? ` at hop ${hop.index + 1}${hop.by ? ` (${hop.by})` : ''}` : '';
  if (g.role === 'arc') return `ARC-Authentication-Results i=${g.arcInstance ?? '?'} by ${who}: what an intermediary recorded`;
  if (g.counts) return `Receiver: ${who}${where} — the verdict that counts`;
  if (g.role === 'receiver') return `Receiver: ${who}${where}, an earlier check`;
  return `Upstream: ${who}${where}, written before the message reached the receiver — informative only`;
}

/** Build the authentication section. */
export function buildAuthentication(read: AuthRead, context: { hops: HopTimeline; receiverFamily: string | null }): AuthenticationSection {
  const { hops, receiverFamily } = context;
  const boundary = hops.boundaryIndex;

  // ---- groups ------------------------------------------------------------
  const drafts: GroupDraft[] = [];
  for (const a of read.ar) {
    const family = arFamily(a.parsed);
    const hopIndex = hopOf(a.field.index, family ?? receiverFamily, hops);
    const headerName = a.field.name;
    const key = (d: GroupDraft) => d.headerName.toLowerCase() === headerName.toLowerCase() && d.family === family && d.hopIndex === hopIndex && d.arcInstance === a.parsed.instance && (family !== null || d.authservId === a.parsed.authservId);
    let g = drafts.find(key);
    if (!g) {
      let role: ArGroup['role'];
      if (a.arc) role = 'arc';
      else if (a.field.key === 'x-original-authentication-results') role = 'upstream';
      else if (hops.hops.length === 0) role = 'receiver';
      else if (boundary !== null && hopIndex !== null) role = hopIndex >= boundary ? 'receiver' : 'upstream';
      else role = family !== null && family === receiverFamily ? 'receiver' : 'upstream';
      g = {
        authservId: a.parsed.authservIdSource === 'standard' ? a.parsed.authservId : null,
        headerName, fieldIndex: a.field.index, hopIndex, arcInstance: a.parsed.instance, role, counts: false, label: '',
        results: [], raw: [], lines: [], warnings: [], family, parsed: [],
      };
      drafts.push(g);
    }
    g.parsed.push(a.parsed);
    g.results.push(...a.parsed.results.map(toResult));
    g.raw.push(a.field.raw);
    g.lines.push(a.field.line);
    g.warnings.push(...located(a.field, a.parsed.warnings));
    const notes = [...new Set(a.parsed.results.flatMap((r) => r.notes))];
    g.warnings.push(...notes.map((n) => ({ code: 'ar-quirk', message: n, line: a.field.line })));
  }
  const counting = drafts.filter((g) => g.role === 'receiver').sort((x, y) => x.fieldIndex - y.fieldIndex)[0] ?? null;
  if (counting) counting.counts = true;
  const groups: ArGroup[] = drafts.map((g) => {
    const { family: _f, parsed: _p, ...rest } = g;
    return { ...rest, label: labelOf(g, hops) };
  });
  const cg = counting ? groups[drafts.indexOf(counting)]! : null;

  // Results of the counting group with the line of the header they came from.
  const counted: { r: ArResult; line: number }[] = [];
  if (counting && cg) counting.parsed.forEach((p, i) => p.results.forEach((r) => counted.push({ r: toResult(r), line: counting.lines[i]! })));
  const firstOf = (method: string) => counted.find((c) => c.r.method === method) ?? null;

  // ---- SPF ---------------------------------------------------------------------
  const prop = (r: ArResult, name: string) => {
    const dot = name.indexOf('.');
    return r.properties.find((p) => p.ptype === name.slice(0, dot) && p.property === name.slice(dot + 1))?.value ?? null;
  };
  let spf: AuthenticationSection['spf'] = null;
  const spfs = counted.filter((c) => c.r.method === 'spf');
  const spfHit = spfs.find((c) => prop(c.r, 'smtp.mailfrom')) ?? spfs[0] ?? null;
  if (spfHit && cg) {
    const mf = prop(spfHit.r, 'smtp.mailfrom');
    spf = {
      ...recordedFrom(spfHit.r, cg, spfHit.line),
      mailFromDomain: domainOf(mf),
      helo: prop(spfHit.r, 'smtp.helo'),
      ip: prop(spfHit.r, 'smtp.remote-ip') ?? spfHit.r.comments.map(ipIn).find((x) => x) ?? null,
    };
  }

  // ---- Received-SPF ------------------------------------------------------------
  const receivedSpf: ReceivedSpfView[] = read.receivedSpf.map(({ field, parsed }) => {
    const hop = hopOf(field.index, receiverFamily, hops);
    return {
      fieldIndex: field.index,
      line: field.line,
      result: parsed.normalized,
      resultRaw: parsed.result,
      clientIp: parsed.clientIp ?? ipIn(parsed.comment),
      envelopeFrom: parsed.envelopeFrom,
      helo: parsed.helo,
      receiver: parsed.receiver,
      comment: parsed.comment,
      upstream: boundary !== null && hop !== null && hop < boundary,
      raw: field.raw,
    };
  });
  if (!spf) {
    const rs = receivedSpf.find((s) => !s.upstream);
    if (rs) {
      spf = {
        result: rs.result, resultRaw: rs.resultRaw, source: 'Received-SPF', line: rs.line, text: rs.raw,
        mailFromDomain: domainOf(rs.envelopeFrom) ?? (rs.comment ? domainOf(/domain of (\S+)/i.exec(rs.comment)?.[1] ?? null) : null),
        helo: rs.helo,
        ip: rs.clientIp,
      };
    }
  }

  // ---- DKIM ------------------------------------------------------------------
  const dkimResults = counted.filter((c) => c.r.method === 'dkim');
  const used = new Set<number>();
  const dkim: DkimSignatureView[] = read.dkim.map(({ field, parsed }) => {
    const b = parsed.signatureShort;
    let idx = dkimResults.findIndex((c, i) => !used.has(i) && b.length > 0 && (prop(c.r, 'header.b') ?? '').length >= 6 && b.startsWith(prop(c.r, 'header.b')!));
    if (idx < 0) {
      idx = dkimResults.findIndex((c, i) => {
        if (used.has(i)) return false;
        const d = prop(c.r, 'header.d') ?? domainOf(prop(c.r, 'header.i'));
        const s = prop(c.r, 'header.s');
        return d !== null && d.toLowerCase() === parsed.domain && (s === null || s.replace(/^@/, '') === parsed.selector);
      });
    }
    if (idx >= 0) used.add(idx);
    const hit = idx >= 0 ? dkimResults[idx]! : null;
    return {
      fieldIndex: field.index,
      line: field.line,
      domain: parsed.domain,
      selector: parsed.selector,
      algorithm: parsed.algorithm,
      canonicalization: parsed.canonicalization ? `${parsed.canonicalization.header}/${parsed.canonicalization.body}` : null,
      identity: parsed.auid,
      signedHeaders: parsed.signedHeaders,
      bodyHash: parsed.bodyHash,
      bShort: parsed.signatureShort || null,
      signedAt: parsed.timestamp !== null ? new Date(parsed.timestamp * 1000).toISOString() : null,
      expiresAt: parsed.expiration !== null ? new Date(parsed.expiration * 1000).toISOString() : null,
      bodyLength: parsed.bodyLength,
      recorded: hit && cg ? recordedFrom(hit.r, cg, hit.line) : null,
      recordedReason: hit ? (hit.r.reason ?? (hit.r.comments.join('; ') || null)) : null,
      raw: field.raw,
      problems: parsed.warnings.map((w) => w.message),
    };
  });
  const dkimUnmatched = cg ? dkimResults.filter((_c, i) => !used.has(i)).map((c) => recordedFrom(c.r, cg, c.line)) : [];

  // ---- DMARC, compauth, iprev, BIMI, ARC verdict ---------------------------------
  let dmarc: AuthenticationSection['dmarc'] = null;
  const dm = firstOf('dmarc');
  if (dm && cg && counting) {
    const raw = counting.parsed.flatMap((p) => p.results).find((r) => r.method === 'dmarc')!;
    const cv = raw.commentValues;
    dmarc = {
      ...recordedFrom(dm.r, cg, dm.line),
      headerFrom: prop(dm.r, 'header.from') || null,
      policy: (cv.p ?? getProperty(raw, 'policy.published-domain-policy') ?? null)?.toLowerCase() ?? null,
      subdomainPolicy: cv.sp?.toLowerCase() ?? null,
      disposition: (cv.dis ?? getProperty(raw, 'action') ?? getProperty(raw, 'policy.applied-disposition') ?? null)?.toLowerCase() ?? null,
    };
  }
  const ca = firstOf('compauth');
  const compauth = ca && cg ? { ...recordedFrom(ca.r, cg, ca.line), reason: ca.r.reason, reasonMeaning: compauthReason(ca.r.reason) } : null;
  const ip = firstOf('iprev');
  const iprev = ip && cg ? { ...recordedFrom(ip.r, cg, ip.line), ip: prop(ip.r, 'policy.iprev') ?? prop(ip.r, 'smtp.remote-ip') ?? ip.r.comments.map(ipIn).find((x) => x) ?? null } : null;
  const bi = firstOf('bimi');
  const bimi = bi && cg ? recordedFrom(bi.r, cg, bi.line) : null;
  const ar = firstOf('arc');
  const arcResult = ar && cg ? recordedFrom(ar.r, cg, ar.line) : null;

  // ---- ARC sets -------------------------------------------------------------
  const instances = new Set<number>();
  for (const x of [...read.seals, ...read.ams]) if (x.parsed.instance !== null) instances.add(x.parsed.instance);
  for (const a of read.ar) if (a.arc && a.parsed.instance !== null) instances.add(a.parsed.instance);
  const arc: ArcSetView[] = [...instances].sort((x, y) => x - y).map((i) => {
    const seal = read.seals.find((s) => s.parsed.instance === i);
    const ams = read.ams.find((s) => s.parsed.instance === i);
    const aar = read.ar.find((a) => a.arc && a.parsed.instance === i);
    const problems: string[] = [];
    if (!seal) problems.push('no ARC-Seal');
    if (!ams) problems.push('no ARC-Message-Signature');
    if (!aar) problems.push('no ARC-Authentication-Results');
    return {
      instance: i,
      chainValidation: seal?.parsed.chainValidation ?? null,
      sealDomain: seal?.parsed.domain ?? null,
      signatureDomain: ams?.parsed.domain ?? null,
      authservId: aar?.parsed.authservId ?? null,
      results: aar ? aar.parsed.results.map((r) => toResult(r).text).join('; ') || null : null,
      lines: [seal?.field.line, ams?.field.line, aar?.field.line].filter((l): l is number => l !== undefined),
      problems,
    };
  });

  return {
    groups,
    receiverAuthservId: cg?.authservId ?? null,
    spf,
    dkim,
    dkimUnmatched,
    dmarc,
    arc,
    arcResult,
    compauth,
    iprev,
    bimi,
    receivedSpf,
  };
}
