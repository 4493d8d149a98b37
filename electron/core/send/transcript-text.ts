/**
 * A send as plain text: the header (when, where, outcome, queue id, timings)
 * and every transcript line with its time, direction and explanation — the
 * same lines the CLI prints live. Built from the stored record, which is
 * already scrubbed of secrets.
 */
import type { SendRecord } from '../../../shared/model/send';
import type { TranscriptEntry } from '../../../shared/model/session';

const TAG: Record<TranscriptEntry['kind'], string> = {
  client: 'C:',
  server: 'S:',
  info: 'INFO',
  data: 'DATA',
  error: 'ERROR',
  dns: 'DNS',
  tcp: 'TCP',
  tls: 'TLS',
};

/** Whether an entry's explanation says something worth printing (not for a plain success or a 354). */
function telling(entry: TranscriptEntry): boolean {
  const e = entry.explanation;
  return Boolean(e && e.category !== 'success' && e.category !== 'intermediate');
}

/** One transcript line (multi-line replies indented under it), with its explanation below when it says something. */
export function formatEntry(entry: TranscriptEntry, options: { explain?: boolean } = {}): string {
  const time = `${entry.t.toFixed(1)} ms`.padStart(11);
  const [first, ...rest] = entry.text.split('\n');
  const lines = [`${time}  ${TAG[entry.kind].padEnd(5)} ${first ?? ''}`, ...rest.map((line) => `${' '.repeat(19)}${line}`)];
  const e = entry.explanation;
  if (options.explain !== false && e && telling(entry)) {
    const pad = ' '.repeat(19);
    lines.push(`${pad}↳ ${e.title}${e.enhanced ? ` (${e.enhanced})` : ''}: ${e.meaning}`);
    if (e.provider) lines.push(`${pad}  ${e.provider.provider}: ${e.provider.meaning}`);
    if (e.fix) lines.push(`${pad}  Fix: ${e.fix}`);
  }
  return lines.join('\n');
}

/**
 * Formats entries in order (live, as they come), printing each explanation
 * once: a refusal, the ERROR it causes and the Result line carry the same
 * one (with other replies, such as a 503 for the pipelined DATA, between).
 */
export function entryPrinter(): (entry: TranscriptEntry) => string {
  const said = new Set<string>();
  return (entry) => {
    if (!telling(entry)) return formatEntry(entry);
    const e = entry.explanation as NonNullable<TranscriptEntry['explanation']>;
    const key = `${e.title}\n${e.meaning}\n${e.fix ?? ''}`;
    const repeat = said.has(key);
    said.add(key);
    return formatEntry(entry, { explain: !repeat });
  };
}

export function transcriptText(record: SendRecord): string {
  const t = record.timings;
  const timing = (label: string, value: number | null): string => (value === null ? '' : ` ${label} ${value} ms`);
  const header = [
    `Mailscope send #${record.id} — ${record.status.toUpperCase()}`,
    `Started:   ${new Date(record.startedAt).toISOString()}${record.finishedAt ? `  (finished ${new Date(record.finishedAt).toISOString()})` : ''}`,
    `Target:    ${record.targetLabel}`,
    `Source:    ${record.sourceLabel}${record.subject ? ` — "${record.subject}"` : ''} (${record.size} bytes)`,
    `Envelope:  <${record.envelope.from}> → ${record.envelope.to.map((a) => `<${a}>`).join(', ')}`,
    ...(record.queueId ? [`Queue id:  ${record.queueId}`] : []),
    `Timings:  ${timing('dns', t.dnsMs)}${timing('connect', t.connectMs)}${timing('tls', t.tlsMs)}${timing('auth', t.authMs)}${timing('data', t.dataMs)}${timing('total', t.totalMs)}`,
    ...(record.explanation ? [`Outcome:   ${record.explanation.title}${record.explanation.fix ? ` — ${record.explanation.fix}` : ''}`] : []),
    ...record.recipients.map((r) => `Recipient: <${r.address}> ${r.accepted ? 'accepted' : 'refused'}${r.reply ? `: ${r.reply.split('\n').pop()}` : ''}`),
    '',
  ];
  const print = entryPrinter();
  return `${[...header, ...record.transcript.map((entry) => print(entry))].join('\n')}\n`;
}
