/**
 * How a probe report is laid out everywhere (the Probe screen, the CLI's
 * text, the Markdown export): sections in a fixed order with their names, and
 * each status with the word a person reads.
 */
import type { ProbeGroup, ProbeStatus } from '../model/probe';

/** Report sections, in order. */
export const GROUP_ORDER: readonly ProbeGroup[] = ['mx', 'spf', 'dkim', 'dmarc', 'mta-sts', 'tls-rpt', 'bimi', 'ptr', 'dnsbl', 'smtp', 'requirements'];

/** Section headings. */
export const GROUP_LABEL: Record<ProbeGroup, string> = {
  mx: 'MX',
  spf: 'SPF',
  dkim: 'DKIM',
  dmarc: 'DMARC',
  'mta-sts': 'MTA-STS',
  'tls-rpt': 'TLS-RPT',
  bimi: 'BIMI',
  ptr: 'Reverse DNS',
  dnsbl: 'Blocklists',
  smtp: 'SMTP',
  requirements: 'Sender requirements (Gmail, Yahoo)',
};

/** Status words; `error` is "could not check", never "clean". */
export const STATUS_LABEL: Record<ProbeStatus, string> = { pass: 'pass', warn: 'warn', fail: 'fail', info: 'info', error: 'could not check' };

/** Worst first: how a section's overall status is chosen. */
export const STATUS_RANK: Record<ProbeStatus, number> = { fail: 0, error: 1, warn: 2, info: 3, pass: 4 };

/** Sort key of a group (unknown groups last). */
export function groupIndex(group: ProbeGroup): number {
  const i = GROUP_ORDER.indexOf(group);
  return i === -1 ? GROUP_ORDER.length : i;
}
