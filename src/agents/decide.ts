import { BAND_EDGES } from '../domain/confidence.js';
import { PermanentError } from '../errors.js';

export type Route = 'auto' | 'approval' | 'escalate';

export interface RouteThresholds {
  /** At or above: the crew may remediate without asking. */
  auto: number;
  /** Under: approval plus a mention of the approvers. */
  escalate: number;
}

export interface RouteInput {
  confidence: number;
  guard: 'allow' | 'warn' | 'block';
  /** The dry run's prediction; null when it has not run. */
  dryRunHelps: boolean | null;
  autoRemediate: boolean;
  killSwitch: boolean;
  /** Why some step cannot run by itself (no automatic executor or no health probe); undefined: all can. */
  cannotAct?: string;
  thresholds?: RouteThresholds;
}

export interface RouteDecision {
  route: Route;
  /** Why the plan was not remediated automatically, one line per reason; why it was, when it was. */
  reasons: string[];
}

export const DEFAULT_THRESHOLDS: Readonly<RouteThresholds> = {
  auto: BAND_EDGES.high,
  escalate: BAND_EDGES.medium,
};

/** Confidence routing: auto only when every gate agrees; escalate under the low edge; approval otherwise. */
export function decideRoute(input: RouteInput): RouteDecision {
  const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;
  if (thresholds.escalate > thresholds.auto) {
    throw new PermanentError('invalid_input', 'the escalate threshold must not be above the auto threshold', {
      details: thresholds,
    });
  }
  const refusals = autoRefusals(input, thresholds);
  if (refusals.length === 0) {
    return {
      route: 'auto',
      reasons: [`confidence ${input.confidence} ≥ ${thresholds.auto}, guard passed, dry run helps`],
    };
  }
  if (input.confidence < thresholds.escalate) {
    return {
      route: 'escalate',
      reasons: [
        ...refusals,
        `confidence ${input.confidence} is under ${thresholds.escalate}: approvers are mentioned`,
      ],
    };
  }
  return { route: 'approval', reasons: refusals };
}

function autoRefusals(input: RouteInput, thresholds: RouteThresholds): string[] {
  const refusals: string[] = [];
  if (!input.autoRemediate) refusals.push('AUTO_REMEDIATE is off: every plan waits for a human');
  if (input.killSwitch) refusals.push('the kill switch is on: nothing remediates by itself');
  if (input.cannotAct) refusals.push(input.cannotAct);
  if (input.confidence < thresholds.auto) {
    refusals.push(`confidence ${input.confidence} is under ${thresholds.auto}`);
  }
  if (input.guard === 'block') refusals.push('the safety guard blocked a step');
  if (input.guard === 'warn') refusals.push('the safety guard warned about a step');
  if (input.dryRunHelps === false) refusals.push('the dry run predicts the plan will not help');
  if (input.dryRunHelps === null) refusals.push('no dry run result');
  return refusals;
}
