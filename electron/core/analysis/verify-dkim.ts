/**
 * Merge mailauth's DKIM results with our header-only checks into one
 * DkimCheck per DKIM-Signature field, and explain failures: expected vs
 * computed body hash, whether the headers still verify (so only the body
 * changed), and the likely modifier.
 */
import type { DKIMResult } from 'mailauth';
import { guessBodyModifiers } from './body-modifiers';
import type { SplitMessage } from './dkim-canon';
import { stripFws } from './dkim-key';
import type { HeaderOnlyResult } from './header-only-dkim';
import type { DnsQueryRecord } from './resolver';
import type { AuthResult, DkimCheck } from './verify-types';

interface DkimInputs {
  split: SplitMessage;
  bodyPresent: boolean;
  /** mailauth's results (empty in headers-only mode is fine: they are ignored there). */
  mailauth: DKIMResult[];
  /** Header-only results for the DKIM-Signature fields, in field order. */
  headerOnly: HeaderOnlyResult[];
  queries: DnsQueryRecord[];
}

const KEY_REASONS = new Set(['key-not-found', 'dns-error', 'key-revoked', 'key-invalid', 'key-version', 'key-type-mismatch', 'key-hash-mismatch', 'key-service']);

export function checkDkimSignatures(inputs: DkimInputs): DkimCheck[] {
  const fields = inputs.split.fields.filter((f) => f.key === 'dkim-signature');
  return fields.map((field, i) => {
    const header = inputs.headerOnly.find((h) => h.fieldIndex === field.index) ?? null;
    const b = header ? signatureValue(header.field) : null;
    const ma = inputs.bodyPresent && b ? (inputs.mailauth.find((r) => stripFws(String(r.signature ?? '')) === b) ?? null) : null;
    const evidence = header?.dnsName ? inputs.queries.filter((q) => q.name.toLowerCase() === header.dnsName).map((q) => q.seq) : [];
    const base: DkimCheck = {
      ordinal: i + 1,
      fieldIndex: field.index,
      domain: header?.domain ?? ma?.signingDomain ?? null,
      selector: header?.selector ?? ma?.selector ?? null,
      algorithm: header?.algorithm ?? ma?.algo ?? null,
      canonicalization: header?.canonicalization ? `${header.canonicalization.header}/${header.canonicalization.body}` : (ma?.format ?? null),
      result: 'neutral',
      basis: inputs.bodyPresent && ma ? 'whole-message' : 'headers-only',
      explanation: '',
      mailauthComment: null,
      bodyHash: null,
      bodyLength: null,
      modifiers: [],
      headerCheck: header,
      key: { dnsName: header?.dnsName ?? null, record: header?.keyRecord ?? ma?.rr ?? null, bits: header?.key?.bits ?? ma?.modulusLength ?? null, testing: header?.key?.testing ?? false },
      signTime: header?.signTime ?? ma?.signTime ?? null,
      expires: header?.expires ?? ma?.expiresAfter ?? null,
      timeValid: ma?.signatureTimeValid ?? null,
      evidence,
    };
    if (!ma) return headersOnlyVerdict(base, header, inputs.bodyPresent);
    return wholeMessageVerdict(base, ma, header, inputs);
  });
}

function headersOnlyVerdict(check: DkimCheck, header: HeaderOnlyResult | null, bodyPresent: boolean): DkimCheck {
  if (!header) return { ...check, explanation: 'the signature field could not be read' };
  const skipped = bodyPresent ? ' (mailauth skipped this signature; the verdict is from the header check)' : '';
  return { ...check, result: header.result, explanation: header.explanation + skipped };
}

function wholeMessageVerdict(check: DkimCheck, ma: DKIMResult, header: HeaderOnlyResult | null, inputs: DkimInputs): DkimCheck {
  const result = ma.status.result as AuthResult;
  const comment = typeof ma.status.comment === 'string' ? ma.status.comment : null;
  const expected = ma.bodyHashExpecting ? stripFws(String(ma.bodyHashExpecting)) : null;
  const computed = ma.bodyHash ?? null;
  const out: DkimCheck = {
    ...check,
    result,
    mailauthComment: comment,
    bodyHash: expected !== null || computed !== null ? { expected, computed, matches: expected !== null && expected === computed } : null,
    bodyLength: ma.canonBodyLengthLimited && typeof ma.canonBodyLengthLimit === 'number' ? { limit: ma.canonBodyLengthLimit, signedBytes: ma.canonBodyLength ?? null, totalBytes: ma.canonBodyLengthTotal ?? null } : null,
  };
  const where = `d=${out.domain} s=${out.selector}`;
  if (result === 'pass') {
    const unsigned = ma.status.underSized ? ` Note: l= leaves ${ma.status.underSized} body bytes unsigned, which anyone could have changed or added.` : '';
    return { ...out, explanation: `${where}: the signature verifies with the key published now at ${out.key.dnsName ?? `${out.selector}._domainkey.${out.domain}`}.${unsigned}` };
  }
  if (out.bodyHash && expected && computed && !out.bodyHash.matches && comment?.includes('body hash')) {
    const canon = header?.canonicalization?.body ?? 'simple';
    const hash = out.algorithm?.endsWith('sha1') ? 'sha1' : 'sha256';
    out.modifiers = guessBodyModifiers(inputs.split.body ?? '', inputs.split.fields, {
      expected,
      canon,
      hash,
      lengthLimit: out.bodyLength?.limit ?? null,
      lineEndingsNormalised: inputs.split.lineEndingsNormalised,
    });
    const headersSay =
      header?.result === 'pass'
        ? 'The signed headers still verify, so only the body changed.'
        : header?.reason === 'bad-signature'
          ? 'The signed headers do not verify either, so headers changed too.'
          : header
            ? `The header signature could not be checked: ${header.explanation}.`
            : '';
    const top = out.modifiers[0];
    return {
      ...out,
      explanation: `${where}: the body changed after signing: bh= says ${expected}, the body now hashes to ${computed}. ${headersSay}${top ? ` Most likely: ${top.explanation}.` : ''}`,
    };
  }
  if (header && KEY_REASONS.has(header.reason)) return { ...out, explanation: `${where}: ${header.explanation}` };
  if (result === 'fail') return { ...out, explanation: `${where}: ${header?.reason === 'bad-signature' ? header.explanation : `the signature does not verify (${comment ?? 'bad signature'})`}` };
  if (result === 'policy') return { ...out, explanation: `${where}: the signature verifies, but the receiver's policy rejects it (${comment ?? 'weak key'})${header?.reason === 'weak-key' ? `: ${header.explanation}` : ''}` };
  if (result === 'temperror') return { ...out, explanation: `${where}: the key could not be fetched (${comment ?? 'DNS failure'}); try again or choose another DNS server` };
  return { ...out, explanation: `${where}: ${comment ?? 'the signature could not be processed'}${header ? ` (${header.explanation})` : ''}` };
}

/** The b= value of a signature field, whitespace removed. */
function signatureValue(field: string): string | null {
  const m = /(?:^|;)\s*b\s*=([^;]*)/i.exec(field.slice(field.indexOf(':') + 1));
  return m ? stripFws(m[1] ?? '') : null;
}
