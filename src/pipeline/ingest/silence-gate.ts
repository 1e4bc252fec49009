import { type SilenceVerdict, silenceVerdict } from '../../domain/silence.js';
import type { Alert } from '../../ingest/alert.js';
import type { PipelineContext } from '../context.js';

/**
 * Asked once for an alert that would open an incident: an active silence on its service or alert
 * name holds it (counted on the silence, no incident) unless it is a sev1, whose card is then
 * marked silenced. An alert held now opens its incident on its next delivery after the silence.
 */
export async function silenceGate(
  ctx: Pick<PipelineContext, 'silences' | 'now'>,
  alert: Alert,
): Promise<SilenceVerdict> {
  const now = ctx.now();
  const verdict = silenceVerdict(alert, await ctx.silences.active(now), now);
  if (verdict.kind === 'hold') {
    await ctx.silences.hold(verdict.silence.id, {
      fingerprint: alert.fingerprint,
      system: alert.system,
      issue: alert.issue,
      at: now.toISOString(),
    });
  }
  return verdict;
}
