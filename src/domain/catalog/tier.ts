import type { Severity } from '../severity.js';
import type { Tier } from './service-spec.js';

const SEVERITY_OF_TIER: Readonly<Record<Tier, Severity>> = { 1: 'sev1', 2: 'sev2', 3: 'sev3' };

/** The severity an incident on a service of this tier starts with, until triage knows better. */
export function defaultSeverityForTier(tier: Tier): Severity {
  return SEVERITY_OF_TIER[tier];
}
