/**
 * A probe run as a readable Markdown report (the "Export → Markdown" of the
 * Probe screen, meant for tickets and e-mails): the summary, then every
 * section in report order with each check's status, explanation, fix, facts,
 * SPF tree and SMTP transcript, then the whole DNS transcript as a table.
 * Plain text in a Markdown viewer and readable without one.
 */
import type { ProbeCheck, ProbeDnsQuery, ProbeRun, SpfTreeNode } from '../../../shared/model/probe';
import { GROUP_LABEL, GROUP_ORDER, groupIndex } from '../../../shared/probe/report-order';
import { formatWhen } from './probe-compare';

const STATUS_MARK: Record<ProbeCheck['status'], string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', info: 'INFO', error: 'COULD NOT CHECK' };

export function probeRunToMarkdown(run: ProbeRun): string {
  const out: string[] = [];
  const r = run.request;
  out.push(`# Mail health of ${r.domain}`, '');
  const took = run.finishedAt !== null ? ` in ${((run.finishedAt - run.startedAt) / 1000).toFixed(1)} s` : '';
  out.push(`Probe #${run.id}, started ${formatWhen(run.startedAt)}, ${run.state === 'done' ? 'finished' : run.state}${took}.${run.error ? ` ${run.error}` : ''}`, '');
  const c = run.counts;
  out.push(`**${c.fail} failed, ${c.warn} warnings, ${c.error} could not be checked, ${c.pass} passed, ${c.info} for information.**`, '');
  out.push(`- Sending IP: ${r.ip ?? 'none given'}`);
  out.push(`- DKIM selectors asked for: ${r.selectors.length ? r.selectors.join(', ') : 'none (the common ones only)'}`);
  out.push(`- SMTP probe: ${!r.smtp.enabled ? 'off' : r.smtp.host ? `${r.smtp.host}:${r.smtp.port ?? 25}` : 'each MX on port 25'}${r.smtp.rcptTest ? `, recipient test ${r.smtp.rcptTest}` : ''}`);
  out.push(`- Resolver: ${r.dns.servers.length ? r.dns.servers.join(', ') : 'system resolver'}`, '');

  const checks = [...run.checks].sort((a, b) => groupIndex(a.group) - groupIndex(b.group));
  for (const group of [...GROUP_ORDER, ...new Set(checks.map((x) => x.group).filter((g) => !GROUP_ORDER.includes(g)))]) {
    const inGroup = checks.filter((x) => x.group === group);
    if (inGroup.length === 0) continue;
    out.push(`## ${GROUP_LABEL[group] ?? group}`, '');
    for (const check of inGroup) out.push(...checkSection(check), '');
  }

  out.push('## DNS transcript', '');
  if (run.dns.length === 0) out.push('No DNS queries were made.');
  else {
    out.push('| # | Name | Type | Outcome | Answers | TTL | Time | Server |', '|---|---|---|---|---|---|---|---|');
    for (const q of run.dns) out.push(dnsRow(q));
  }
  out.push('', `_Exported by Mailscope. Times are UTC; TTLs in seconds; "cached" = answered from this run's earlier query._`, '');
  return out.join('\n');
}

function checkSection(check: ProbeCheck): string[] {
  const out = [`### ${STATUS_MARK[check.status]} — ${md(check.title)}`, ''];
  if (check.subject) out.push(`Subject: \`${check.subject}\` · id \`${check.id}\``, '');
  else out.push(`id \`${check.id}\``, '');
  out.push(md(check.explanation), '');
  if (check.fix) out.push(`**Fix:** ${md(check.fix)}`, '');
  const e = check.evidence;
  if (e.facts?.length) {
    out.push('| Fact | Value |', '|---|---|');
    for (const f of e.facts) out.push(`| ${cell(f.label)} | ${cell(f.value)} |`);
    out.push('');
  }
  if (e.spfTree) out.push('SPF evaluation tree:', '', ...spfTree(e.spfTree, 0), '');
  if (e.http?.length) {
    for (const h of e.http) out.push(`- HTTPS GET ${h.url} → ${h.status ?? 'no response'} in ${Math.round(h.durationMs)} ms${h.error ? ` (${h.error})` : ''}`);
    out.push('');
  }
  if (e.transcript?.length) {
    out.push('```', ...e.transcript.map((t) => `${String(Math.round(t.t)).padStart(6)} ms ${t.kind.padEnd(6)} ${t.text}`), '```', '');
  }
  if (e.dns.length) out.push(`DNS: ${e.dns.map((q) => `${q.name} ${q.type} → ${q.outcome === 'answer' ? q.answers.join(', ') || '(empty)' : q.outcome}`).join('; ')}`);
  return out;
}

function spfTree(node: SpfTreeNode, depth: number): string[] {
  const pad = '  '.repeat(depth);
  const resolved = node.resolvesTo.length ? ` → ${node.resolvesTo.slice(0, 8).join(', ')}${node.resolvesTo.length > 8 ? ` … (${node.resolvesTo.length})` : ''}` : '';
  const flags = [node.countsLookup ? 'lookup' : '', node.voidLookup ? 'void' : '', node.matchedIp ? 'matched the IP' : ''].filter(Boolean).join(', ');
  const line = `${pad}- \`${node.term}\`${resolved}${flags ? ` (${flags})` : ''}${node.problem ? ` — **${md(node.problem)}**` : ''}`;
  return [line, ...node.children.flatMap((child) => spfTree(child, depth + 1))];
}

function dnsRow(q: ProbeDnsQuery): string {
  const answers = q.outcome === 'answer' ? q.answers.join('<br>') : q.note ? `(${q.note})` : '';
  return `| ${q.seq} | ${cell(q.name)} | ${q.type} | ${q.outcome}${q.cached ? ' (cached)' : ''} | ${cell(answers)} | ${q.ttl ?? '—'} | ${Math.round(q.durationMs)} ms | ${cell(q.server)} |`;
}

/** Table cells: no pipes or newlines. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Free text: keep it readable, only neutralise what would start a heading or a list. */
function md(text: string): string {
  return text.replace(/^([#>])/gm, '\\$1');
}

