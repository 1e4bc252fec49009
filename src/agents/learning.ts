import { z } from 'zod';
import type { CauseVerdict } from '../domain/cause-feedback.js';
import { BAND_EDGES, type ConfidenceBand, clampScore, confidenceBand } from '../domain/confidence.js';
import { SpecialistKind } from '../domain/faults.js';
import { ActionKind } from '../domain/runbook.js';

export const HumanDecision = z.enum(['approve', 'reject', 'override', 'request_changes', 'timeout']);
export type HumanDecision = z.infer<typeof HumanDecision>;

export const RemediationOutcome = z.object({ resolved: z.boolean(), rolledBack: z.boolean() });
export type RemediationOutcome = z.infer<typeof RemediationOutcome>;

/** `crash@api`: a fault on a service. */
export const FaultSignature = z.string().regex(/^[^@\s]+@[^@\s]+$/);
export function faultSignature(fault: string, service: string): string {
  return `${fault}@${service}`;
}

const Count = z.number().int().nonnegative();

/** What humans decided and what happened, for one action kind on one fault signature. */
export const LearningStats = z.object({
  signature: FaultSignature,
  kind: ActionKind,
  approvals: Count,
  rejections: Count,
  overrides: Count,
  changeRequests: Count,
  timeouts: Count,
  /** Resolved and not rolled back. */
  successes: Count,
  failures: Count,
  rollbacks: Count,
  /**
   * Approvers' verdicts on the root cause of this signature (kept per signature, not per action
   * kind: every kind's record reads the same two counts).
   */
  rightCauses: Count,
  wrongCauses: Count,
});
export type LearningStats = z.infer<typeof LearningStats>;

type Tally = Exclude<keyof LearningStats, 'signature' | 'kind'>;

const TALLY_OF: Readonly<Record<HumanDecision, Tally>> = {
  approve: 'approvals',
  reject: 'rejections',
  override: 'overrides',
  request_changes: 'changeRequests',
  timeout: 'timeouts',
};

export function emptyStats(signature: string, kind: ActionKind): LearningStats {
  return LearningStats.parse({
    signature,
    kind,
    approvals: 0,
    rejections: 0,
    overrides: 0,
    changeRequests: 0,
    timeouts: 0,
    successes: 0,
    failures: 0,
    rollbacks: 0,
    rightCauses: 0,
    wrongCauses: 0,
  });
}

/** The tally an approver's verdict on a root cause counts in. */
export const CAUSE_TALLY: Readonly<Record<CauseVerdict, 'rightCauses' | 'wrongCauses'>> = {
  right: 'rightCauses',
  wrong: 'wrongCauses',
};

export function recordDecision(stats: LearningStats, decision: HumanDecision): LearningStats {
  return bump(stats, TALLY_OF[decision]);
}

/** A rolled-back remediation counts as a failure even when the incident was resolved another way. */
export function recordOutcome(stats: LearningStats, outcome: RemediationOutcome): LearningStats {
  const counted = bump(stats, outcome.resolved && !outcome.rolledBack ? 'successes' : 'failures');
  return outcome.rolledBack ? bump(counted, 'rollbacks') : counted;
}

function bump(stats: LearningStats, tally: Tally): LearningStats {
  return { ...stats, [tally]: stats[tally] + 1 };
}

export const MAX_ADJUSTMENT = 10;
/** Until this many decisions agree, an adjustment stays within ±FEW_VOTES_CAP and never crosses a band. */
export const MIN_DECISIONS = 5;
export const FEW_VOTES_CAP = 4;
/** Beta(2, 2): two imaginary votes each way, so one approval is not read as certainty. */
const PRIOR = 2;

export interface ConfidenceAdjustment {
  delta: number;
  reason: string;
  /**
   * Human votes behind it: decisions on plans (timeouts are not decisions) and approvers' verdicts
   * on root causes; applyAdjustment's band guard needs it.
   */
  decisions: number;
}

/** "approved 3 of 4 times" or "rejected 1 of 4 times", whichever way the delta points. */
function tallyPhrase(delta: number, yes: number, no: number, said: { yes: string; no: string }): string {
  const total = yes + no;
  if (total === 0) return '';
  return delta < 0 ? `${said.no} ${no} of ${total} times` : `${said.yes} ${yes} of ${total} times`;
}

/**
 * Posterior mean of "the plan was approved and worked" under a Beta(2, 2) prior, mapped to ±10 points.
 * Approvals, root causes approvers called right and successes count for; rejections, overrides,
 * change requests, root causes called wrong and failures against; timeouts say nothing about the
 * plan. A move beyond ±4 needs 5 votes that point its way, which keeps fewer than 5 votes within ±4
 * and the delta monotone in approvals (another approval can only loosen the upward cap, never the
 * downward one).
 */
export function confidenceAdjustment(stats: LearningStats): ConfidenceAdjustment {
  const rejected = stats.rejections + stats.overrides + stats.changeRequests;
  const support = stats.approvals + stats.rightCauses;
  const against = rejected + stats.wrongCauses;
  const decisions = support + against;
  const positive = support + stats.successes;
  const negative = against + stats.failures;
  const subject = describeSignature(stats.signature);
  if (positive + negative === 0) {
    return { delta: 0, reason: `0: no decisions yet for ${subject}`, decisions };
  }
  const mean = (PRIOR + positive) / (2 * PRIOR + positive + negative);
  const raw = Math.round((mean - 0.5) * 2 * MAX_ADJUSTMENT);
  const upper = support >= MIN_DECISIONS ? MAX_ADJUSTMENT : FEW_VOTES_CAP;
  const lower = against >= MIN_DECISIONS ? -MAX_ADJUSTMENT : -FEW_VOTES_CAP;
  // `|| 0`: Math.round(-0.4) is -0, which Object.is (and so equality in tests and stores) tells from 0.
  const delta = Math.min(upper, Math.max(lower, raw)) || 0;
  const runs = stats.successes + stats.failures;
  const votes = tallyPhrase(delta, stats.approvals, rejected, { yes: 'approved', no: 'rejected' });
  const causes = tallyPhrase(delta, stats.rightCauses, stats.wrongCauses, {
    yes: 'root cause called right',
    no: 'root cause called wrong',
  });
  const worked = runs === 0 ? '' : `worked ${stats.successes} of ${runs} runs`;
  const rolledBack = stats.rollbacks === 0 ? '' : `rolled back ${stats.rollbacks}`;
  const capped = delta === raw ? '' : ` (held to ±${FEW_VOTES_CAP} until ${MIN_DECISIONS} decisions agree)`;
  const record = [votes, causes, worked, rolledBack].filter(Boolean).join(', ');
  return { delta, reason: `${signed(delta)}: ${record} for ${subject}${capped}`, decisions };
}

/**
 * The adjusted score, 0..100. With the band guard on and fewer than 5 decisions behind the adjustment,
 * the score stays in the band it started in: a few votes cannot turn an approval into an auto-remediation.
 */
export function applyAdjustment(score: number, adjustment: ConfidenceAdjustment, bandGuard = true): number {
  const moved = clampScore(score + adjustment.delta);
  if (!bandGuard || adjustment.decisions >= MIN_DECISIONS) return moved;
  return keepInBand(moved, confidenceBand(clampScore(score)));
}

function keepInBand(score: number, band: ConfidenceBand): number {
  if (band === 'low') return Math.min(score, BAND_EDGES.medium - 1);
  if (band === 'high') return Math.max(score, BAND_EDGES.high);
  return Math.min(Math.max(score, BAND_EDGES.medium), BAND_EDGES.high - 1);
}

function signed(delta: number): string {
  if (delta > 0) return `+${delta}`;
  return delta < 0 ? `−${-delta}` : '0';
}

function describeSignature(signature: string): string {
  const [fault, service] = signature.split('@');
  return service ? `${fault} on ${service}` : signature;
}

/** Specialist relevance thresholds move between these as their findings prove useful or not. */
export const SPECIALIST_THRESHOLD = { min: 50, max: 85, usefulStep: 2, uselessStep: 3 } as const;
export const SpecialistThresholds = z.partialRecord(
  SpecialistKind,
  z.number().min(SPECIALIST_THRESHOLD.min).max(SPECIALIST_THRESHOLD.max),
);
export type SpecialistThresholds = z.infer<typeof SpecialistThresholds>;

/** A useful specialist is called in more readily (lower threshold); a useless one less. */
export function specialistThresholdStep(wasUseful: boolean): number {
  return wasUseful ? -SPECIALIST_THRESHOLD.usefulStep : SPECIALIST_THRESHOLD.uselessStep;
}

/** The threshold after one more verdict, kept within its bounds. */
export function updateSpecialistThreshold(current: number, wasUseful: boolean): number {
  const { min, max } = SPECIALIST_THRESHOLD;
  return Math.min(max, Math.max(min, current + specialistThresholdStep(wasUseful)));
}
