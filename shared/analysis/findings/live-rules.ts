/**
 * Finding rules about live re-verification: where "as of now" disagrees
 * with "as recorded by the receiver", body hashes recomputed, and what
 * could not be checked. They only run when the core's analyze service has
 * filled `verification`.
 */
import type { Finding, VerificationCheck } from '../../model/analysis';
import { type FindingRule, computedEvidence, dnsEvidence, finding } from './helpers';

const KEY_GONE = /no key|key not found|nxdomain|enotfound|enodata|no public key|missing key|revoked/i;

function differsFinding(c: VerificationCheck): Finding {
  const rec = c.asRecorded ?? 'not recorded';
  const evidence = [
    computedEvidence(`As recorded by the receiver: ${rec}. As of now: ${c.asOfNow}${c.detail ? ` (${c.detail})` : ''}.`),
    ...c.dns.map(dnsEvidence),
  ];
  if ((c.kind === 'dkim' || c.kind === 'dkim-header-only') && rec === 'pass' && c.asOfNow !== 'pass') {
    const gone = KEY_GONE.test(`${c.detail} ${c.dns.map((d) => d.error ?? '').join(' ')}`);
    return finding({
      id: gone ? 'dkim-key-rotated' : 'dkim-fails-now',
      severity: 'low',
      confidence: 'checked',
      title: gone ? `${c.label}: key no longer published` : `${c.label} fails now but passed for the receiver`,
      explanation: gone
        ? `The receiver verified this signature when the message arrived, but the key is gone from DNS now: the key was rotated or removed since. That does not change how this message was judged; new mail must be signed with the current key.`
        : `The receiver verified this signature when the message arrived; it does not verify now (${c.asOfNow}: ${c.detail}). The key changed since, or the pasted text differs from what the receiver saw (a header edited or re-wrapped while copying).`,
      evidence,
      fix: gone ? 'Make sure your signer uses a selector that is still published.' : null,
    });
  }
  if (c.kind === 'spf' && rec === 'pass' && c.asOfNow !== 'pass') {
    return finding({
      id: 'spf-changed',
      severity: 'low',
      confidence: 'checked',
      title: `${c.label}: the SPF record changed since`,
      explanation: `The receiver recorded SPF pass; evaluated now the result is ${c.asOfNow} (${c.detail}). The SPF record was edited since the message was delivered (or a DNS lookup failed now).`,
      evidence,
      fix: 'If the server is still used for sending, put it back in the SPF record.',
    });
  }
  return finding({
    id: `${c.kind}-differs`,
    severity: rec === 'pass' ? 'low' : 'medium',
    confidence: 'checked',
    title: `${c.label}: ${rec} for the receiver, ${c.asOfNow} now`,
    explanation: `The receiver recorded ${rec}; re-checked now the result is ${c.asOfNow}${c.detail ? ` (${c.detail})` : ''}. DNS records changed since delivery, a lookup failed temporarily on one side, or the pasted text is not exactly what the receiver checked.`,
    evidence,
    fix: null,
  });
}

const differences: FindingRule = {
  id: 'live-differs',
  run(input) {
    const v = input.verification;
    if (!v) return null;
    return v.checks.filter((c) => c.differs).map(differsFinding);
  },
};

const bodyHash: FindingRule = {
  id: 'live-body-hash',
  run(input) {
    const v = input.verification;
    if (!v) return null;
    const out: Finding[] = [];
    for (const c of v.checks) {
      if (!c.bodyHash || c.bodyHash.expected === c.bodyHash.computed) continue;
      out.push(finding({
        id: 'body-hash-mismatch',
        severity: 'medium',
        confidence: 'checked',
        title: `${c.label}: body hash does not match`,
        explanation: `The signature says the body hashed to ${c.bodyHash.expected} (bh=); the body here hashes to ${c.bodyHash.computed}. The body was changed after signing: a footer or disclaimer, a mailing list, a transport rule, or line endings/encoding rewritten (also by copying the message through an editor).`,
        evidence: [computedEvidence(`expected bh=${c.bodyHash.expected}; computed ${c.bodyHash.computed}`)],
        fix: 'Sign after the last server that changes the body, or stop that server from changing it.',
      }));
    }
    return out;
  },
};

const notChecked: FindingRule = {
  id: 'live-not-checked',
  run(input) {
    const v = input.verification;
    if (!v || v.notChecked.length === 0) return null;
    return finding({
      id: 'live-not-checked',
      severity: 'info',
      confidence: 'unknown',
      title: 'Some re-checks could not be done',
      explanation: v.notChecked.join(' '),
      evidence: [],
      fix: null,
    });
  },
};

const policyNone: FindingRule = {
  id: 'dmarc-policy-none',
  run(input) {
    const r = input.verification?.dmarcRecord;
    if (!r || r.policy !== 'none') return null;
    return finding({
      id: 'dmarc-policy-none',
      severity: 'low',
      confidence: 'checked',
      title: `${r.domain}'s DMARC policy is p=none (monitoring only)`,
      explanation: `The DMARC record of ${r.orgDomain === r.domain ? r.domain : `${r.domain} (found at ${r.orgDomain})`} asks receivers to take no action on failures. That protects nobody from spoofing of the domain, and some receivers trust p=none domains less.`,
      evidence: [computedEvidence(r.record ?? 'v=DMARC1; p=none')],
      fix: 'Once DMARC reports show that all your legitimate mail aligns, move to p=quarantine, then p=reject.',
    });
  },
};

export const liveRules: FindingRule[] = [differences, bodyHash, notChecked, policyNone];
