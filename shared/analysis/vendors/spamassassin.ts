/**
 * SpamAssassin headers (format from its default `add_header` templates,
 * 10_default_prefs.cf) and the Exim built-in variant:
 *   X-Spam-Status: Yes, score=7.2 required=5.0 tests=A,B,C autolearn=no version=4.0.1
 *   X-Spam-Report:  * 3.5 BAYES_99 BODY: Bayes spam probability is 99 to 100% …
 *   X-Spam-Level: *******      X-Spam-Flag: YES
 *   X-Spam_score: 7.2  X-Spam_score_int: 72  X-Spam_bar: +++++++
 *   X-Spam_report: (7.2 / 5.0 requ) BAYES_99=3.5, …
 * Pre-3.0 messages write `hits=` for `score=`. Points come from the header
 * (they depend on the receiver's setup), descriptions from our rule table.
 */
import { describeSpamAssassinRule } from './spamassassin-rules';
import { type DecodeContext, type HeaderDecoder, type VendorVerdict, type VerdictField, num, verdictBase, vf } from './types';

const SA_DOC = 'SpamAssassin default header templates (10_default_prefs.cf)';
const RULES = 'SpamAssassin rule (description written for Mailscope)';

/** A rule hit as a verdict field, with description and tone by points. */
export function ruleField(rule: string, points: number | undefined, vendorNote = ''): VerdictField {
  const d = describeSpamAssassinRule(rule);
  const tone = points === undefined ? 'info' : points >= 1 ? 'bad' : points > 0 ? 'warning' : points < 0 ? 'good' : 'info';
  const meaning = d ?? `Not in the bundled rule descriptions${vendorNote}; the name is the receiver's rule.`;
  return vf(rule, points === undefined ? rule : String(points), meaning, d ? 'documented' : 'community-observed', RULES, tone, points);
}

/** Parse "tests=A,B=1.2, C" lists (folded lists have spaces after commas). */
function parseTests(list: string): { name: string; points?: number }[] {
  return list.split(/[,\s]+/).map((t) => t.trim()).filter((t) => /^[A-Za-z0-9_]+(=-?[\d.]+)?$/.test(t)).map((t) => {
    const [name, pts] = t.split('=');
    const p = num(pts);
    return p === null ? { name: name! } : { name: name!, points: p };
  });
}

/** Read the status line; shared with Barracuda, whose Status header follows the same pattern. */
export function parseStatusLine(value: string): { flag: string | null; score: number | null; required: number | null; tests: { name: string; points?: number }[]; kv: Record<string, string> } {
  const flag = /^\s*(Yes|No)\b/i.exec(value)?.[1] ?? null;
  const kv: Record<string, string> = {};
  // tests= runs until the next key= that is not a rule name (autolearn=, version=…).
  const testsMatch = /\btests=(.*?)(?=\s+[a-z_]+=(?![\d.-])|\s*$)/is.exec(value);
  for (const m of value.matchAll(/\b([A-Za-z_]+)=([^\s,]+)/g)) {
    const key = m[1]!.toLowerCase();
    if (!(key in kv)) kv[key] = m[2]!;
  }
  const score = num(kv.score ?? kv.hits ?? null);
  const required = num(kv.required ?? kv.tag_level ?? null);
  return { flag, score, required, tests: testsMatch ? parseTests(testsMatch[1]!) : [], kv };
}

function status(ctx: DecodeContext): VendorVerdict {
  const v = verdictBase(ctx, 'spamassassin');
  const s = parseStatusLine(ctx.field.value);
  if (s.flag) v.fields.push(vf('flag', s.flag, s.flag.toLowerCase() === 'yes' ? 'SpamAssassin classified the message as spam.' : 'SpamAssassin classified the message as not spam.', 'documented', SA_DOC, s.flag.toLowerCase() === 'yes' ? 'bad' : 'good'));
  if (s.score !== null) v.fields.push(vf('score', String(s.score), `Total points: ${s.score}${s.kv.hits ? ' (written as hits=, a pre-3.0 SpamAssassin)' : ''}.`, 'documented', SA_DOC, s.required !== null && s.score >= s.required ? 'bad' : 'info'));
  if (s.required !== null) v.fields.push(vf('required', String(s.required), `Points needed to be classified as spam on this receiver: ${s.required}.`, 'documented', SA_DOC));
  for (const t of s.tests) v.fields.push(ruleField(t.name, t.points));
  if (s.kv.autolearn) v.fields.push(vf('autolearn', s.kv.autolearn, `Bayes auto-learning: ${s.kv.autolearn} (ham/spam = learned as such; no = not learned; disabled/failed/unavailable).`, 'documented', SA_DOC));
  if (s.kv.version) v.fields.push(vf('version', s.kv.version, `SpamAssassin version ${s.kv.version}.`, 'documented', SA_DOC));
  if (s.score !== null) v.score = { value: s.score, threshold: s.required, thresholdMeaning: s.required !== null ? 'spam at or above' : null, scale: 'SpamAssassin points' };
  const spam = s.flag ? s.flag.toLowerCase() === 'yes' : s.score !== null && s.required !== null && s.score >= s.required;
  v.tone = spam ? 'bad' : 'good';
  v.summary = `SpamAssassin: ${spam ? 'spam' : 'not spam'}${s.score !== null ? `, ${s.score} points` : ''}${s.required !== null ? ` (spam at ${s.required})` : ''}, ${s.tests.length} test${s.tests.length === 1 ? '' : 's'} hit.`;
  return v;
}

/**
 * X-Spam-Report rows. Two templates exist: the plain table
 * ("pts rule name description", a dashed rule, then " -1.9 BAYES_00 BODY: …")
 * and the "*"-prefixed one (" * 3.5 BAYES_99 BODY: …"). Unfolding puts all
 * rows on one line, so rows are found by "<points> <RULE_NAME>" anchors.
 */
export function parseReportRows(value: string): { rule: string; points: number; description: string }[] {
  let body = value.replace(/(^|\s)\*(?=\s+-?\d)/g, '$1 ');
  const dashes = /-{3,}(?:\s+-{3,})*/g;
  let lastDash = -1;
  for (let m = dashes.exec(body); m; m = dashes.exec(body)) lastDash = m.index + m[0].length;
  if (lastDash > 0) body = body.slice(lastDash);
  const anchor = /(?:^|\s)(-?\d+(?:\.\d+)?)\s+([A-Z][A-Z0-9_]{2,})(?=\s|$)/g;
  const hits: { index: number; end: number; points: number; rule: string }[] = [];
  for (let m = anchor.exec(body); m; m = anchor.exec(body)) hits.push({ index: m.index, end: m.index + m[0].length, points: Number(m[1]), rule: m[2]! });
  return hits.map((h, i) => ({ rule: h.rule, points: h.points, description: body.slice(h.end, hits[i + 1]?.index ?? body.length).replace(/\s+/g, ' ').trim() }));
}

function report(ctx: DecodeContext): VendorVerdict {
  const v = verdictBase(ctx, 'spamassassin');
  const rows = parseReportRows(ctx.field.value);
  const head = /\((-?[\d.]+)\s+points?,\s+(-?[\d.]+)\s+required\)/i.exec(ctx.field.value);
  for (const r of rows) {
    const f = ruleField(r.rule, r.points);
    if (!describeSpamAssassinRule(r.rule) && r.description) { f.meaning = `${r.description} (the receiver's own description)`; f.provenance = 'documented'; f.source = 'the receiver\'s X-Spam-Report'; }
    v.fields.push(f);
  }
  const total = rows.reduce((a, r) => a + r.points, 0);
  if (head) v.score = { value: Number(head[1]), threshold: Number(head[2]), thresholdMeaning: 'spam at or above', scale: 'SpamAssassin points' };
  v.summary = `SpamAssassin report: ${rows.length} rule${rows.length === 1 ? '' : 's'}, ${Math.round(total * 10) / 10} points${head ? ` (spam at ${head[2]})` : ''}.`;
  v.tone = head ? (Number(head[1]) >= Number(head[2]) ? 'bad' : 'good') : 'info';
  return v;
}

function eximReport(ctx: DecodeContext): VendorVerdict {
  const v = verdictBase(ctx, 'spamassassin');
  const head = /\(\s*(-?[\d.]+)\s*\/\s*(-?[\d.]+)\s*requ?\)/i.exec(ctx.field.value);
  for (const m of ctx.field.value.matchAll(/([A-Z0-9_]+)=(-?[\d.]+)/g)) v.fields.push(ruleField(m[1]!, Number(m[2])));
  if (head) v.score = { value: Number(head[1]), threshold: Number(head[2]), thresholdMeaning: 'spam at or above', scale: 'SpamAssassin points (Exim)' };
  v.summary = `SpamAssassin via Exim: ${head ? `${head[1]} points, spam at ${head[2]}` : 'rule list'}; ${v.fields.length} rules.`;
  v.tone = head ? (Number(head[1]) >= Number(head[2]) ? 'bad' : 'good') : 'info';
  return v;
}

function simple(ctx: DecodeContext, meaning: string, tone: VendorVerdict['tone'] = 'info'): VendorVerdict {
  const v = verdictBase(ctx, 'spamassassin');
  v.fields.push(vf(ctx.field.name, ctx.field.value, meaning, 'documented', SA_DOC, tone));
  v.summary = meaning;
  v.tone = tone;
  return v;
}

/** Decoder for SpamAssassin-style headers. */
export const decodeSpamAssassin: HeaderDecoder = (ctx) => {
  const k = ctx.field.key;
  const val = ctx.field.value.trim();
  switch (k) {
    case 'x-spam-status': return status(ctx);
    case 'x-spam-report': return report(ctx);
    case 'x-spam-flag': return simple(ctx, /^yes$/i.test(val) ? 'Marked as spam (X-Spam-Flag is only added to spam).' : `Spam flag "${val}".`, /^yes$/i.test(val) ? 'bad' : 'good');
    case 'x-spam-level': { const n = (val.match(/\*/g) ?? []).length; return simple(ctx, `${n} star${n === 1 ? '' : 's'}: one per whole point of score.`, n >= 5 ? 'bad' : 'info'); }
    case 'x-spam-checker-version': return simple(ctx, `Checked by ${val}.`);
    case 'x-spam-score': {
      // Seen as "3.76", "3.083 (***) RULE_A,RULE_B" (MIMEDefang) and "No, -2.5 hits".
      const n = num(/-?\d+(?:\.\d+)?/.exec(val)?.[0] ?? null);
      const v = simple(ctx, `Spam score ${n ?? val}.`);
      const rules = /\)\s+([A-Z0-9_,]+)\s*$/.exec(val)?.[1];
      if (rules) for (const r of rules.split(',').filter(Boolean)) v.fields.push(ruleField(r, undefined));
      if (n !== null) v.score = { value: n, threshold: null, thresholdMeaning: null, scale: 'points' };
      return v;
    }
    case 'x-spam_action': return simple(ctx, `Action taken by Exim's spam check: ${val}.`, /no action/i.test(val) ? 'good' : 'warning');
    case 'x-spam_score': { const n = num(val); const v = simple(ctx, `SpamAssassin score ${val} (Exim).`); if (n !== null) v.score = { value: n, threshold: null, thresholdMeaning: null, scale: 'SpamAssassin points (Exim)' }; return v; }
    case 'x-spam_score_int': return simple(ctx, `Score × 10: ${val} (Exim).`);
    case 'x-spam_bar': return simple(ctx, `Score as a bar: ${val.length} mark${val.length === 1 ? '' : 's'} (+ per point, - for negative) (Exim).`);
    case 'x-spam_report': return eximReport(ctx);
    default: return null;
  }
};

/** Copy points from an X-Spam-Report onto the matching X-Spam-Status tests (status lists names only). */
export function attachReportPoints(verdicts: VendorVerdict[]): void {
  const reports = verdicts.filter((v) => v.vendor === 'spamassassin' && /^x-spam-report$/i.test(v.header));
  const statuses = verdicts.filter((v) => v.vendor === 'spamassassin' && /^x-spam-status$/i.test(v.header));
  for (const s of statuses) {
    const r = reports.find((x) => x.receivedAbove === s.receivedAbove) ?? reports[0];
    if (!r) continue;
    for (const f of s.fields) {
      if (f.points !== undefined) continue;
      const hit = r.fields.find((x) => x.key === f.key && x.points !== undefined);
      if (hit) { f.points = hit.points!; f.raw = String(hit.points); f.tone = hit.tone; }
    }
  }
}
