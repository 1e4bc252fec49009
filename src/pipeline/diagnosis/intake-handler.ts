import { intake } from '../../agents/intake.js';
import { IntakeOutput } from '../../agents/schemas.js';
import { withStatus } from '../../domain/ticket.js';
import type { PipelineContext } from '../context.js';
import { defineStage } from '../define-stage.js';
import { IncidentInput } from '../job-catalog.js';
import { DIAGNOSIS_STAGES, pendingRun } from '../stage-catalog.js';

/** Normalizes and enriches the incident; a repeat of an open incident stops here as Duplicate. */
export const intakeJob = defineStage({
  name: 'intake',
  input: IncidentInput,
  stage: () => DIAGNOSIS_STAGES.intake,
  output: IntakeOutput,
  runsWhile: ['Diagnosing'],
  work: async ({ ctx, input: { incidentId }, ticket }) => {
    const result = intake(
      {
        incidentId,
        system: ticket.system,
        issue: ticket.issue,
        sev: ticket.sev,
        alerts: ticket.alerts,
      },
      ctx.directory,
    );
    const mention = result.service.ownerSlack ? ` <@${result.service.ownerSlack}>` : '';
    const owner = result.service.known
      ? `owned by ${result.service.owner}${mention}, tier ${result.service.tier}`
      : 'not in the service catalog';
    return { output: result, summary: `${result.system} (${owner}), ${result.sev}` };
  },
  // Triage is this job's parent in the flow: it starts when this job completes. The ticket takes
  // the normalized fields alongside the claim (a duplicate keeps them too), in one round trip.
  next: async ({ ctx, input: { incidentId }, output, ticket }) => {
    const [parent] = await Promise.all([
      ctx.tickets.claimFingerprint(output.fingerprint, incidentId),
      ctx.tickets.update(
        incidentId,
        (current) =>
          current.fingerprint === output.fingerprint && current.system === output.system
            ? undefined
            : { ...current, fingerprint: output.fingerprint, system: output.system, sev: output.sev },
        { known: ticket },
      ),
    ]);
    if (parent) await markDuplicate(ctx, incidentId, parent, output.fingerprint);
  },
});

async function markDuplicate(ctx: PipelineContext, incidentId: string, parent: string, fingerprint: string) {
  await ctx.tickets.update(incidentId, (current) =>
    current.status === 'Diagnosing'
      ? {
          ...withStatus(current, 'Duplicate', { now: ctx.now(), reason: `same fingerprint as ${parent}` }),
          fingerprint,
          parent,
        }
      : undefined,
  );
  const { triage, rca, plan } = DIAGNOSIS_STAGES;
  await Promise.all([
    ctx.timeline.append(incidentId, 'duplicate.detected', { parent, fingerprint }),
    ctx.timeline.append(parent, 'duplicate.linked', { duplicate: incidentId }),
    ...[triage, rca, plan].map((stage) =>
      ctx.stages.putRun(incidentId, { ...pendingRun(stage), state: 'skipped' }),
    ),
  ]);
  await Promise.all([ctx.queues.requestSlackSync(incidentId), ctx.queues.requestSlackSync(parent)]);
}
