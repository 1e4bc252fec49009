import { z } from 'zod';
import { IntakeOutput, TriageOutput } from '../../agents/schemas.js';
import { runTriage } from '../../agents/triage.js';
import type { HealthState } from '../../domain/catalog/index.js';
import { withStatus } from '../../domain/ticket.js';
import type { PipelineContext } from '../context.js';
import { defineStage } from '../define-stage.js';
import { IncidentInput } from '../job-catalog.js';
import { DIAGNOSIS_STAGES, pendingRun, specialistStage } from '../stage-catalog.js';
import { captureTelemetry } from './telemetry-capture.js';

/** Confident enough to close by itself: a person can reopen it with one click. */
export const FALSE_POSITIVE_CONFIDENCE = 85;

/** What triage's false-positive closing weighs besides its own verdict. */
export interface FalsePositiveFacts {
  /** The service is known to the estate (silence from an unknown one proves nothing). */
  knownService: boolean;
  /** A person reopened it: the crew then diagnoses it in full. */
  reopened: boolean;
  /** Declared by a person or opened by the monitor: they have evidence a snapshot may not show. */
  trusted: boolean;
  /** A real service's health probe right now; absent for the simulated estate, judged by its telemetry. */
  health?: HealthState;
}

/**
 * Whether triage may close the alert as a false positive by itself. Pure. A real service's own
 * health rules have the last word: a steady 60 % error rate is flat against its baseline, yet
 * nothing a person would call a false positive, and an unknown (nothing measured it) proves
 * nothing. Only a probe that reads the service healthy right now lets the crew close it.
 */
export function mayCloseAsFalsePositive(output: TriageOutput, facts: FalsePositiveFacts): boolean {
  const confident =
    output.falsePositive.likely && output.falsePositive.confidence >= FALSE_POSITIVE_CONFIDENCE;
  if (!confident || !facts.knownService || facts.reopened || facts.trusted) return false;
  return facts.health === undefined || facts.health === 'healthy';
}

/** The health probe's state of a real service right now (unknown where nothing measures it). */
async function healthNow(ctx: PipelineContext, service: string): Promise<HealthState | undefined> {
  if (!ctx.directory.real) return undefined;
  if (!ctx.health.covers(service)) return 'unknown';
  const [report] = await ctx.health.probe([service], ctx.now());
  return report?.state ?? 'unknown';
}

async function closeAsFalsePositive(ctx: PipelineContext, incidentId: string, output: TriageOutput) {
  const reason = `likely false positive (${output.falsePositive.confidence}%): ${output.falsePositive.evidence[0] ?? 'telemetry is normal'}`;
  const ticket = await ctx.tickets.update(incidentId, (current) =>
    current.status === 'Diagnosing'
      ? {
          ...withStatus(current, 'False_Positive', { now: ctx.now(), by: 'crew', reason }),
          resolution: reason,
        }
      : undefined,
  );
  if (ticket.status !== 'False_Positive') return;
  const { rca, plan } = DIAGNOSIS_STAGES;
  await Promise.all([
    ctx.timeline.append(incidentId, 'false_positive', { ...output.falsePositive }),
    ...[rca, plan].map((stage) => ctx.stages.putRun(incidentId, { ...pendingRun(stage), state: 'skipped' })),
  ]);
  await ctx.queues.requestSlackSync(incidentId);
}

/** Scores the specialists and fans out to the chosen ones, in parallel, with rca as their parent. */
export const triageJob = defineStage({
  name: 'triage',
  input: IncidentInput.extend({ reopen: z.boolean().optional() }),
  stage: () => DIAGNOSIS_STAGES.triage,
  output: TriageOutput,
  runsWhile: ['Diagnosing'],
  needs: async (ctx, { incidentId }) => ({
    intake: await ctx.stages.output(incidentId, DIAGNOSIS_STAGES.intake.key, IntakeOutput),
  }),
  work: async ({ ctx, input: { incidentId }, ticket, needs: { intake } }) => {
    const [telemetry, thresholds] = await Promise.all([
      captureTelemetry(ctx, ticket),
      ctx.learning.thresholds(),
    ]);
    const { output, meta } = await runTriage(
      {
        incidentId,
        system: intake.system,
        issue: intake.issue,
        sev: intake.sev,
        service: intake.service,
        telemetry,
        thresholds,
      },
      ctx.reasoner,
    );
    const chosen = output.selected.join(', ');
    return { output, summary: `${output.severity}, ${output.category}; specialists: ${chosen}`, meta };
  },
  next: async ({ ctx, input: { incidentId }, output, ticket, needs: { intake } }) => {
    const facts: FalsePositiveFacts = {
      knownService: intake.service.known,
      reopened: Boolean(ticket.reopenedBy),
      trusted: ticket.source === 'manual' || ticket.source === 'monitor' || ticket.source === 'task',
    };
    // The probe is asked only when everything else would let the alert close.
    if (
      mayCloseAsFalsePositive(output, facts) &&
      mayCloseAsFalsePositive(output, { ...facts, health: await healthNow(ctx, intake.system) })
    ) {
      await closeAsFalsePositive(ctx, incidentId, output);
      return;
    }
    await Promise.all([
      ...output.selected.map((kind) => ctx.stages.putRun(incidentId, pendingRun(specialistStage(kind)))),
      ctx.queues.addDiagnosisFanOut(incidentId, output.selected),
    ]);
  },
});
