import { z } from 'zod';
import { PermanentError } from '../../errors.js';
import { nextChaosDelayMs, pickChaosFault } from '../../sim/chaos-pick.js';
import type { PipelineContext } from '../context.js';
import { injectAndOpen } from '../inject.js';
import { defineJob } from '../job-definition.js';

/** `/incident simulate start`: a random fault now, then one every 30 to 60 s, until stopped. */
export async function startChaos(ctx: PipelineContext, channel: string, by: string): Promise<void> {
  if ((await ctx.killSwitch.state()).on) {
    throw new PermanentError('conflict', 'The kill switch is on: turn it off before starting a rehearsal.', {
      httpStatus: 409,
    });
  }
  const seq = await ctx.chaos.start(channel, by, ctx.now());
  await ctx.queues.add('chaos-tick', { seq });
}

export async function stopChaos(ctx: PipelineContext, by: string, reason = 'stopped'): Promise<void> {
  await ctx.chaos.stop(by, ctx.now(), reason);
}

/** One rehearsal fault, then the next tick; the kill switch ends the rehearsal. */
export async function handleChaosTick(
  ctx: PipelineContext,
  seq: number,
  random = Math.random,
): Promise<void> {
  const state = await ctx.chaos.read();
  if (!state.on || state.seq !== seq) return;
  if ((await ctx.killSwitch.state()).on) {
    await stopChaos(ctx, 'crew', 'kill switch');
    return;
  }
  const pick = pickChaosFault(await ctx.estate.read(), random);
  if (pick)
    await injectAndOpen(ctx, { ...pick, channel: state.channel, ...(state.by ? { user: state.by } : {}) });
  // A stop (or restart) that came in meanwhile wins: then no next tick.
  if (!(await ctx.chaos.advance(seq))) return;
  const delayMs = nextChaosDelayMs(ctx.settings.chaosIntervalSeconds, random);
  await ctx.queues.add('chaos-tick', { seq: seq + 1 }, { delayMs });
}

export const chaosTickJob = defineJob({
  name: 'chaos-tick',
  input: z.object({ seq: z.number().int().nonnegative() }),
  options: { attempts: 3, backoff: { type: 'fixed', delay: 1000 } },
  run: (ctx, { seq }) => handleChaosTick(ctx, seq),
});
