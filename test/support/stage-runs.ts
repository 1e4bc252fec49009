import type { StageRun } from '../../src/domain/stage-run.js';
import type { PipelineContext } from '../../src/pipeline/context.js';
import { openIncident } from '../../src/pipeline/open-incident.js';
import { waitFor } from './test-runtime.js';

/** Opens INC-0001, an api incident with no fault behind it, posted to `channel`. */
export function openApiIncident(ctx: PipelineContext, channel: string) {
  return openIncident(ctx, { system: 'api', issue: '5xx above 5%', sev: 'sev2', source: 'inject', channel });
}

/** The stage's run once it is running; with `after`, a run started later than that start (a re-run). */
export function stageRunning(
  ctx: PipelineContext,
  incidentId: string,
  key: string,
  options: { after?: string; timeoutMs?: number } = {},
): Promise<StageRun> {
  return waitFor(
    async () => {
      const run = (await ctx.stages.runs(incidentId)).find((candidate) => candidate.key === key);
      return run?.state === 'running' && run.startedAt !== options.after ? run : undefined;
    },
    {
      timeoutMs: options.timeoutMs ?? 30_000,
      intervalMs: 10,
      what: `${key} of ${incidentId} to start running`,
    },
  );
}
