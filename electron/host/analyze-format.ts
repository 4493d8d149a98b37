/**
 * Plain-text rendering of an AnalysisReport for `mailscope analyze`: ranked
 * findings first (what a user came for), then the hops, the
 * Authentication-Results groups, alignment, vendor verdicts, the live
 * re-checks and what could not be read. No colours: the output is meant to
 * be pasted into tickets.
 */
import { formatDuration } from '../../shared/analysis/findings';
import type { AnalysisReport, Finding, Hop } from '../../shared/model/analysis';

const SEVERITY_LABEL: Record<Finding['severity'], string> = { high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFO', ok: 'OK' };

function wrap(text: string, indent: string, width = 100): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && indent.length + line.length + 1 + w.length > width) {
      lines.push(indent + line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

function heading(title: string): string {
  return `\n${title}\n${'─'.repeat(title.length)}\n`;
}

function findingText(f: Finding, n: number): string {
  const out = [`${n}. [${SEVERITY_LABEL[f.severity]}] ${f.title}${f.confidence === 'estimated' ? ' (estimated)' : f.confidence === 'unknown' ? ' (could not check)' : ''}`];
  out.push(wrap(f.explanation, '   '));
  for (const e of f.evidence.slice(0, 4)) {
    const where = e.kind === 'header' ? `${e.header ?? 'header'}${e.line ? `, line ${e.line}` : ''}` : e.kind === 'dns' ? `DNS, asked ${e.askedAt ?? '?'}` : 'computed';
    out.push(wrap(`Evidence (${where}): ${e.text.length > 300 ? `${e.text.slice(0, 299)}…` : e.text}`, '   '));
  }
  if (f.fix) out.push(wrap(`Fix: ${f.fix}`, '   '));
  return out.join('\n');
}

function hopLine(h: Hop): string {
  const when = h.timestamp ? h.timestamp.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : (h.dateText ?? 'no date');
  const delay = h.delayMs === null ? '' : h.clockSkew ? `  clock skew ${formatDuration(h.delayMs)}` : `  +${formatDuration(h.delayMs)}`;
  const mark = h.boundary ? '▶ ' : h.internal ? '  ·' : '   ';
  if (!h.parsed) return `${mark}${String(h.index + 1).padStart(2)}. (could not be read) ${h.raw.replace(/\s+/g, ' ').slice(0, 140)}`;
  const tls = h.tls ? ` ${h.tls}${h.cipher ? ` ${h.cipher}` : ''}` : '';
  return `${mark}${String(h.index + 1).padStart(2)}. ${h.from ?? '?'}${h.ip ? ` [${h.ip}]` : ''} → ${h.by ?? '?'}${h.with ? ` with ${h.with}` : ''}${tls}  ${when}${delay}${h.dateEstimated ? ' (date estimated)' : ''}`;
}

/** The whole report as text. */
export function formatReport(r: AnalysisReport): string {
  const parts: string[] = [];
  const subject = r.input.subject ? `"${r.input.subject}"` : '(no subject)';
  parts.push(`Mailscope analysis — ${r.input.kind === 'message' ? 'whole message' : r.input.kind === 'headers' ? 'headers only' : r.input.kind}: ${subject}${r.input.from ? ` from ${r.input.from}` : ''}\n`);

  parts.push(heading('Findings (most likely causes first)'));
  parts.push(r.findings.length ? r.findings.map((f, i) => findingText(f, i + 1)).join('\n\n') : 'Nothing notable found.');
  parts.push('\n');

  const t = r.hops;
  parts.push(heading(`Received hops (oldest first; ▶ = boundary, where the receiver took over)`));
  if (t.hops.length === 0) parts.push('No Received headers.');
  else {
    parts.push(t.hops.map(hopLine).join('\n'));
    parts.push(`\nTotal: ${t.totalMs === null ? 'unknown (fewer than two timestamps)' : formatDuration(t.totalMs)}. Boundary: ${t.boundaryReason}`);
  }
  parts.push('\n');

  parts.push(heading('Authentication-Results'));
  const groups = r.authentication.groups;
  if (groups.length === 0) parts.push('None in the headers.');
  for (const g of groups) {
    parts.push(`${g.counts ? '★ ' : '  '}${g.label}`);
    for (const res of g.results) {
      const props = res.properties.map((p) => `${p.ptype}.${p.property}=${p.value}`).join(' ');
      parts.push(`    ${res.method}=${res.result}${res.resultRaw !== res.result ? ` (written "${res.resultRaw}")` : ''}${res.reason ? ` reason="${res.reason}"` : ''}${props ? ` ${props}` : ''}`);
    }
  }
  for (const s of r.authentication.dkim) {
    parts.push(`  DKIM-Signature d=${s.domain ?? '?'} s=${s.selector ?? '?'} a=${s.algorithm ?? '?'} → ${s.recorded ? `${s.recorded.result} (${s.recorded.source})` : 'no recorded result'}`);
  }
  if (r.authentication.compauth) parts.push(`  compauth=${r.authentication.compauth.result}${r.authentication.compauth.reason ? ` reason ${r.authentication.compauth.reason}: ${r.authentication.compauth.reasonMeaning ?? 'unknown code'}` : ''}`);
  parts.push('\n');

  parts.push(heading(`Alignment (org domains: ${r.alignment.orgDomainSource === 'psl-estimate' ? 'estimated from the Public Suffix List' : 'from the DMARC DNS tree walk'})`));
  for (const row of r.alignment.rows) {
    const al = row.identifier === 'from' ? '' : `  relaxed ${row.relaxed === null ? '?' : row.relaxed ? 'yes' : 'no'}, strict ${row.strict === null ? '?' : row.strict ? 'yes' : 'no'}${row.counts ? '  ← aligned and passed' : ''}`;
    parts.push(`  ${row.label.padEnd(48)} ${(row.domain ?? '—').padEnd(30)} org ${row.orgDomain ?? '—'}${row.authResult ? `  ${row.authResult}` : ''}${al}`);
  }
  parts.push(`  ${r.alignment.summary}`);
  parts.push('\n');

  parts.push(heading('Vendor verdicts'));
  if (r.vendorVerdicts.length === 0) parts.push('No spam-filter verdict headers.');
  for (const v of r.vendorVerdicts) {
    parts.push(`  ${v.vendorName} — ${v.header}${v.upstream ? ' (upstream, not the receiver\'s)' : ''}: ${v.summary}`);
    for (const f of v.fields.filter((x) => x.meaning || x.notable).slice(0, 20)) {
      parts.push(`      ${f.key}: ${f.raw}${f.meaning ? ` — ${f.meaning}` : ''}${f.source === 'community' ? ' [community-observed]' : ''}`);
    }
  }
  if (r.unknownHeaders.length) parts.push(`  Other X- headers with no decoder: ${r.unknownHeaders.map((h) => h.name).join(', ')}`);
  parts.push('\n');

  parts.push(heading('Live re-checks'));
  const v = r.verification;
  if (!v) parts.push('Not run (offline).');
  else {
    parts.push(`As of ${v.asOf} via ${v.resolver} (asked ${v.askedAt}).`);
    for (const c of v.checks) parts.push(`  ${c.label}: now ${c.asOfNow}${c.asRecorded ? `, recorded ${c.asRecorded}` : ''}${c.differs ? '  ← differs' : ''}${c.detail ? ` — ${c.detail}` : ''}`);
    for (const n of v.notChecked) parts.push(`  Not checked: ${n}`);
  }
  parts.push('\n');

  if (r.parseWarnings.length) {
    parts.push(heading('What could not be read'));
    parts.push(r.parseWarnings.map((w) => `  ${w.line ? `line ${w.line}: ` : ''}${w.message}${w.text ? ` (${w.text})` : ''}`).join('\n'));
    parts.push('\n');
  }
  return parts.join('\n').replace(/\n{3,}/g, '\n\n');
}
