/**
 * Received field parser (RFC 5321 §4.4 trace fields, as MTAs really write them).
 *
 * Every MTA words these differently — zbateson/mail-mime-parser's maintainer
 * calls parsing every variant "a losing battle" — so this parser:
 * - tokenises first (comments with nesting, quoted strings, <addr>,
 *   [literals]), so keywords inside comments never confuse the clauses;
 * - reads the clauses `from / by / via / with / id / for` in any order,
 *   keeping each clause's raw text;
 * - in the `from` clause prefers the bracketed TCP-info address the
 *   receiving MTA itself saw over the client's HELO (rspamd#1727);
 * - recognises the TLS notes of Postfix, Exim, Exchange, Gmail, sendmail,
 *   Mimecast and qmail;
 * - takes the timestamp after the last top-level ';', or a trailing date when
 *   the ';' is missing (SendGrid writes Go timestamps without one);
 * - never throws: what it cannot read is returned raw with a reason.
 */
import { type ParsedDate, parseDate } from './date';
import { isIP, normalizeIP } from './ip';
import { type ParseWarning, clip, warn } from './warnings';

/** The sending side of a hop, as the receiving MTA recorded it. */
export interface ReceivedFrom {
  /** The `from` clause exactly as written (comments included). */
  raw: string;
  /** The name the client gave in HELO/EHLO, when stated; null when not given. */
  helo: string | null;
  /** The reverse-DNS name the receiving MTA looked up, when stated; null when absent or "unknown". */
  rdns: string | null;
  /** The connecting IP address (normalised; `::ffff:` mapped IPv4 unwrapped); null when none is stated. */
  ip: string | null;
  /** Where `ip` was read: the TCP-info bracket/parenthesis the MTA wrote, or only the HELO-position word (weaker). */
  ipSource: 'tcp-info' | 'helo-position' | null;
  /** RFC 1413 ident / qmail `user@ip` user part, when present. */
  ident: string | null;
}

/** TLS details stated in a hop. */
export interface ReceivedTls {
  /** Protocol version as written ("TLSv1.3", "TLS1_2", "TLS1.3"); null when only implied. */
  version: string | null;
  /** Cipher suite as written; null when not stated. */
  cipher: string | null;
  /** Key bits when stated ("256/256", "128"). */
  bits: string | null;
  /** The text the TLS facts were read from (a comment, or "with ESMTPS"). */
  evidence: string;
  /** True when TLS is only implied by the protocol name (ESMTPS, SMTPS…), not described. */
  impliedOnly: boolean;
}

/** How much of a Received field could be read. */
export type ReceivedStatus = 'parsed' | 'partial' | 'unparsable';

/** One parsed Received field. */
export interface ParsedReceived {
  /** The unfolded field value as given. */
  raw: string;
  /** `parsed`: from/by read; `partial`: only some clauses or only the date; `unparsable`: nothing usable (see `reason`). */
  status: ReceivedStatus;
  /** Why the field could not be (fully) read; empty when parsed. */
  reason: string;
  /** The sending side; null when the field has no `from` clause (local pickup, webmail submission…). */
  from: ReceivedFrom | null;
  /** The receiving host name (first word of the `by` clause, trailing comma/dot removed); null when absent. */
  by: string | null;
  /** The whole `by` clause as written, comments included (e.g. `mx.example (Postfix)`). */
  byRaw: string | null;
  /** The receiving MTA's address when the `by` clause states it (Exchange: `by HOST (10.1.2.3)`). */
  byIp: string | null;
  /** Software named in the hop, from the by/with comments ("Postfix", "Exim 4.96", "PowerMTA(TM) v3.5r17"); null when none. */
  software: string | null;
  /** The `via` clause (link type; Exchange writes "Frontend Transport" or a host); null when absent. */
  via: string | null;
  /** The `with` clause's protocol words as written ("ESMTPS", "Microsoft SMTP Server", "esmtpsa", "HTTP"); null when absent. */
  with: string | null;
  /** `with` upper-cased to one protocol token when it is a known one (ESMTP, ESMTPS, ESMTPSA, LMTP, HTTP…), else null. */
  protocol: string | null;
  /** The queue/message id the receiving MTA assigned; null when absent. */
  id: string | null;
  /** The recipient named in the `for` clause, without angle brackets; null when absent. */
  for: string | null;
  /** Envelope sender when the hop states it (`envelope-from`, `envelope-sender`, XMail's trailing `from <…>`). */
  envelopeFrom: string | null;
  /** TLS as stated; null when the hop says nothing about it. */
  tls: ReceivedTls | null;
  /** Authentication of the client, when stated ("ESMTPSA", "authenticated bits=0", "AUTH: LOGIN user"); null when not stated. */
  auth: string | null;
  /** The timestamp text after the last ';' (or the trailing date found without one); empty when none. */
  dateText: string;
  /** The parsed timestamp; null when there is none or it could not be read. */
  date: ParsedDate | null;
  /** Problems met while reading this field. */
  warnings: ParseWarning[];
}

// ---------------------------------------------------------------- tokeniser

type TokType = 'word' | 'comment' | 'quoted' | 'angle' | 'literal' | 'semi';
interface Tok {
  type: TokType;
  /** Text without delimiters (comment content keeps nested parentheses). */
  text: string;
  start: number;
  end: number;
}

function tokenize(s: string, warnings: ParseWarning[]): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') { i++; continue; }
    const start = i;
    if (c === '(') {
      let depth = 0;
      for (; i < n; i++) {
        const d = s[i]!;
        if (d === '\\') { i++; continue; }
        if (d === '(') depth++;
        else if (d === ')' && --depth === 0) break;
      }
      if (i >= n) warnings.push(warn('unclosed-comment', 'A comment "(" was never closed; read to the end.', { text: s.slice(start) }));
      toks.push({ type: 'comment', text: s.slice(start + 1, Math.min(i, n)), start, end: Math.min(i + 1, n) });
      i++;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < n && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
      toks.push({ type: 'quoted', text: s.slice(start + 1, Math.min(i, n)), start, end: Math.min(i + 1, n) });
      i++;
      continue;
    }
    if (c === '<' || c === '[') {
      const close = c === '<' ? '>' : ']';
      let depth = 0;
      for (; i < n; i++) {
        if (s[i] === c) depth++;
        else if (s[i] === close && --depth === 0) break;
      }
      toks.push({ type: c === '<' ? 'angle' : 'literal', text: s.slice(start + 1, Math.min(i, n)).replace(/^<+|>+$/g, ''), start, end: Math.min(i + 1, n) });
      i++;
      continue;
    }
    if (c === ';') { toks.push({ type: 'semi', text: ';', start, end: i + 1 }); i++; continue; }
    if (c === ')') { i++; continue; } // stray closer: skip, or the word loop below would not advance
    while (i < n && !/[\s()"<[;]/.test(s[i]!)) i++;
    toks.push({ type: 'word', text: s.slice(start, i), start, end: i });
  }
  return toks;
}

// ---------------------------------------------------------------- date

const TRAILING_RFC_DATE = /(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?\d{1,2}\s+[A-Za-z]{3,9}\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:[+-]\d{4}|[A-Za-z]{1,5}))?(?:\s*\([^)]*\))?\s*$/;
const TRAILING_ISO_DATE = /\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?(?:\s+[A-Za-z]{1,5})?(?:\s+m=[+-][\d.]+)?\s*$/;

/** Split the clause text from the timestamp. */
function splitDate(value: string, toks: Tok[]): { clauseEnd: number; dateText: string } {
  const semis = toks.filter((t) => t.type === 'semi');
  const last = semis[semis.length - 1];
  if (last) {
    return { clauseEnd: last.start, dateText: value.slice(last.end).trim() };
  }
  const m = TRAILING_RFC_DATE.exec(value) ?? TRAILING_ISO_DATE.exec(value);
  if (m) return { clauseEnd: m.index, dateText: m[0].trim() };
  return { clauseEnd: value.length, dateText: '' };
}

// ---------------------------------------------------------------- clauses

const KEYWORDS = new Set(['from', 'by', 'via', 'with', 'id', 'for']);
type Clause = { key: string; toks: Tok[]; start: number; end: number };

function clauses(toks: Tok[], end: number): { list: Clause[]; leading: Tok[] } {
  const list: Clause[] = [];
  const leading: Tok[] = [];
  let cur: Clause | null = null;
  for (const t of toks) {
    if (t.start >= end) break;
    if (t.type === 'word' && KEYWORDS.has(t.text.toLowerCase())) {
      if (cur) cur.end = t.start;
      cur = { key: t.text.toLowerCase(), toks: [], start: t.start, end };
      list.push(cur);
      continue;
    }
    if (cur) cur.toks.push(t);
    else leading.push(t);
  }
  return { list, leading };
}

const cleanHost = (w: string) => w.replace(/[,;]+$/, '').replace(/\.$/, '');

const KNOWN_PROTOCOLS = /^(SMTP|ESMTP|ESMTPA|ESMTPS|ESMTPSA|SMTPS|SMTPSA|UTF8SMTP|UTF8SMTPA|UTF8SMTPS|UTF8SMTPSA|LMTP|LMTPA|LMTPS|LMTPSA|UTF8LMTP|UTF8LMTPS|HTTP|HTTPS|HTTPU|IMAP|POP3|LOCAL|MAPI|ASMTP|ECSTREAM|QMQP)$/;

// ---------------------------------------------------------------- from clause

const IP_LIKE = '(?:IPv6:)?[0-9A-Fa-f:.]*[0-9A-Fa-f]';

function parseFrom(raw: string, toks: Tok[]): ReceivedFrom {
  const first = toks.find((t) => t.type === 'word' || t.type === 'literal');
  const firstText = first ? (first.type === 'literal' ? `[${first.text}]` : cleanHost(first.text)) : null;
  const comments = toks.filter((t) => t.type === 'comment').map((t) => t.text);
  const all = comments.join(' ) ( ');
  let ip: string | null = null;
  let ipSource: ReceivedFrom['ipSource'] = null;
  let ident: string | null = null;
  let rdns: string | null = null;

  // 1. A bracketed address inside a comment (TCP-info), unless it is the HELO argument.
  const bracket = new RegExp(`\\[(${IP_LIKE})(?:\\s[^\\]]*)?\\](?::\\d+)?`, 'g');
  for (const c of comments) {
    for (let m = bracket.exec(c); m; m = bracket.exec(c)) {
      const before = c.slice(0, m.index);
      if (/(?:HELO|EHLO|helo=)\s*$/i.test(before)) continue;
      // ecelerity writes the client port inside the brackets: [192.0.2.1:53798].
      const addr = normalizeIP(m[1]!) ?? normalizeIP(m[1]!.replace(/^((?:\d{1,3}\.){3}\d{1,3}):\d+$/, '$1'));
      if (!addr) continue;
      ip = addr;
      ipSource = 'tcp-info';
      const name = /([A-Za-z0-9][\w.-]*?)\.?\s*$/.exec(before.replace(/\(.*$/, ''));
      if (name && !/^(unknown|softdnserr|unverified)$/i.test(name[1]!) && !isIP(name[1]!) && !/@/.test(before)) rdns = name[1]!;
      else if (name && /@/.test(before)) {
        const im = /(\S+)@([\w.-]+)\s*$/.exec(before);
        if (im) { ident = im[1]!; if (!/^(unknown)$/i.test(im[2]!)) rdns = im[2]!.replace(/\.$/, ''); }
      }
      break;
    }
    if (ip) break;
    bracket.lastIndex = 0;
  }
  // 2. A bare address as a whole comment: "(203.0.113.5)", "(user@203.0.113.5)", "(203.0.113.5:2525)".
  if (!ip) {
    for (const c of comments) {
      // Also "(user@203.0.113.5 with login)" (Yahoo/qmail SMTP AUTH) and "(203.0.113.5::mail daemon; …)".
      const m = /^\s*(?:([^\s@]+(?:@[^\s@]+)*)@)?((?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]*:[0-9A-Fa-f:.]*[0-9A-Fa-f])(?::\d+)?(?:[\s:;,].*)?$/.exec(c);
      const addr = m ? normalizeIP(m[2]!) : null;
      if (m && addr) { ip = addr; ipSource = 'tcp-info'; if (m[1]) ident = m[1]; break; }
    }
  }
  // 3. A literal in the clause itself (not in a comment) after the first word: qmail-ish "(EHLO x) [ip]".
  if (!ip) {
    const lit = toks.find((t) => t.type === 'literal' && t !== first);
    const addr = lit ? normalizeIP(lit.text.replace(/:\d+$/, '')) : null;
    if (addr) { ip = addr; ipSource = 'tcp-info'; }
  }
  // 4. Exchange 5.5 writes "from host - 203.0.113.5 by …": a bare address among the clause's own words.
  if (!ip) {
    const bare = toks.filter((t) => t.type === 'word' && t !== first).map((t) => normalizeIP(t.text)).find((x) => x !== null);
    if (bare) { ip = bare; ipSource = 'tcp-info'; }
  }
  // 5. Only the first word is an address: "from 24.8.231.233 by …" or "from [86.122.158.69] by …".
  if (!ip && firstText) {
    const addr = normalizeIP(firstText);
    if (addr) { ip = addr; ipSource = 'helo-position'; }
  }

  // HELO name.
  let helo: string | null = null;
  const heloEq = /helo=([^\s)]+)/i.exec(all);
  const heloKw = /\b(?:HELO|EHLO)\s+("?)([^\s")]*)\1/.exec(all);
  const claiming = /claiming to be "?([^"\s]+)"?/.exec(raw);
  if (heloEq) helo = heloEq[1]!;
  else if (heloKw) helo = heloKw[2]!;
  else if (claiming) helo = claiming[1]!;
  else if (firstText && !/^unknown$/i.test(firstText)) helo = firstText;
  if (helo !== null && /^\[.*\]$/.test(helo) === false && helo.startsWith('[') === false && normalizeIP(helo) === null) helo = helo.replace(/\.$/, '');
  if (helo === '') helo = null;

  // When the HELO came from a HELO=/EHLO note, the first word is the verified reverse name (Exim, qmail, CommuniGate).
  if (!rdns && (heloEq || heloKw || claiming) && firstText && !/^unknown$/i.test(firstText) && !firstText.startsWith('[') && !normalizeIP(firstText)) rdns = firstText;
  // "(name [ip] verified)" style with the name as the first word (CommuniGate): first word was checked.
  if (!rdns && /\bverified\b/.test(all) && !/\bunverified\b/.test(all) && firstText && !normalizeIP(firstText)) rdns = firstText;

  return { raw: raw.trim(), helo, rdns, ip, ipSource, ident };
}

// ---------------------------------------------------------------- TLS

function findTls(text: string, protocol: string | null): ReceivedTls | null {
  const postfix = /using\s+(TLSv?[\d.]+|SSLv\d)\s+with\s+cipher\s+([\w-]+)(?:\s+\((\d+\/\d+)\s+bits\))?/i.exec(text);
  if (postfix) return { version: postfix[1]!, cipher: postfix[2]!, bits: postfix[3] ?? null, evidence: clip(postfix[0]), impliedOnly: false };
  const kv = /version=([\w./]+),?\s*cipher=([\w-]+)(?:,?\s*bits=(\d+(?:\/\d+)?))?/i.exec(text);
  if (kv) return { version: kv[1]!, cipher: kv[2]!, bits: kv[3] ?? null, evidence: clip(kv[0]), impliedOnly: false };
  const eximNew = /\((TLS1\.\d|TLSv1(?:\.\d)?)\)\s+tls\s+([\w-]+)/i.exec(text);
  if (eximNew) return { version: eximNew[1]!, cipher: eximNew[2]!, bits: null, evidence: clip(eximNew[0]), impliedOnly: false };
  const eximOld = /\((TLS[-v]?[\d.]*|SSLv\d):([\w-]+):(\d+)\)/i.exec(text);
  if (eximOld) return { version: eximOld[1]!, cipher: eximOld[2]!, bits: eximOld[3]!, evidence: clip(eximOld[0]), impliedOnly: false };
  const ssl = /SSL:\s*([\w/.]+),\s*(\d+)bits,\s*([\w-]+)/i.exec(text);
  if (ssl) return { version: ssl[1]!, cipher: ssl[3]!, bits: ssl[2]!, evidence: clip(ssl[0]), impliedOnly: false };
  const qmail = /\(([\w-]+)\s+encrypted\)/i.exec(text);
  if (qmail) return { version: null, cipher: qmail[1]!, bits: null, evidence: clip(qmail[0]), impliedOnly: false };
  if (protocol && /^(ESMTPS|ESMTPSA|SMTPS|SMTPSA|UTF8SMTPS|UTF8SMTPSA|LMTPS|LMTPSA|UTF8LMTPS|HTTPS)$/.test(protocol)) {
    return { version: null, cipher: null, bits: null, evidence: `with ${protocol}`, impliedOnly: true };
  }
  if (/\bwith\s+STARTTLS\b/i.test(text)) return { version: null, cipher: null, bits: null, evidence: 'with STARTTLS', impliedOnly: true };
  return null;
}

// ---------------------------------------------------------------- main

const words = (toks: Tok[]) => toks.filter((t) => t.type === 'word').map((t) => t.text);

/** Parse one Received field value (unfolded or not). Never throws. */
export function parseReceived(input: string): ParsedReceived {
  const warnings: ParseWarning[] = [];
  const value = (typeof input === 'string' ? input : '').replace(/\r?\n[ \t]*/g, ' ').trim();
  const result: ParsedReceived = {
    raw: value, status: 'unparsable', reason: '', from: null, by: null, byRaw: null, byIp: null, software: null,
    via: null, with: null, protocol: null, id: null, for: null, envelopeFrom: null, tls: null, auth: null,
    dateText: '', date: null, warnings,
  };
  if (!value) { result.reason = 'The field is empty.'; return result; }
  try {
    // Some old mailers wrapped the whole value in brackets: "[from a (a [1.2.3.4]) by b …; date]".
    if (/^\[from\s/i.test(value) && value.endsWith(']')) {
      result.raw = value;
      return { ...parseReceived(value.slice(1, -1)), raw: value, warnings: [...warnings, warn('received-bracketed', 'The whole field was wrapped in [brackets]; they were removed.')] };
    }
    const toks = tokenize(value.length > 4000 ? value.slice(0, 4000) : value, warnings);
    const { clauseEnd, dateText } = splitDate(value, toks);
    const { list, leading } = clauses(toks, clauseEnd);
    result.dateText = dateText;

    // A leading "(from HOST [ip])" comment stands in for a from clause (Norton AntiVirus gateway style).
    const fromClause = list.find((c) => c.key === 'from');
    if (!fromClause && leading[0]?.type === 'comment' && /^from\s/i.test(leading[0].text)) {
      const inner = leading[0].text.slice(5);
      const innerToks = tokenize(inner, []);
      result.from = parseFrom(inner, innerToks);
    }
    const seen = new Map<string, Clause[]>();
    for (const c of list) seen.set(c.key, [...(seen.get(c.key) ?? []), c]);
    const rawOf = (c: Clause) => value.slice(c.start, c.end).replace(/^\S+\s*/, '').trim();

    if (fromClause) {
      // A second "from" after "by" carries the envelope sender (XMail) — only the first is the client.
      result.from = parseFrom(rawOf(fromClause), fromClause.toks);
      const later = (seen.get('from') ?? []).slice(1);
      const env = later.flatMap((c) => c.toks).find((t) => t.type === 'angle' || (t.type === 'word' && t.text.includes('@')));
      if (env) result.envelopeFrom = env.text;
    }
    const by = seen.get('by')?.[0];
    if (by) {
      const first = by.toks.find((t) => t.type === 'word' || t.type === 'literal');
      result.by = first ? cleanHost(first.text) : null;
      result.byRaw = rawOf(by);
      const ipComment = by.toks.find((t) => t.type === 'comment' && normalizeIP(t.text));
      if (ipComment) result.byIp = normalizeIP(ipComment.text);
      const soft = by.toks.find((t) => t.type === 'comment' && !normalizeIP(t.text) && !/^envelope-/i.test(t.text));
      if (soft) result.software = soft.text.trim();
      if ((seen.get('by') ?? []).length > 1) warnings.push(warn('received-duplicate-clause', 'The field has more than one "by" clause; the first was used.'));
    }
    const via = seen.get('via')?.[0];
    if (via) result.via = words(via.toks).join(' ').replace(/[,;]+$/, '') || null;
    const withs = seen.get('with') ?? [];
    if (withs.length > 0) {
      const w = withs[0]!;
      // Protocol words run up to the first comment; "(DHE-RSA… encrypted) SMTP" puts them after it.
      const beforeComment: string[] = [];
      for (const t of w.toks) { if (t.type !== 'word') break; beforeComment.push(t.text); }
      const protoWords = beforeComment.length > 0 ? beforeComment : words(w.toks).slice(0, 1);
      result.with = protoWords.join(' ').replace(/[,;]+$/, '') || null;
      const up = result.with?.toUpperCase() ?? '';
      result.protocol = KNOWN_PROTOCOLS.test(up) ? up : /^MICROSOFT SMTP/.test(up) ? 'SMTP' : null;
      // A comment in the with clause that is not a TLS or envelope note names the software (Exim, SimpleEmailService…).
      const withSoft = w.toks.find((t) => t.type === 'comment' && !/version=|cipher|TLS|SSL|encrypted|envelope-|single-drop/i.test(t.text));
      // "Microsoft SMTPSVC(5.0.2195.6624)": a bare version belongs to the protocol-looking name before it.
      if (!result.software && withSoft) result.software = /^\d/.test(withSoft.text.trim()) && result.with ? `${result.with}(${withSoft.text.trim()})` : withSoft.text.trim();
      if (!result.software && /^Microsoft SMTP/i.test(result.with ?? '')) result.software = 'Microsoft SMTP Server';
    }
    const id = seen.get('id')?.[0];
    if (id) {
      const t = id.toks.find((x) => x.type === 'word' || x.type === 'angle');
      result.id = t ? t.text.replace(/[,;]+$/, '') : null;
    }
    const forC = seen.get('for')?.[0];
    if (forC) {
      const t = forC.toks.find((x) => x.type === 'angle' || x.type === 'word');
      result.for = t ? t.text.replace(/^<+|>+$/g, '').replace(/[,;]+$/, '') : null;
    }
    // Exim writes "; DATE id X" in some setups: recover the id and keep the date clean.
    let dt = dateText;
    const trailingId = /\s+id\s+(\S+)\s*$/i.exec(dt);
    if (trailingId) { if (!result.id) result.id = trailingId[1]!; dt = dt.slice(0, trailingId.index); }

    const everything = value;
    const env = /envelope-(?:from|sender)[\s=]*<?([^\s>)]+@[^\s>)]+|<>)>?/i.exec(everything);
    if (env && !result.envelopeFrom) result.envelopeFrom = env[1] === '<>' ? '' : env[1]!;
    result.tls = findTls(everything, result.protocol);
    const auth = /\(authenticated[^)]*\)|\bAUTH:\s*\w+[^,)]*|Authenticated sender:\s*[^)]+|\(account\s+[^\s)]+/i.exec(everything);
    if (auth) result.auth = auth[0].replace(/^\(/, '').replace(/\)$/, '').trim();
    else if (result.protocol && /^(ESMTPA|ESMTPSA|SMTPSA|UTF8SMTPA|UTF8SMTPSA|LMTPA|LMTPSA|ASMTP)$/.test(result.protocol)) result.auth = result.protocol;

    if (dt) {
      const d = parseDate(dt);
      if (d.ms === null) {
        warnings.push(warn('received-date-unparsable', 'The timestamp of this hop could not be read.', { text: dt }));
      } else {
        result.date = d;
        if (d.lenient) warnings.push(warn('received-date-lenient', `The timestamp was read leniently: ${d.notes.join(' ')}`, { text: dt }));
      }
    } else {
      warnings.push(warn('received-no-date', 'This hop has no timestamp.'));
    }

    const hasCore = !!(result.from || result.by);
    const hasSome = hasCore || !!(result.with || result.id || result.via);
    if (hasCore && result.by) result.status = 'parsed';
    else if (hasSome || result.date) {
      result.status = 'partial';
      result.reason = !result.by
        ? leading.some((t) => t.type === 'comment') && !fromClause
          ? `No "by" clause; the field is a note from local software: ${clip(leading.find((t) => t.type === 'comment')!.text, 80)}.`
          : 'No "by" clause: which host added this field is not stated.'
        : 'Only some clauses could be read.';
    } else {
      result.reason = 'No from/by/with/id clause and no timestamp were found.';
    }
  } catch (e) {
    // Defensive: a parser bug must not blank the panel.
    result.status = 'unparsable';
    result.reason = `Internal parser error: ${e instanceof Error ? e.message : String(e)}`;
  }
  return result;
}
