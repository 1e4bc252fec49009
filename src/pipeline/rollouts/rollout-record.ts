import type { Rollout } from '../../domain/rollout/rollout.js';
import type { PipelineContext } from '../context.js';

/**
 * "What changed just before?": once a rollout's first phase has switched something, an incident on
 * the service names it, from the moment the new version went live. Recorded once (by the change's
 * id), so calling it again after a retry or a worker restart changes nothing; a rollout that never
 * acted (blocked, rejected, halted before switching) records nothing.
 */
export async function recordLiveRollout(ctx: PipelineContext, rollout: Rollout | undefined): Promise<void> {
  if (rollout?.liveAt === undefined) return;
  const approvedBy = rollout.decidedBy ?? 'nobody';
  await ctx.changes.record(
    {
      id: rollout.id,
      service: rollout.service,
      version: rollout.version,
      ...(rollout.previousVersion ? { previousVersion: rollout.previousVersion } : {}),
      author: (rollout.requestedBy === 'api' ? `api, approved by ${approvedBy}` : rollout.requestedBy).slice(
        0,
        100,
      ),
      at: rollout.liveAt,
      source: 'rollout',
    },
    ctx.now(),
  );
}

/**
 * A finished rollback is a change too: the service runs the previous version again, so the next
 * rollout's "version before" and an incident's "what changed just before?" read the truth.
 */
export async function recordRollback(
  ctx: PipelineContext,
  rollout: Rollout,
  previous: string,
): Promise<void> {
  if (rollout.liveAt === undefined) return;
  await ctx.changes.record(
    {
      id: `${rollout.id}:rollback`,
      service: rollout.service,
      version: previous,
      previousVersion: rollout.version,
      author: `rollback of ${rollout.id}`,
      at: ctx.now().toISOString(),
      source: 'rollout',
    },
    ctx.now(),
  );
}
