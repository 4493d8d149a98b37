/**
 * A run compared with the previous finished run of the same domain, in plain
 * words: which checks changed status, which are new or gone, and — because a
 * status often stays the same while the record under it changes — what
 * changed inside the SPF and DMARC records (term by term) and the MX set,
 * read from the two runs' DNS transcripts.
 *
 *   "SPF changed since 2026-11-24 21:30 UTC: include:_spf.esp.net added"
 */
import type { ProbeChange, ProbeCheck, ProbeComparison, ProbeRun, ProbeRunSummary, ProbeStatus } from '../../../shared/model/probe';
import { GROUP_LABEL, groupIndex, STATUS_LABEL } from '../../../shared/probe/report-order';

export function compareRuns(run: ProbeRun, previous: ProbeRun | null): ProbeComparison {
  if (!previous) return { runId: run.id, previous: null, changes: [] };
  const since = `since ${formatWhen(previous.finishedAt ?? previous.startedAt)}`;
  const before = new Map(previous.checks.map((c) => [c.id, c]));
  const after = new Map(run.checks.map((c) => [c.id, c]));
  const changes: (ProbeChange & { order: number })[] = [];

  for (const [id, now] of after) {
    const was = before.get(id);
    if (!was) changes.push({ checkId: id, title: now.title, before: null, after: now.status, detail: `New check ${since}: ${now.title} (${STATUS_LABEL[now.status]}).`, order: groupIndex(now.group) });
    else if (was.status !== now.status) changes.push({ checkId: id, title: now.title, before: was.status, after: now.status, detail: statusDetail(was, now, since), order: groupIndex(now.group) });
  }
  for (const [id, was] of before) {
    if (!after.has(id)) changes.push({ checkId: id, title: was.title, before: was.status, after: null, detail: `No longer reported ${since}: ${was.title} (was ${STATUS_LABEL[was.status]}).`, order: groupIndex(was.group) });
  }

  // What changed inside the records: merged into the anchoring check's change when it has one.
  for (const record of recordDiffs(run, previous)) {
    const anchor = anchorCheck(run, record.group, record.name, record.type) ?? anchorCheck(previous, record.group, record.name, record.type);
    const text = `${record.label} changed ${since}: ${record.words.join('; ')}.`;
    const existing = anchor ? changes.find((c) => c.checkId === anchor.id) : undefined;
    if (existing) existing.detail = `${text} ${existing.detail}`;
    else {
      const status: ProbeStatus | null = anchor ? (after.get(anchor.id)?.status ?? null) : null;
      changes.push({ checkId: anchor?.id ?? record.group, title: anchor?.title ?? `${record.label} record`, before: anchor ? (before.get(anchor.id)?.status ?? null) : null, after: status, detail: text, order: groupIndex(record.group) - 0.5 });
    }
  }

  changes.sort((a, b) => a.order - b.order);
  return { runId: run.id, previous: summaryOf(previous), changes: changes.map(({ order: _order, ...change }) => change) };
}

function statusDetail(was: ProbeCheck, now: ProbeCheck, since: string): string {
  const title = was.title === now.title ? now.title : `${now.title} (was: ${was.title})`;
  return `${GROUP_LABEL[now.group] ?? now.group}: ${STATUS_LABEL[was.status]} → ${STATUS_LABEL[now.status]} ${since}: ${title}.`;
}

interface RecordDiff {
  group: ProbeCheck['group'];
  label: string;
  name: string;
  type: string;
  words: string[];
}

function recordDiffs(run: ProbeRun, previous: ProbeRun): RecordDiff[] {
  const domain = run.request.domain;
  const out: RecordDiff[] = [];
  const spf = [recordText(previous, domain, 'TXT', /^v=spf1(\s|$)/i), recordText(run, domain, 'TXT', /^v=spf1(\s|$)/i)] as const;
  if (spf[0] !== undefined && spf[1] !== undefined) {
    const words = diffSpf(spf[0], spf[1]);
    if (words.length) out.push({ group: 'spf', label: 'SPF', name: domain, type: 'TXT', words });
  }
  const dmarcName = `_dmarc.${domain}`;
  const dmarc = [recordText(previous, dmarcName, 'TXT', /^v=dmarc1\s*(;|$)/i), recordText(run, dmarcName, 'TXT', /^v=dmarc1\s*(;|$)/i)] as const;
  if (dmarc[0] !== undefined && dmarc[1] !== undefined) {
    const words = diffDmarc(dmarc[0], dmarc[1]);
    if (words.length) out.push({ group: 'dmarc', label: 'DMARC', name: dmarcName, type: 'TXT', words });
  }
  const mx = [recordText(previous, domain, 'MX', null), recordText(run, domain, 'MX', null)] as const;
  if (mx[0] !== undefined && mx[1] !== undefined) {
    const words = diffSets(mx[0] ? mx[0].split('\n') : [], mx[1] ? mx[1].split('\n') : []);
    if (words.length) out.push({ group: 'mx', label: 'MX', name: domain, type: 'MX', words });
  }
  return out;
}

/**
 * The record a run saw at name/type: the matching answers joined by newlines,
 * '' when the name had none (NXDOMAIN/NODATA/no matching record), undefined
 * when the run did not ask or could not tell (timeout, SERVFAIL) — then
 * nothing is claimed about a change.
 */
function recordText(run: ProbeRun, name: string, type: string, match: RegExp | null): string | undefined {
  const query = run.dns.find((q) => q.name === name && q.type === type && q.outcome !== 'timeout' && q.outcome !== 'servfail' && q.outcome !== 'refused' && q.outcome !== 'error');
  if (!query) return undefined;
  const answers = query.answers.filter((a) => (match ? match.test(a) : true));
  return [...answers].sort().join('\n');
}

/** SPF term by term: "include:_spf.esp.net added", "~all → -all", "ip4:192.0.2.1 removed". */
export function diffSpf(before: string, after: string): string[] {
  if (before === after) return [];
  if (!before) return [`record published (${after})`];
  if (!after) return [`record removed (was ${before})`];
  if (before.includes('\n') || after.includes('\n')) return [`now "${after.replace(/\n/g, '" and "')}", was "${before.replace(/\n/g, '" and "')}"`];
  const terms = (text: string) => text.trim().split(/\s+/).slice(1).map((t) => t.toLowerCase());
  const a = terms(before);
  const b = terms(after);
  const bare = (t: string) => t.replace(/^[+\-~?]/, '');
  const words: string[] = [];
  const removed = a.filter((t) => !b.includes(t));
  const added = b.filter((t) => !a.includes(t));
  for (const t of removed) {
    const requalified = added.find((n) => bare(n) === bare(t));
    if (requalified) {
      words.push(`${t} → ${requalified}`);
      added.splice(added.indexOf(requalified), 1);
    } else words.push(`${t} removed`);
  }
  for (const t of added) words.push(`${t} added`);
  if (words.length === 0) words.push('terms reordered');
  return words;
}

/** DMARC tag by tag: "p: none → quarantine", "rua added (mailto:…)". */
export function diffDmarc(before: string, after: string): string[] {
  if (before === after) return [];
  if (!before) return [`record published (${after})`];
  if (!after) return [`record removed (was ${before})`];
  const tags = (text: string) => {
    const map = new Map<string, string>();
    for (const part of text.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0) map.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
    }
    return map;
  };
  const a = tags(before);
  const b = tags(after);
  const words: string[] = [];
  for (const [tag, value] of b) {
    const old = a.get(tag);
    if (old === undefined) words.push(`${tag}=${value} added`);
    else if (old !== value) words.push(`${tag}: ${old} → ${value}`);
  }
  for (const [tag, value] of a) if (!b.has(tag)) words.push(`${tag}=${value} removed`);
  return words;
}

function diffSets(before: string[], after: string[]): string[] {
  return [...after.filter((x) => !before.includes(x)).map((x) => `${x} added`), ...before.filter((x) => !after.includes(x)).map((x) => `${x} removed`)];
}

/** The check of `group` whose evidence includes the record's query (else the group's first check). */
function anchorCheck(run: ProbeRun, group: ProbeCheck['group'], name: string, type: string): ProbeCheck | undefined {
  const inGroup = run.checks.filter((c) => c.group === group);
  return inGroup.find((c) => c.evidence.dns.some((q) => q.name === name && q.type === type)) ?? inGroup[0];
}

function summaryOf(run: ProbeRun): ProbeRunSummary {
  const { request: _r, checks: _c, dns: _d, ...summary } = run;
  return summary;
}

/** "2026-11-24 21:30 UTC" */
export function formatWhen(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
