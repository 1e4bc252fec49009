import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { defaultSeverityForTier, type Tier } from '../domain/catalog/index.js';
import type { Severity } from '../domain/severity.js';
import { cleanSystemName } from '../domain/system-name.js';
import { IntakeInput, type IntakeOutput, type ServiceContext } from './schemas.js';
import { validateStageInput } from './stage-io.js';

/** The comparable form of an issue line: lowercase words and numbers, single spaces. */
export function normalizeIssue(issue: string): string {
  return issue
    .toLowerCase()
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim();
}

/** Over the service's canonical name (the directory resolved any alias before). */
export function fingerprintOf(system: string, issue: string): string {
  const key = `${cleanSystemName(system)}\n${normalizeIssue(issue)}`;
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

const SEVERITY_WORDS: readonly [Severity, RegExp][] = [
  [
    'sev1',
    /\b(down|outage|crash\w*|oomkilled|exit 137|5xx|data loss|enospc|full|partition|fail(s|ed|ing)?)\b/,
  ],
  [
    'sev2',
    /\b(slow|latency|degraded|memory|leak|gc|timeouts?|timing out|errors?|pool|packet loss|503|unavailable)\b/,
  ],
];

/** Keywords first; a tier-1 service is never less than sev2. */
export function severityFor(issue: string, service: ServiceContext): Severity {
  const text = issue.toLowerCase();
  const fromWords = SEVERITY_WORDS.find(([, pattern]) => pattern.test(text))?.[0];
  if (fromWords) return fromWords;
  return service.tier === 1 ? 'sev2' : 'sev3';
}

/** The estate's services: the team's catalog, or the simulated estate standing in for one. */
export interface IntakeDirectory {
  /** True for the team's catalog: its tiers set the severity; the simulation keeps its own rule. */
  readonly real: boolean;
  resolve(nameOrAlias: string): string | undefined;
  context(name: string): ServiceContext;
}

/** With a catalog: keywords first, else the severity of the service's tier. */
function catalogSeverity(issue: string, service: ServiceContext): Severity {
  const text = issue.toLowerCase();
  const fromWords = SEVERITY_WORDS.find(([, pattern]) => pattern.test(text))?.[0];
  if (fromWords) return fromWords;
  return service.tier ? defaultSeverityForTier(service.tier as Tier) : 'sev3';
}

export function intake(input: z.input<typeof IntakeInput>, directory: IntakeDirectory): IntakeOutput {
  const parsed = validateStageInput('intake', IntakeInput, input);
  const system = directory.resolve(parsed.system) ?? cleanSystemName(parsed.system);
  const issue = parsed.issue.trim().replace(/\s+/g, ' ');
  const service = directory.context(system);
  const guessed = directory.real ? catalogSeverity(issue, service) : severityFor(issue, service);
  return {
    system,
    issue,
    sev: parsed.sev ?? guessed,
    fingerprint: fingerprintOf(system, issue),
    service,
  };
}

export interface DuplicateCandidate {
  fingerprint: string;
  system: string;
  issue: string;
}

export interface OpenTicketRef extends DuplicateCandidate {
  id: string;
}

/** The id of the open ticket this one repeats, or null. Systems are compared as canonical names. */
export function isDuplicateOf(
  candidate: DuplicateCandidate,
  openTickets: readonly OpenTicketRef[],
): string | null {
  const system = cleanSystemName(candidate.system);
  const issue = normalizeIssue(candidate.issue);
  const parent = openTickets.find(
    (ticket) =>
      ticket.fingerprint === candidate.fingerprint ||
      (cleanSystemName(ticket.system) === system && normalizeIssue(ticket.issue) === issue),
  );
  return parent?.id ?? null;
}
