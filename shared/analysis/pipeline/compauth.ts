/**
 * Microsoft's composite authentication (`compauth=… reason=NNN`) reason codes
 * in plain words. Source: MicrosoftDocs defender-docs
 * `defender-office-365/message-headers-eop-mdo.md` (compauth reasons), see
 * ../shared/notes/header-field-notes.md §2.1.
 */

const EXACT: Record<string, string> = {
  '000': 'explicit fail: the domain publishes DMARC with p=quarantine or p=reject and the message failed it',
  '001': 'implicit fail: the domain has no DMARC record or a weak one (p=none, ~all, ?all) and the message did not authenticate',
  '002': 'the organisation prohibits this sender/domain pair (admin-blocked spoof)',
  '010': 'DMARC failed for one of your own accepted domains (p=quarantine or p=reject)',
  '130': 'DMARC failed, but a trusted ARC seal (the forwarder\'s) overrode the failure',
  '111': 'passed: the sender authenticated (implicitly, from SPF/DKIM and sender history)',
};

/** Meaning of a compauth reason code; null for codes the documentation does not cover. */
export function compauthReason(code: string | null): string | null {
  if (!code) return null;
  const c = code.trim();
  if (EXACT[c]) return EXACT[c]!;
  const d = c.charAt(0);
  if (!/^\d{3}$/.test(c)) return null;
  if (d === '1' || d === '7') return 'pass: the sender authenticated';
  if (d === '2') return 'soft pass: authenticated with low confidence';
  if (d === '3') return 'not checked';
  if (d === '4' || d === '9') return 'authentication bypassed (an allow rule or connector skipped it)';
  if (d === '6') return 'implicit fail from one of your own accepted domains (intra-organisation spoof)';
  return null;
}
