import type { Rollout } from '../../domain/rollout/rollout.js';
import type { PipelineContext } from '../context.js';
import { requestChangeSync } from './rollout-sync-request.js';

const MAX_LOG = 200;

/** `rollout` with a line added to its thread's log (the oldest dropped past the cap). */
export function withLine(rollout: Rollout, at: Date, text: string): Rollout {
  const log = [...rollout.log, { at: at.toISOString(), text: text.slice(0, 1000) }];
  return { ...rollout, log: log.slice(-MAX_LOG) };
}

/**
 * Applies `change` to the change atomically (it may run again: keep it pure) and asks the outbox
 * to show the result. Answers the change as stored, and whether this call wrote it.
 */
export async function advanceRollout(
  ctx: PipelineContext,
  id: string,
  change: (current: Rollout) => Rollout | undefined,
): Promise<{ rollout: Rollout | undefined; wrote: boolean }> {
  let wrote = false;
  let before: Rollout['status'] | undefined;
  const rollout = await ctx.rollouts.update(id, (current) => {
    const next = change(current);
    wrote = next !== undefined;
    before = current.status;
    return next;
  });
  if (wrote) await requestChangeSync(ctx, id);
  // Each move of a change in the logs too, beside its card, its thread and App Home.
  if (wrote && rollout && rollout.status !== before)
    ctx.logger.info(
      {
        change: id,
        service: rollout.service,
        version: rollout.version,
        from: before,
        to: rollout.status,
        phase: rollout.phase + 1,
        ...(rollout.reason ? { reason: rollout.reason.slice(0, 300) } : {}),
      },
      'change moved',
    );
  return { rollout, wrote };
}
