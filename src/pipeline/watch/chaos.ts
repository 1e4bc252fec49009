import { PermanentError } from '../../errors.js';
import type { ChaosState } from '../../store/chaos-store.js';
import type { PipelineContext } from '../context.js';
import { injectAndOpen } from '../inject.js';
import { nextChaosDelayMs, pickChaosFault } from './chaos-pick.js';

export function chaosState(ctx: PipelineContext): Promise<ChaosState> {
  return ctx.chaos.read();
}

/** `/incident simulate start`: a random fault now, then one every 30 to 60 s, until stopped. */
export async function startChaos(ctx: PipelineContext, channel: string, by: string): Promise<ChaosState> {
  if ((await ctx.killSwitch.state()).on) {
    throw new PermanentError('conflict', 'The kill switch is on: turn it off before starting a rehearsal.', {
      httpStatus: 409,
    });
  }
  const previous = await ctx.chaos.read();
  const state: ChaosState = { on: true, channel, by, at: ctx.now().toISOString(), seq: previous.seq + 1 };
  await ctx.chaos.write(state);
  await ctx.queues.add('chaos-tick', { seq: state.seq });
  return state;
}

export async function stopChaos(ctx: PipelineContext, by: string, reason = 'stopped'): Promise<ChaosState> {
  const previous = await ctx.chaos.read();
  const state: ChaosState = { ...previous, on: false, by, at: ctx.now().toISOString(), reason };
  await ctx.chaos.write(state);
  return state;
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
  const next = seq + 1;
  await ctx.chaos.write({ ...state, seq: next });
  await ctx.queues.add(
    'chaos-tick',
    { seq: next },
    { delayMs: nextChaosDelayMs(ctx.settings.chaosIntervalSeconds, random) },
  );
}
