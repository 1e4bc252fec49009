import { type StepApproval, StepApprovalRequest, StepDecision } from '../domain/step-approval.js';
import type { Keys } from './keys.js';
import { onReplica, type Redis } from './redis.js';

/** Per-step approvals of runbook steps: one request and at most one decision per round and step. */
export interface StepApprovals {
  /** False when the step's approval was already requested (a retried or rechecking job). */
  request(incidentId: string, request: StepApprovalRequest): Promise<boolean>;
  /** The first decision wins atomically; answers the decision that stands and whether it is this one. */
  decide(
    incidentId: string,
    ref: { round: number; stepId: string },
    decision: StepDecision,
  ): Promise<{ won: boolean; decision: StepDecision }>;
  read(incidentId: string, ref: { round: number; stepId: string }): Promise<StepApproval | undefined>;
  /** Every request of the incident with its decision, in round then request order. */
  list(incidentId: string): Promise<StepApproval[]>;
}

// Step ids are `[a-z0-9-]`, so `|` cannot occur inside a part.
const fieldOf = (ref: { round: number; stepId: string }, part: 'request' | 'decision') =>
  `${ref.round}|${ref.stepId}|${part}`;

export function createStepApprovals(redis: Redis, keys: Keys): StepApprovals {
  const read: StepApprovals['read'] = async (incidentId, ref) => {
    const [request, decision] = await redis.hmget(
      keys.stepApprovals(incidentId),
      fieldOf(ref, 'request'),
      fieldOf(ref, 'decision'),
    );
    if (request === null || request === undefined) return undefined;
    return {
      request: StepApprovalRequest.parse(JSON.parse(request)),
      ...(decision ? { decision: StepDecision.parse(JSON.parse(decision)) } : {}),
    };
  };
  return {
    async request(incidentId, request) {
      const set = await redis.hsetnx(
        keys.stepApprovals(incidentId),
        fieldOf(request, 'request'),
        JSON.stringify(StepApprovalRequest.parse(request)),
      );
      return set === 1;
    },
    async decide(incidentId, ref, decision) {
      const key = keys.stepApprovals(incidentId);
      const field = fieldOf(ref, 'decision');
      const won = (await redis.hsetnx(key, field, JSON.stringify(StepDecision.parse(decision)))) === 1;
      if (won) {
        // A step decision a failover loses would let a later click overturn it: wait for a replica.
        await onReplica(redis, key);
        return { won, decision };
      }
      const standing = await redis.hget(key, field);
      return { won, decision: standing ? StepDecision.parse(JSON.parse(standing)) : decision };
    },
    read,
    async list(incidentId) {
      const fields = await redis.hgetall(keys.stepApprovals(incidentId));
      const approvals: StepApproval[] = [];
      for (const [field, value] of Object.entries(fields)) {
        const [round, stepId, part] = field.split('|');
        if (part !== 'request' || round === undefined || stepId === undefined) continue;
        const decision = fields[fieldOf({ round: Number(round), stepId }, 'decision')];
        approvals.push({
          request: StepApprovalRequest.parse(JSON.parse(value)),
          ...(decision ? { decision: StepDecision.parse(JSON.parse(decision)) } : {}),
        });
      }
      return approvals.sort(
        (a, b) =>
          a.request.round - b.request.round || a.request.requestedAt.localeCompare(b.request.requestedAt),
      );
    },
  };
}
