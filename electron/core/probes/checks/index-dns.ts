/**
 * The DNS-record checks of a probe (issue 4): MX, SPF, DKIM, DMARC. The
 * runner takes this list together with the other modules' lists.
 */
import type { ProbeCheckDefinition } from '../check-types';
import { dkimCheck } from './dkim';
import { dmarcCheck } from './dmarc';
import { mxCheck } from './mx';
import { spfCheck } from './spf';

export const dnsChecks: ProbeCheckDefinition[] = [mxCheck, spfCheck, dkimCheck, dmarcCheck];
