/**
 * The probe-more family for the runner's list (probe-check-list.ts):
 * MTA-STS, TLS-RPT, BIMI, reverse DNS and blocklists, plus the sender
 * requirements derived from a finished run.
 */
import type { ProbeCheckDefinition } from '../check-types';
import { bimiCheck } from './bimi';
import { dnsblCheck } from './dnsbl';
import { mtaStsCheck } from './mta-sts';
import { ptrCheck } from './ptr';
import { tlsRptCheck } from './tls-rpt';

export const moreChecks: readonly ProbeCheckDefinition[] = [mtaStsCheck, tlsRptCheck, bimiCheck, ptrCheck, dnsblCheck];

export { deriveRequirements } from './requirements';
