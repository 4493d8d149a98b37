/**
 * Finding rules about the receiver's side of authentication: whether it
 * wrote a verdict at all, Microsoft's composite authentication, ARC-sealed
 * forwarding and reverse DNS of the connecting IP.
 */
import type { Finding } from '../../model/analysis';
import { forwardedArcSets, forwardingHint } from './auth-rules';
import {
  type FindingRule,
  boundaryHop,
  computedEvidence,
  countingGroup,
  finding,
  headerEvidence,
  hopEvidence,
  recordedEvidence,
} from './helpers';

const noReceiverVerdict: FindingRule = {
  id: 'no-receiver-ar',
  run(input) {
    if (input.input.headerCount === 0) return null;
    if (countingGroup(input)) return null;
    const groups = input.authentication.groups.filter((g) => g.role !== 'arc');
    if (groups.length > 0) {
      const ids = [...new Set(groups.map((g) => g.authservId ?? 'an unnamed server'))];
      return finding({
        id: 'upstream-ar-only',
        severity: 'info',
        confidence: 'unknown',
        title: 'Only upstream authentication results',
        explanation: `The Authentication-Results present were written before the message reached the receiver (by ${ids.join(', ')}), so they are not the verdict the receiver acted on. Anyone upstream can write such a header. Move the boundary hop if the receiver is further up the chain.`,
        evidence: groups.map((g) => headerEvidence(g.headerName, g.raw[0] ?? '', g.lines[0])),
        fix: null,
      });
    }
    return finding({
      id: 'no-receiver-ar',
      severity: 'info',
      confidence: 'unknown',
      title: 'The receiver wrote no Authentication-Results',
      explanation: input.authentication.receivedSpf.length > 0
        ? 'There is no Authentication-Results header: only Received-SPF shows how the receiver judged the sender. DKIM and DMARC could not be read from the headers; re-verify against live DNS to see what they say now.'
        : 'There is no Authentication-Results header, so how the receiver judged SPF, DKIM and DMARC cannot be read from the headers. Re-verify against live DNS to see what they say now (Verify).',
      evidence: [computedEvidence('No Authentication-Results field written by the receiver.')],
      fix: null,
    });
  },
};

const compauth: FindingRule = {
  id: 'compauth',
  run(input) {
    const c = input.authentication.compauth;
    if (!c) return null;
    const code = c.reason ? ` (reason ${c.reason}${c.reasonMeaning ? `: ${c.reasonMeaning}` : ''})` : '';
    if (c.result === 'fail') {
      const from = input.alignment.fromDomain ?? 'the From domain';
      return finding({
        id: 'compauth-fail',
        severity: 'high',
        title: 'Microsoft composite authentication failed',
        explanation: `Microsoft's composite authentication (compauth) failed${code}. Microsoft treats the sender as possibly spoofed, which sends the message to Junk or quarantine.`,
        evidence: [recordedEvidence(c)],
        fix: c.reason === '001'
          ? `Publish SPF and DKIM for ${from} that pass and align, and a DMARC record: reason 001 means Microsoft found no strong authentication to rely on.`
          : c.reason === '000'
            ? `Make DMARC pass for ${from} (see the DMARC finding): reason 000 is an explicit DMARC failure under a quarantine/reject policy.`
            : `Make SPF or DKIM pass and align with ${from}.`,
      });
    }
    if (c.resultRaw === 'softpass') {
      return finding({
        id: 'compauth-softpass',
        severity: 'low',
        title: 'Microsoft composite authentication: soft pass',
        explanation: `compauth=softpass${code}: Microsoft accepted the sender with weak evidence.`,
        evidence: [recordedEvidence(c)],
        fix: 'Publish DKIM and a DMARC record so authentication passes outright.',
      });
    }
    if (c.result === 'pass' && c.resultRaw !== 'softpass' && c.reason === '130') {
      return finding({
        id: 'compauth-arc-override',
        severity: 'info',
        title: 'Microsoft accepted it because of ARC',
        explanation: 'compauth=pass reason=130: DMARC failed (typically after forwarding), but Microsoft trusted the ARC seal of the forwarding service and overrode the failure.',
        evidence: [recordedEvidence(c)],
        fix: null,
      });
    }
    return null;
  },
};

const arcForwarded: FindingRule = {
  id: 'arc',
  run(input) {
    const sets = forwardedArcSets(input);
    if (sets.length === 0) return null;
    const hint = forwardingHint(input) ?? 'it was forwarded';
    const r = input.authentication.arcResult;
    const first = sets[0]!;
    const evidence = r ? [recordedEvidence(r)] : [];
    for (const s of sets) if (s.results) evidence.push(headerEvidence(`ARC-Authentication-Results i=${s.instance}`, s.results, s.lines[0]));
    const broken = r && r.result !== 'pass' && r.result !== 'none';
    const sealProblems = sets.flatMap((s) => s.problems.map((p) => `i=${s.instance}: ${p}`));
    return finding({
      id: broken ? 'arc-broken' : 'arc-forwarded',
      severity: broken ? 'low' : 'info',
      title: broken ? `ARC chain did not validate (${r!.resultRaw})` : 'Forwarded with an ARC seal',
      explanation: `The message carries ARC: ${hint}. The first intermediary (i=1${first.authservId ? `, ${first.authservId}` : ''}) recorded: ${first.results ?? 'nothing readable'}. ${r ? `The receiver's ARC verdict: ${r.resultRaw}.` : 'The receiver did not record an ARC verdict.'} Receivers may honour a trusted sealer's results to accept mail whose SPF or DMARC broke when forwarded.${sealProblems.length ? ` Incomplete sets: ${sealProblems.join('; ')}.` : ''}`,
      evidence: evidence.length ? evidence : [computedEvidence(`${sets.length} ARC set(s) present.`)],
      fix: broken ? 'An intermediary modified the message after sealing, or a seal is invalid; the forwarding service must seal after its last change.' : null,
    });
  },
};

const reverseDns: FindingRule = {
  id: 'iprev',
  run(input) {
    const out: Finding[] = [];
    const ip = input.authentication.iprev;
    const hop = boundaryHop(input);
    if (ip && (ip.result === 'fail' || ip.result === 'permerror' || ip.result === 'temperror')) {
      const addr = ip.ip ?? hop?.ip ?? 'the sending IP';
      out.push(finding({
        id: 'iprev-fail',
        severity: ip.result === 'temperror' ? 'low' : 'medium',
        title: `No valid reverse DNS for ${addr}`,
        explanation: `The receiver's reverse-DNS check (iprev) ${ip.resultRaw === ip.result ? `returned ${ip.result}` : `returned ${ip.resultRaw}`}: ${addr} has no PTR record, or its name does not resolve back to it. Many filters penalise that.`,
        evidence: [recordedEvidence(ip), ...(hop ? [hopEvidence(hop)] : [])],
        fix: `Ask the owner of ${addr} (your hosting provider or ISP) to set a PTR record naming the server, with a matching A/AAAA record.`,
      }));
    } else if (!ip && hop && hop.ip && /\bunknown\s*\[/i.test(hop.raw)) {
      out.push(finding({
        id: 'ptr-missing',
        severity: 'medium',
        confidence: 'estimated',
        title: `The boundary IP ${hop.ip} had no reverse DNS`,
        explanation: `The receiving server ${hop.by ?? ''} recorded the sender as "unknown [${hop.ip}]": the IP had no PTR record when it connected. Many filters penalise that.`,
        evidence: [hopEvidence(hop)],
        fix: `Ask the owner of ${hop.ip} to set a PTR record naming the server, with a matching A/AAAA record.`,
      }));
    }
    return out;
  },
};

export const receiverRules: FindingRule[] = [compauth, reverseDns, arcForwarded, noReceiverVerdict];
