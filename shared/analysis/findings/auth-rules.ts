/**
 * Finding rules about authentication as the receiver recorded it: DMARC,
 * SPF, DKIM, compauth, ARC, iprev. Each names the domains, IPs and hosts
 * involved and quotes the header it read; none claims more than the
 * headers say.
 */
import type { AlignmentRow, DkimSignatureView, Finding } from '../../model/analysis';
import { hostFamily } from '../pipeline/families';
import {
  type FindingInput,
  type FindingRule,
  boundaryHop,
  computedEvidence,
  finding,
  headerEvidence,
  hopEvidence,
  isPass,
  listWords,
  recordedEvidence,
} from './helpers';

const alignedUnderMode = (r: AlignmentRow, input: FindingInput): boolean | null => {
  const m = r.identifier === 'mailfrom' ? input.alignment.mode.spf : input.alignment.mode.dkim;
  return m === 's' ? r.strict : r.relaxed;
};

/**
 * ARC sets sealed by someone other than the receiver: Gmail and Microsoft seal
 * every message they accept, which says nothing about forwarding.
 */
export function forwardedArcSets(input: FindingInput): FindingInput['authentication']['arc'] {
  const hop = boundaryHop(input);
  const receiver = hostFamily(hop?.by) ?? hostFamily(input.authentication.receiverAuthservId);
  return input.authentication.arc.filter((s) => receiver === null || hostFamily(s.sealDomain) !== receiver);
}

/** Did the message pass through a forwarder (ARC seals, SRS return-path, mailing-list rewriting)? */
export function forwardingHint(input: FindingInput): string | null {
  const arc = forwardedArcSets(input);
  if (arc.length > 0) {
    const sealers = [...new Set(arc.map((s) => s.sealDomain).filter((d): d is string => !!d))];
    return `it was forwarded through ${sealers.length ? listWords(sealers) : 'an intermediary'} (ARC-sealed, ${arc.length} set${arc.length > 1 ? 's' : ''})`;
  }
  const rp = input.input.returnPath ?? '';
  if (/^<?SRS[01][=+-]/i.test(rp)) return 'the envelope sender was rewritten by a forwarder (SRS)';
  return null;
}

const dmarcFail: FindingRule = {
  id: 'dmarc-fail',
  run(input) {
    const d = input.authentication.dmarc;
    if (!d || d.result !== 'fail') return null;
    const a = input.alignment;
    const from = d.headerFrom ?? a.fromDomain ?? 'the From domain';
    const mf = a.rows.find((r) => r.identifier === 'mailfrom');
    const dk = a.rows.filter((r) => r.identifier === 'dkim');
    const dkimList = dk.length ? [...new Set(dk.map((r) => r.domain ?? '?'))].join(', ') : 'none: not signed';
    const candidates = [mf, ...dk].filter((r): r is AlignmentRow => !!r && r.domain !== null);
    const aligned = candidates.filter((r) => alignedUnderMode(r, input) === true);
    const policy = d.policy ? ` ${from} publishes p=${d.policy}${d.disposition ? `; the receiver applied ${d.disposition}` : ''}.` : d.disposition ? ` The receiver applied ${d.disposition}.` : '';
    const evidence = [recordedEvidence(d), computedEvidence(a.summary)];
    if (aligned.length === 0) {
      return finding({
        id: 'dmarc-fail',
        severity: 'high',
        title: `DMARC failed: ${from} is not aligned`,
        explanation: `DMARC failed: the From domain ${from} aligns with neither the SPF domain (${mf?.domain ?? 'unknown'}) nor the DKIM domain (${dkimList}).${policy}${a.orgDomainSource === 'psl-estimate' ? ' (Organisational domains estimated from the Public Suffix List.)' : ''}`,
        evidence,
        fix: `Sign with d=${from} (publish a DKIM key under ${from} at your sending service) or use a return-path (bounce domain) under ${from}.`,
      });
    }
    const broken = aligned.map((r) =>
      r.identifier === 'mailfrom'
        ? `SPF for ${r.domain} is aligned but its result was ${r.authResult ?? 'not recorded'}`
        : `DKIM d=${r.domain} is aligned but its result was ${r.authResult ?? 'not recorded'}`,
    );
    const allPassed = aligned.every((r) => isPass(r.authResult));
    return finding({
      id: 'dmarc-fail',
      severity: 'high',
      confidence: allPassed ? 'estimated' : 'recorded',
      title: `DMARC failed for ${from}`,
      explanation: allPassed
        ? `DMARC failed although ${listWords(aligned.map((r) => `${r.identifier === 'mailfrom' ? 'SPF' : 'DKIM'} (${r.domain})`))} looks aligned by the ${a.orgDomainSource === 'psl-estimate' ? 'Public Suffix List estimate' : 'DNS tree walk'}: the DMARC record may require strict alignment (adkim=s / aspf=s), or the receiver's organisational domain differs.${policy}`
        : `DMARC failed: ${listWords(broken)}.${policy}`,
      evidence,
      fix: allPassed
        ? `Check the adkim/aspf tags of _dmarc.${from} and use identical domains if they are strict.`
        : 'Fix the failing aligned check (see the SPF/DKIM findings): that alone makes DMARC pass.',
    });
  },
};

const dmarcOther: FindingRule = {
  id: 'dmarc-other',
  run(input) {
    const d = input.authentication.dmarc;
    if (!d) return null;
    const from = d.headerFrom ?? input.alignment.fromDomain ?? 'the From domain';
    if (d.result === 'none' && d.resultRaw !== 'bestguesspass') {
      return finding({
        id: 'dmarc-none',
        severity: 'medium',
        title: `No DMARC policy for ${from}`,
        explanation: `The receiver found no DMARC record for ${from}, so nothing tied SPF and DKIM to the From address. Gmail and Yahoo require DMARC from bulk senders (since February 2024), and unauthenticated-looking mail is filtered more harshly.`,
        evidence: [recordedEvidence(d)],
        fix: `Publish a TXT record at _dmarc.${from}, e.g. "v=DMARC1; p=none; rua=mailto:dmarc@${from}", then move to quarantine or reject once reports show your mail aligns.`,
      });
    }
    if (d.resultRaw === 'bestguesspass') {
      return finding({
        id: 'dmarc-bestguesspass',
        severity: 'low',
        title: `No DMARC record for ${from} (Microsoft "bestguesspass")`,
        explanation: `Microsoft found no DMARC record for ${from}; it would have passed if one existed ("bestguesspass").`,
        evidence: [recordedEvidence(d)],
        fix: `Publish a DMARC record at _dmarc.${from}.`,
      });
    }
    if (d.result === 'temperror' || d.result === 'permerror') {
      return finding({
        id: 'dmarc-error',
        severity: d.result === 'permerror' ? 'medium' : 'low',
        title: `DMARC could not be evaluated (${d.result})`,
        explanation: d.result === 'permerror'
          ? `The DMARC record of ${from} could not be read (permerror): usually a syntax error or several records.`
          : `The receiver hit a temporary DNS error looking up DMARC for ${from}.`,
        evidence: [recordedEvidence(d)],
        fix: d.result === 'permerror' ? `Check _dmarc.${from}: exactly one TXT record starting with "v=DMARC1;".` : null,
      });
    }
    if (d.result === 'pass') {
      return finding({
        id: 'dmarc-pass',
        severity: 'ok',
        title: `DMARC passed for ${from}`,
        explanation: input.alignment.aligned === 'unknown' ? `The receiver recorded DMARC pass for ${from}.` : input.alignment.summary,
        evidence: [recordedEvidence(d)],
        fix: null,
      });
    }
    return null;
  },
};

const spfRule: FindingRule = {
  id: 'spf',
  run(input) {
    const spf = input.authentication.spf;
    if (!spf) return null;
    const hop = boundaryHop(input);
    const ip = spf.ip ?? hop?.ip ?? null;
    const domain = spf.mailFromDomain ?? spf.helo ?? 'the envelope sender domain';
    const ipText = ip ? `the connecting IP ${ip}` : 'the connecting server';
    const where = hop?.by ? ` (boundary hop, received by ${hop.by})` : '';
    const evidence = [recordedEvidence(spf)];
    if (hop) evidence.push(hopEvidence(hop));
    const fwd = forwardingHint(input);
    const fwdNote = fwd ? ` Note: ${fwd}; forwarding breaks SPF by design, and DKIM/ARC are what survive it.` : '';
    const fix = `Add the server that sends for ${domain}${ip ? ` (${ip}, or its provider's include:)` : ''} to the SPF record of ${domain}, or send through a server it lists.`;
    switch (spf.result) {
      case 'fail':
        return finding({
          id: 'spf-fail',
          severity: fwd ? 'medium' : 'high',
          title: `SPF failed: ${domain} does not authorise ${ip ?? 'the sending server'}`,
          explanation: `The receiver checked SPF for ${domain} and ${ipText}${where} is not in its record, which ends in -all (hard fail).${fwdNote}`,
          evidence,
          fix,
        });
      case 'softfail':
        return finding({
          id: 'spf-softfail',
          severity: 'medium',
          title: `SPF softfail: ${ip ?? 'the sending server'} is not listed for ${domain}`,
          explanation: `The receiver checked SPF for ${domain} and ${ipText}${where} is not in its record, which ends in ~all (softfail: "probably not authorised").${fwdNote}`,
          evidence,
          fix,
        });
      case 'none':
        return finding({
          id: 'spf-none',
          severity: 'medium',
          title: `No SPF record for ${domain}`,
          explanation: `${domain} publishes no SPF record, so the receiver could not tell whether ${ip ?? 'the sending server'} may send for it.`,
          evidence,
          fix: `Publish a TXT record at ${domain} such as "v=spf1 include:<your provider> -all" listing every server that sends its mail.`,
        });
      case 'permerror':
        return finding({
          id: 'spf-permerror',
          severity: 'medium',
          title: `SPF record of ${domain} is broken (permerror)`,
          explanation: `The receiver could not evaluate the SPF record of ${domain}: usually more than 10 DNS lookups (nested include:), a syntax error, or two SPF records.`,
          evidence,
          fix: `Flatten or trim the includes of ${domain}'s SPF record to at most 10 lookups, and keep a single "v=spf1" record.`,
        });
      case 'temperror':
        return finding({
          id: 'spf-temperror',
          severity: 'low',
          title: `SPF check hit a temporary DNS error`,
          explanation: `The receiver's DNS lookup for ${domain}'s SPF record failed temporarily; a retry usually succeeds. If it recurs, the domain's DNS servers are slow or unreachable.`,
          evidence,
          fix: `Check that the authoritative DNS servers of ${domain} answer reliably.`,
        });
      case 'neutral':
        return finding({
          id: 'spf-neutral',
          severity: 'low',
          title: `SPF neutral for ${domain}`,
          explanation: `${domain}'s SPF record says nothing definite about ${ipText} (?all or a neutral match), which receivers treat like no SPF.`,
          evidence,
          fix,
        });
      default:
        return null;
    }
  },
};

const BODY_HASH = /body hash|bodyhash|body-hash|bh mismatch/i;

function dkimReason(s: DkimSignatureView): string {
  return s.recordedReason ?? '';
}

function sigName(s: DkimSignatureView): string {
  return `d=${s.domain ?? '?'} s=${s.selector ?? '?'}`;
}

const dkimRule: FindingRule = {
  id: 'dkim',
  run(input) {
    const out: Finding[] = [];
    const from = input.alignment.fromDomain;
    const alignedDomain = (d: string | null) => {
      const row = input.alignment.rows.find((r) => r.identifier === 'dkim' && r.domain === d);
      return row ? alignedUnderMode(row, input) === true : false;
    };
    for (const s of input.authentication.dkim) {
      const r = s.recorded;
      const ev = [headerEvidence('DKIM-Signature', s.raw, s.line)];
      if (r) ev.unshift(recordedEvidence(r));
      const reason = dkimReason(s);
      if (r && r.result !== 'pass' && BODY_HASH.test(`${reason} ${r.text}`)) {
        out.push(finding({
          id: 'dkim-body-hash',
          severity: alignedDomain(s.domain) ? 'high' : 'medium',
          title: `DKIM ${sigName(s)}: the body changed after signing`,
          explanation: `The receiver recomputed the body hash and it does not match bh= in the signature ${sigName(s)}, so the body was modified after it was signed: typically a footer or disclaimer added by a server or mailing list, a transport rule, or line endings/encoding rewritten on the way.`,
          evidence: ev,
          fix: 'Find the hop that modifies the body (compare the message as sent with as received); add footers before signing, or sign at the last server that changes the message.',
        }));
      } else if (r && (r.result === 'fail' || r.result === 'permerror' || r.result === 'neutral' || r.result === 'policy')) {
        const keyMissing = /no key|key not found|nxdomain|no public key|not found/i.test(`${reason} ${r.text}`);
        out.push(finding({
          id: keyMissing ? 'dkim-no-key' : 'dkim-fail',
          severity: alignedDomain(s.domain) ? 'high' : 'medium',
          title: keyMissing ? `DKIM ${sigName(s)}: no public key in DNS` : `DKIM ${sigName(s)} did not verify (${r.resultRaw})`,
          explanation: keyMissing
            ? `The receiver found no DKIM key at ${s.selector ?? '?'}._domainkey.${s.domain ?? '?'}, so the signature could not be checked.`
            : `The receiver could not verify the DKIM signature ${sigName(s)}${reason ? `: ${reason}` : ''}. Either a signed header changed after signing, or the published key does not match the signing key.`,
          evidence: ev,
          fix: keyMissing
            ? `Publish the public key as a TXT record at ${s.selector ?? '<selector>'}._domainkey.${s.domain ?? '<domain>'} (your sending service shows it).`
            : 'Check that the selector\'s published key matches the private key in use, and that no server rewrites signed headers (Subject tags, From rewriting).',
        }));
      } else if (r && r.result === 'temperror') {
        out.push(finding({
          id: 'dkim-temperror',
          severity: 'low',
          title: `DKIM ${sigName(s)}: temporary DNS error`,
          explanation: `The receiver could not fetch the key for ${sigName(s)} because of a temporary DNS error.`,
          evidence: ev,
          fix: null,
        }));
      }
      if (s.algorithm === 'rsa-sha1') {
        out.push(finding({
          id: 'dkim-weak',
          severity: 'low',
          title: `DKIM ${sigName(s)} uses rsa-sha1`,
          explanation: 'rsa-sha1 signatures are obsolete (RFC 8301): many receivers treat them as unsigned.',
          evidence: [headerEvidence('DKIM-Signature', s.raw, s.line)],
          fix: 'Sign with rsa-sha256 (or ed25519-sha256 alongside it).',
        }));
      }
      if (s.bodyLength !== null) {
        out.push(finding({
          id: 'dkim-length-tag',
          severity: 'low',
          title: `DKIM ${sigName(s)} signs only the first ${s.bodyLength} bytes (l=)`,
          explanation: 'With l= anyone can append content after the signed part and the signature still passes; some filters score that.',
          evidence: [headerEvidence('DKIM-Signature', s.raw, s.line)],
          fix: 'Remove the l= tag from the signer configuration.',
        }));
      }
    }
    const anyPass = input.authentication.dkim.some((s) => isPass(s.recorded?.result)) || input.authentication.dkimUnmatched.some((r) => isPass(r.result));
    if (input.authentication.dkim.length === 0 && !anyPass && input.input.headerCount > 0) {
      const recordedNone = input.authentication.dkimUnmatched.find((r) => r.result === 'none');
      out.push(finding({
        id: 'dkim-none',
        severity: 'medium',
        confidence: recordedNone ? 'recorded' : 'estimated',
        title: 'The message is not DKIM-signed',
        explanation: `There is no DKIM-Signature header${recordedNone ? ' and the receiver recorded dkim=none' : ''}. Without a signature only SPF can authenticate the sender, and SPF breaks on forwarding.`,
        evidence: recordedNone ? [recordedEvidence(recordedNone)] : [computedEvidence('No DKIM-Signature field in the headers.')],
        fix: `Enable DKIM signing at your sending service with a key under ${from ?? 'your From domain'}.`,
      }));
    }
    return out;
  },
};

export const authRules: FindingRule[] = [dmarcFail, spfRule, dkimRule, dmarcOther];
