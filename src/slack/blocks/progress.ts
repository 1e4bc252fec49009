import type { StagePhase, StageRun } from '../../domain/stage-run.js';
import { context, fallbackText, section } from './kit.js';
import { STAGE_STATE_EMOJI } from './labels.js';
import { LIMITS } from './limits.js';
import { type Plan, planBlock, planTasks, type StageSources } from './plan-tasks.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';
import { escapeAndTruncate, oneLine, slackDate, truncate } from './text.js';

/** The live checklist in the incident's thread, one message per phase, updated as stages move. */
export interface ProgressView {
  id: string;
  phase: StagePhase;
  /** Stages of other phases are left out. */
  stages: readonly StageRun[];
  now: string;
  note?: string;
  modelUsage?: string;
  /** Links behind stages' results, by stage key (the RCA's PromQL in Prometheus). */
  sources?: StageSources;
}

const LINE_MAX = 280;

const PHASE_TITLE: Readonly<Record<StagePhase, string>> = {
  diagnosis: 'Diagnosis',
  remediation: 'Remediation',
};

function engineSummary(stages: readonly StageRun[]): string | undefined {
  const rules = stages.filter((stage) => stage.engine === 'rules').length;
  const model = stages.filter((stage) => stage.engine === 'model').length;
  const fellBack = stages.filter((stage) => stage.fallbackReason).length;
  if (rules + model === 0) return undefined;
  const parts = [`Engines: model ×${model}, rules ×${rules}`];
  if (fellBack > 0) parts.push(`${fellBack} fell back to rules`);
  return parts.join(' · ');
}

function phaseStages(stages: readonly StageRun[], phase: StagePhase): StageRun[] {
  return stages.filter((stage) => stage.phase === phase).sort((a, b) => a.rank - b.rank);
}

function tallyOf(stages: readonly StageRun[]): string {
  const done = stages.filter((stage) => stage.state === 'done').length;
  const failed = stages.filter((stage) => stage.state === 'failed').length;
  return `${done}/${stages.length} stages done${failed > 0 ? `, ${failed} failed` : ''}`;
}

/** The phase in one line, for the card while a person waits: `Diagnosis · 2/8 stages done · ✅ Intake ✅ Triage 🔄 Web`. */
export function progressLine(stages: readonly StageRun[], phase: StagePhase): string {
  const shown = phaseStages(stages, phase);
  const marks = shown.map((stage) => `${STAGE_STATE_EMOJI[stage.state]} ${oneLine(stage.label)}`);
  return truncate(`${PHASE_TITLE[phase]} · ${tallyOf(shown)} · ${marks.join(' ')}`, LINE_MAX);
}

/**
 * The phase as one Block Kit `plan`: a `task_card` per stage (pending, in progress, complete or
 * error), then the note and the engines or model usage. The streamed message ends with the same
 * content (see plan-tasks.ts), so a person sees one plan whichever way it reached the thread.
 */
export function progressMessage(view: ProgressView): SlackMessage {
  const stages = phaseStages(view.stages, view.phase);
  const blocks: KnownBlock[] = [planBlock(planOf(view))];
  if (stages.length === 0) blocks.push(section('_No stages yet._'));
  if (view.note) blocks.push(section(`_${escapeAndTruncate(oneLine(view.note), 2000)}_`));
  blocks.push(context(progressFooter(view)));
  return { text: fallbackText(`${view.id} progress: ${tallyOf(stages)}`), blocks };
}

/** The context line under the plan: model usage (or engines) and when it last changed. */
export function progressFooter(view: ProgressView): string[] {
  const stages = phaseStages(view.stages, view.phase);
  const footer = [view.modelUsage ? escapeAndTruncate(view.modelUsage, 500) : engineSummary(stages)];
  footer.push(`Updated ${slackDate(view.now, '{time_secs}')}`);
  return footer.filter((item): item is string => item !== undefined);
}

/** The plan's title and one task per stage of the phase, in rank order. */
export function planOf(view: ProgressView): Plan {
  const stages = phaseStages(view.stages, view.phase);
  const title = truncate(`${PHASE_TITLE[view.phase]} · ${view.id} · ${tallyOf(stages)}`, LIMITS.planTitle);
  return { title, tasks: planTasks(stages, view.sources) };
}
