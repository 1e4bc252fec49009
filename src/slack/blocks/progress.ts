import { isParallelStage, type StagePhase, type StageRun } from '../../domain/stage-run.js';
import { capList, context, fallbackText, moreLine, mrkdwn, section } from './kit.js';
import { STAGE_STATE_EMOJI } from './labels.js';
import { LIMITS } from './limits.js';
import type { KnownBlock, SectionBlock, SlackMessage } from './slack-types.js';
import { elapsedMs, escapeAndTruncate, formatDuration, oneLine, slackDate, truncate } from './text.js';

/** The live checklist in the incident's thread, one message per phase, updated as stages move. */
export interface ProgressView {
  id: string;
  phase: StagePhase;
  /** Stages of other phases are left out. */
  stages: readonly StageRun[];
  now: string;
  note?: string;
  modelUsage?: string;
}

/** Ten lines of this length always fit one section (3000). */
const LINE_MAX = 280;
const LINES_PER_SECTION = 10;
/** Title, note, context and the "…and N more" line take the rest of the 50 blocks. */
const STAGE_BLOCKS = LIMITS.blocks.message - 4;

const PHASE_TITLE: Readonly<Record<StagePhase, string>> = {
  diagnosis: 'Diagnosis',
  remediation: 'Remediation',
};

function stageDuration(stage: StageRun, now: string): string | undefined {
  if (stage.durationMs !== undefined) return formatDuration(stage.durationMs);
  if (stage.state !== 'running' || !stage.startedAt) return undefined;
  const elapsed = elapsedMs(stage.startedAt, now);
  return elapsed === undefined ? undefined : formatDuration(elapsed);
}

function stageHeadline(stage: StageRun, now: string): string {
  const parts = [`${STAGE_STATE_EMOJI[stage.state]} *${escapeAndTruncate(oneLine(stage.label), 60)}*`];
  const duration = stageDuration(stage, now);
  if (duration) parts.push(duration);
  if (stage.attempt > 1) parts.push(`attempt ${stage.attempt}`);
  return parts.join(' · ');
}

function stageDetail(stage: StageRun): string {
  const said = stage.state === 'failed' ? (stage.error ?? stage.summary) : stage.summary;
  const detail = said ? escapeAndTruncate(oneLine(said), 150) : '';
  const fallback = stage.fallbackReason
    ? ` _(rules fallback: ${escapeAndTruncate(oneLine(stage.fallbackReason), 60)})_`
    : '';
  return `${detail}${fallback}`.trim();
}

function stageLine(stage: StageRun, now: string): string {
  const detail = stageDetail(stage);
  return truncate(detail ? `${stageHeadline(stage, now)} — ${detail}` : stageHeadline(stage, now), LINE_MAX);
}

function stageField(stage: StageRun, now: string): string {
  const detail = stageDetail(stage);
  return truncate(detail ? `${stageHeadline(stage, now)}\n${detail}` : stageHeadline(stage, now), LINE_MAX);
}

/** One block's worth of stages: a run of sequential lines, or parallel stages as fields. */
interface Chunk {
  stages: StageRun[];
  parallel: boolean;
}

/** Sequential stages become lines; a rank's parallel stages sit side by side. */
function chunkStages(stages: readonly StageRun[]): Chunk[] {
  const chunks: Chunk[] = [];
  let previous: StageRun | undefined;
  for (const stage of stages) {
    const parallel = isParallelStage(stage.key);
    const last = chunks.at(-1);
    const sameRun = last && last.parallel === parallel && (!parallel || previous?.rank === stage.rank);
    const limit = parallel ? LIMITS.fields : LINES_PER_SECTION;
    if (last && sameRun && last.stages.length < limit) last.stages.push(stage);
    else chunks.push({ stages: [stage], parallel });
    previous = stage;
  }
  return chunks;
}

function chunkBlock(chunk: Chunk, now: string): SectionBlock {
  if (!chunk.parallel) return section(chunk.stages.map((stage) => stageLine(stage, now)).join('\n'));
  return { type: 'section', fields: chunk.stages.map((stage) => mrkdwn(stageField(stage, now))) };
}

function stageBlocks(stages: readonly StageRun[], now: string): KnownBlock[] {
  const chunks = chunkStages(stages);
  const { shown, hidden } = capList(chunks, chunks.length > STAGE_BLOCKS ? STAGE_BLOCKS - 1 : STAGE_BLOCKS);
  const blocks: KnownBlock[] = shown.map((chunk) => chunkBlock(chunk, now));
  if (hidden > 0) {
    const hiddenStages = chunks.slice(shown.length).reduce((sum, chunk) => sum + chunk.stages.length, 0);
    blocks.push(section(moreLine(hiddenStages, 'more stages')));
  }
  return blocks;
}

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

export function progressMessage(view: ProgressView): SlackMessage {
  const stages = phaseStages(view.stages, view.phase);
  const tally = tallyOf(stages);

  const blocks: KnownBlock[] = [
    section(`*${PHASE_TITLE[view.phase]}* · ${escapeAndTruncate(view.id, 40)} · ${tally}`),
  ];
  blocks.push(...(stages.length > 0 ? stageBlocks(stages, view.now) : [section('_No stages yet._')]));
  if (view.note) blocks.push(section(`_${escapeAndTruncate(oneLine(view.note), 2000)}_`));

  const footer = [view.modelUsage ? escapeAndTruncate(view.modelUsage, 500) : engineSummary(stages)];
  footer.push(`Updated ${slackDate(view.now, '{time_secs}')}`);
  blocks.push(context(footer.filter((item): item is string => item !== undefined)));

  return { text: fallbackText(`${view.id} progress: ${tally}`), blocks };
}
