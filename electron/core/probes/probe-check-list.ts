/**
 * THE list of probe modules the runner runs, assembled from the check
 * families (checks/index-dns.ts, checks/index-more.ts, checks/index-smtp.ts),
 * and the sender-requirements derivation. One small file so a new family is
 * one import here.
 */
import type { ProbeCheckDefinition } from './check-types';
import { dnsChecks } from './checks/index-dns';
import { deriveRequirements as deriveFromChecks, moreChecks } from './checks/index-more';
import { smtpChecks } from './checks/index-smtp';
import type { DeriveRequirements } from './probe-runner';

export const ALL_CHECKS: readonly ProbeCheckDefinition[] = [...dnsChecks, ...moreChecks, ...smtpChecks];

export const deriveRequirements: DeriveRequirements | undefined = deriveFromChecks;
