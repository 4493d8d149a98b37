/**
 * The SMTP probe family, for probe-check-list.ts: one module probing each MX
 * (or the named host) and reporting connect, TLS, certificate, capabilities
 * and recipient checks per host.
 */
import type { ProbeCheckDefinition } from '../check-types';
import { smtpProbe } from './smtp-probe';

export const smtpChecks: ProbeCheckDefinition[] = [smtpProbe];
