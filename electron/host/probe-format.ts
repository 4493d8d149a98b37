/**
 * Terminal rendering of a probe for `mailscope probe`: the report grouped by
 * section in report order, each check with its status word (coloured only
 * when stdout is a terminal and NO_COLOR is unset — colour is never the only
 * cue), the explanation and fix of anything not passing, and one line about
 * the DNS transcript (the full transcript is in --json).
 */
import type { ProbeCheck, ProbeCounts, ProbeDnsQuery, ProbeRequest, ProbeStatus } from '../../shared/model/probe';
import { GROUP_LABEL, GROUP_ORDER, groupIndex } from '../../shared/probe/report-order';

const WORD: Record<ProbeStatus, string> = { pass: 'pass', warn: 'WARN', fail: 'FAIL', info: 'info', error: 'could not check' };
const MARK: Record<ProbeStatus, string> = { pass: '✓', warn: '!', fail: '✗', info: 'i', error: '?' };
const COLOUR: Record<ProbeStatus, string> = { pass: '32', warn: '33', fail: '31', info: '36', error: '35' };

export interface FormatOptions {
  colour: boolean;
  /** Terminal width for wrapping. */
  width?: number;
}

/** Checks in report order: by section, and within one in the order they finished (a module reports its headline first). */
export function orderChecks(checks: readonly ProbeCheck[]): ProbeCheck[] {
  return [...checks].sort((a, b) => groupIndex(a.group) - groupIndex(b.group));
}

export function countsLine(c: ProbeCounts): string {
  const parts = [`${c.fail} failed`, `${c.warn} warning${c.warn === 1 ? '' : 's'}`, `${c.error} could not be checked`, `${c.pass} passed`, `${c.info} info`];
  return parts.join(' · ');
}

export function formatProbeText(
  run: { request: ProbeRequest; checks: readonly ProbeCheck[]; dns: readonly ProbeDnsQuery[]; counts: ProbeCounts; state: string; durationMs: number; resolver: string },
  options: FormatOptions,
): string {
  const paint = (code: string, text: string) => (options.colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  const bold = (text: string) => paint('1', text);
  const width = Math.max(60, Math.min(options.width ?? 100, 140));
  const out: string[] = [];
  out.push(bold(`Mailscope probe — ${run.request.domain}`));
  out.push(`${countsLine(run.counts)}  (${(run.durationMs / 1000).toFixed(1)} s${run.state === 'done' ? '' : `, ${run.state}`})`);
  out.push(`Resolver: ${run.resolver}`);
  const checks = orderChecks(run.checks);
  const groups = [...GROUP_ORDER, ...new Set(checks.map((c) => c.group).filter((g) => !GROUP_ORDER.includes(g)))];
  for (const group of groups) {
    const inGroup = checks.filter((c) => c.group === group);
    if (inGroup.length === 0) continue;
    out.push('', bold(GROUP_LABEL[group] ?? group));
    for (const check of inGroup) {
      const label = `${MARK[check.status]} ${WORD[check.status]}`.padEnd(17);
      out.push(`  ${paint(COLOUR[check.status], label)} ${check.title}`);
      const indent = ' '.repeat(20);
      if (check.status !== 'pass' && check.explanation) out.push(wrap(check.explanation, indent, width));
      if (check.fix && check.status !== 'pass') out.push(wrap(`Fix: ${check.fix}`, indent, width));
    }
  }
  const cached = run.dns.filter((q) => q.cached).length;
  const slowest = run.dns.reduce((m, q) => Math.max(m, q.cached ? 0 : q.durationMs), 0);
  out.push('', wrap(`DNS: ${run.dns.length} quer${run.dns.length === 1 ? 'y' : 'ies'} (${cached} answered from this run's cache), slowest ${Math.round(slowest)} ms. The full DNS transcript is in --json.`, '', width), '');
  return out.join('\n');
}

function wrap(text: string, indent: string, width: number): string {
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
