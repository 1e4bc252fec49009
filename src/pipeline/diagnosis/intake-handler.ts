import { intake } from '../../agents/intake.js';
import { IntakeOutput } from '../../agents/schemas.js';
import { withStatus } from '../../domain/ticket.js';
import type { PipelineContext } from '../context.js';
import { DIAGNOSIS_STAGES, pendingRun } from '../stage-catalog.js';
import { runStage, type StageAttempt } from '../stage-runner.js';

/** Normalizes and enriches the incident; a repeat of an open incident stops here as Duplicate. */
export async function handleIntake(
  ctx: PipelineContext,
  incidentId: string,
  attempt: StageAttempt,
): Promise<void> {
  const ticket = await ctx.tickets.require(incidentId);
  if (ticket.status !== 'Diagnosing') return;
  const stage = DIAGNOSIS_STAGES.intake;
  const stored = await ctx.stages.output(incidentId, stage.key, IntakeOutput);
  const output = await runStage(ctx, incidentId, stage, attempt, stored, async () => {
    const result = intake({
      incidentId,
      system: ticket.system,
      issue: ticket.issue,
      sev: ticket.sev,
      alerts: ticket.alerts,
    });
    const owner = result.service.known
      ? `owned by ${result.service.owner}, tier ${result.service.tier}`
      : 'not in the service catalog';
    return { output: result, summary: `${result.system} (${owner}), ${result.sev}` };
  });

  const parent = await ctx.tickets.claimFingerprint(output.fingerprint, incidentId);
  if (parent) {
    await ctx.tickets.update(incidentId, (current) =>
      current.status === 'Diagnosing'
        ? {
            ...withStatus(current, 'Duplicate', { now: ctx.now(), reason: `same fingerprint as ${parent}` }),
            fingerprint: output.fingerprint,
            parent,
          }
        : undefined,
    );
    await Promise.all([
      ctx.timeline.append(incidentId, 'duplicate.detected', { parent, fingerprint: output.fingerprint }),
      ctx.timeline.append(parent, 'duplicate.linked', { duplicate: incidentId }),
      skipRemaining(ctx, incidentId),
      ctx.queues.requestSlackSync(incidentId),
      ctx.queues.requestSlackSync(parent),
    ]);
    return;
  }

  await ctx.tickets.update(incidentId, (current) =>
    current.fingerprint === output.fingerprint && current.system === output.system
      ? undefined
      : { ...current, fingerprint: output.fingerprint, system: output.system, sev: output.sev },
  );
  await ctx.queues.add('triage', { incidentId });
}

async function skipRemaining(ctx: PipelineContext, incidentId: string): Promise<void> {
  const { triage, rca, plan } = DIAGNOSIS_STAGES;
  await Promise.all(
    [triage, rca, plan].map((stage) =>
      ctx.stages.putRun(incidentId, { ...pendingRun(stage), state: 'skipped' }),
    ),
  );
}
