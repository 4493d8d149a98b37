/**
 * explainReply: what an SMTP reply means and what to do about it, from three
 * tables — basic codes (reply-codes.ts), enhanced codes (enhanced-codes.ts)
 * and provider wordings (providers/). Never throws; unknown codes degrade to
 * their class ("a permanent failure this table does not know").
 */
import type { ReplyCategory, ReplyExplanation } from '../model/smtp-reply';
import { ENHANCED_CLASSES, ENHANCED_SUBJECTS, lookupEnhancedCode } from './enhanced-codes';
import { parseReply } from './parse-reply';
import { matchProvider } from './providers/index';
import { lookupReplyCode } from './reply-codes';
import type { ReplyContext } from './types';

const REGISTRY = 'IANA SMTP Enhanced Status Codes registry (RFC 3463)';

function categoryOf(code: number | null, enhancedClass: number | null): ReplyCategory {
  const first = code !== null ? Math.floor(code / 100) : enhancedClass;
  switch (first) {
    case 2: return 'success';
    case 3: return 'intermediate';
    case 4: return 'transient';
    default: return 'permanent';
  }
}

/** Distinct references; "RFC 4954" is dropped when "RFC 4954 §6 (SMTP AUTH)" is already there. */
function unique(items: string[]): string[] {
  const set = [...new Set(items.filter((s) => s !== ''))];
  return set.filter((s) => !set.some((o) => o !== s && o.startsWith(`${s} `)));
}

/**
 * Explains one reply. `code` is the basic code (pass NaN or 0 when unknown and
 * the text will be read for one); `text` the reply text with or without the
 * code and enhanced code prefixes (multi-line joined by \n is fine).
 */
export function explainReply(code: number, text: string, context: ReplyContext = {}): ReplyExplanation {
  const parsed = parseReply(text);
  const basicCode = Number.isInteger(code) && code >= 100 && code <= 599 ? code : parsed.code;
  const basic = basicCode !== null ? lookupReplyCode(basicCode, context.stage) : null;

  let enhanced = parsed.enhanced;
  let enhancedInferred = false;
  const failing = basicCode === null || basicCode >= 400;
  const ruleInput = { code: basicCode, enhanced: enhanced ?? basic?.implies ?? null, text: parsed.text };
  const match = failing ? matchProvider(ruleInput) : null;
  if (enhanced === null) {
    const inferred = basic?.implies ?? match?.rule.implies ?? null;
    if (inferred !== null) {
      enhanced = inferred;
      enhancedInferred = true;
    }
  }

  const enh = enhanced !== null ? lookupEnhancedCode(enhanced) : null;
  const category = categoryOf(basicCode, enh?.cls ?? null);
  const references: string[] = [];
  const meaningParts: string[] = [];
  let title = basic?.title ?? 'Unrecognised reply';
  let fix: string | null = basic?.fix ?? null;

  if (basic) {
    meaningParts.push(basic.known ? `${basicCode}: ${basic.meaning}` : `${basicCode} is not a standard reply code. ${basic.meaning}`);
    references.push(...basic.references);
  } else {
    meaningParts.push('The reply carried no valid three-digit SMTP code, so it cannot be read reliably.');
  }

  if (enh) {
    const via = enhancedInferred ? ' (not sent by the server; implied by the reply)' : '';
    const cls = ENHANCED_CLASSES[enh.cls];
    if (enh.cls === 2 || category === 'success' || category === 'intermediate') {
      // Registry titles read as problems ("Other media error" for 2.6.0, Microsoft's "queued" code): on success only the subject is worth saying.
      meaningParts.push(`${enhanced}${via}: ${cls}, about ${enh.subjectName.toLowerCase()}.`);
      references.push(REGISTRY);
    } else if (enh.entry) {
      meaningParts.push(`${enhanced}${via}: ${enh.entry.title} — ${enh.entry.meaning}`);
      references.push(enh.entry.reference);
      // A specific detail says more than the basic code's title ("Mailbox unavailable" vs "Bad destination mailbox address").
      if (enh.detail !== 0 || !basic?.known) title = enh.entry.title;
      if (category === 'transient' || category === 'permanent') fix = enh.detail !== 0 || fix === null ? enh.entry.fix : fix;
    } else {
      const subject = ENHANCED_SUBJECTS[enh.subject];
      meaningParts.push(`${enhanced}${via}: ${cls}; subject "${enh.subjectName}"${subject ? ` (${subject.meaning.replace(/\.$/, '')})` : ''}; detail ${enh.detail} is not in the registry (a server-specific code).`);
      references.push(REGISTRY);
    }
    if (basicCode !== null && Math.floor(basicCode / 100) !== enh.cls && !enhancedInferred) {
      meaningParts.push(`The enhanced code's class (${enh.cls}) differs from the reply code's (${Math.floor(basicCode / 100)}); the reply code decides whether to retry.`);
    }
  }

  if (match) {
    title = match.rule.title;
    references.push(match.rule.source);
  }
  if (parsed.inconsistent) meaningParts.push('The lines of this reply carried different codes; the last line\'s code was used.');
  if (category === 'success' || category === 'intermediate') fix = null;
  else if (fix === null) fix = category === 'transient' ? 'Retry later with backoff and read the reply text.' : 'Read the reply text and change what it names before resending.';

  const result: ReplyExplanation = {
    code: basicCode,
    enhanced,
    category,
    title,
    meaning: meaningParts.join(' '),
    provider: match?.reading ?? null,
    fix,
    references: unique(references),
  };
  if (enhancedInferred) result.enhancedInferred = true;
  return result;
}

/**
 * Explains a reply given as it was on the wire or as a transcript line
 * ("550-5.7.26 …\n550 5.7.26 …"): the code is read from the text. Null when
 * the text does not start with a reply code.
 */
export function explainReplyText(raw: string, context: ReplyContext = {}): ReplyExplanation | null {
  const parsed = parseReply(raw);
  if (parsed.code === null) return null;
  return explainReply(parsed.code, raw, context);
}
