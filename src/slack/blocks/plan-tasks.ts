import type { types } from '@slack/bolt';
import type { StageRun, StageState } from '../../domain/stage-run.js';
import { LIMITS } from './limits.js';
import type { KnownBlock } from './slack-types.js';
import { formatDuration, oneLine, stripControlCharacters, truncate } from './text.js';

export type TaskStatus = types.TaskCardBlock['status'];
type RichText = types.RichTextBlock;
export type TaskUpdateChunk = types.TaskUpdateChunk;
export type PlanUpdateChunk = types.PlanUpdateChunk;

/** A link behind a task's result, e.g. the Prometheus graph of the PromQL behind a number. */
export interface TaskSource {
  url: string;
  text: string;
}

/** One task of a plan, as plain text: the same task renders as a `task_card` or a `task_update` chunk. */
export interface PlanTask {
  id: string;
  title: string;
  status: TaskStatus;
  details?: string;
  output?: string;
  sources?: TaskSource[];
}

export interface Plan {
  title: string;
  tasks: PlanTask[];
}

const STATUS_OF: Readonly<Record<StageState, TaskStatus>> = {
  pending: 'pending',
  running: 'in_progress',
  done: 'complete',
  failed: 'error',
  skipped: 'complete',
};

/** Plain text for a task's title, details or output: one line, no control characters, within `max`. */
function taskText(text: string, max: number): string {
  return truncate(oneLine(stripControlCharacters(text)), max);
}

/**
 * How long a finished stage took. A running stage shows no clock: its card says "in progress", and
 * a time that changes on every render would make every render a new update (or stream chunk).
 */
function stageDuration(stage: StageRun): string | undefined {
  return stage.durationMs === undefined ? undefined : formatDuration(stage.durationMs);
}

/** "850 ms · attempt 2 · model": how the stage ran. */
function stageDetails(stage: StageRun): string | undefined {
  const parts = [
    stage.state === 'skipped' ? 'skipped' : undefined,
    stageDuration(stage),
    stage.attempt > 1 ? `attempt ${stage.attempt}` : undefined,
    stage.engine,
    stage.fallbackReason ? `rules fallback: ${stage.fallbackReason}` : undefined,
  ].filter((part): part is string => part !== undefined);
  return parts.length > 0 ? taskText(parts.join(' · '), LIMITS.taskText) : undefined;
}

/** What the stage concluded, or why it failed. */
function stageOutput(stage: StageRun): string | undefined {
  const said = stage.state === 'failed' ? (stage.error ?? stage.summary) : stage.summary;
  return said ? taskText(said, LIMITS.taskText) : undefined;
}

function stageTask(stage: StageRun, sources: readonly TaskSource[] = []): PlanTask {
  const details = stageDetails(stage);
  const output = stageOutput(stage);
  const links = sources
    .filter((source) => source.url.length <= LIMITS.url)
    .slice(0, LIMITS.taskSources)
    .map((source) => ({ url: source.url, text: taskText(source.text, LIMITS.taskTitle) || source.url }));
  return {
    id: taskText(stage.key, LIMITS.taskId),
    title: taskText(stage.label, LIMITS.taskTitle) || stage.key,
    status: STATUS_OF[stage.state],
    ...(details ? { details } : {}),
    ...(output ? { output } : {}),
    ...(links.length > 0 ? { sources: links } : {}),
  };
}

/** Sources by stage key: what a stage's result rests on. */
export type StageSources = Readonly<Record<string, readonly TaskSource[]>>;

/** A task per stage; past the plan's limit, the last task says how many more there are and how they stand. */
export function planTasks(stages: readonly StageRun[], sources: StageSources = {}): PlanTask[] {
  const task = (stage: StageRun) => stageTask(stage, sources[stage.key]);
  if (stages.length <= LIMITS.planTasks) return stages.map(task);
  const shown = stages.slice(0, LIMITS.planTasks - 1);
  const rest = stages.slice(LIMITS.planTasks - 1);
  const done = rest.filter((stage) => stage.state === 'done' || stage.state === 'skipped').length;
  const failed = rest.some((stage) => stage.state === 'failed');
  const running = rest.some((stage) => stage.state === 'running' || stage.state === 'pending');
  return [
    ...shown.map(task),
    {
      id: 'more-stages',
      title: `…and ${rest.length} more stages`,
      status: failed ? 'error' : running ? 'in_progress' : 'complete',
      details: `${done}/${rest.length} done`,
    },
  ];
}

/** Slack's rich text for a task's details or output: one section holding the text. */
export function richText(text: string): RichText {
  return { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }] };
}

export function taskCard(task: PlanTask): types.TaskCardBlock {
  return {
    type: 'task_card',
    task_id: task.id,
    title: task.title,
    status: task.status,
    ...(task.details ? { details: richText(task.details) } : {}),
    ...(task.output ? { output: richText(task.output) } : {}),
    ...(task.sources ? { sources: urlSources(task.sources) } : {}),
  };
}

function urlSources(sources: readonly TaskSource[]): types.URLSourceElement[] {
  return sources.map((source) => ({ type: 'url', url: source.url, text: source.text }));
}

/** A plan with no task yet has only its title (Slack wants a task list to hold at least one). */
export function planBlock(plan: Plan): KnownBlock {
  if (plan.tasks.length === 0) return { type: 'plan', title: plan.title };
  return { type: 'plan', title: plan.title, tasks: plan.tasks.map(taskCard) };
}

/** The streamed form of a task: Slack folds it into the message's plan as a task card. */
export function taskChunk(task: PlanTask): TaskUpdateChunk {
  return {
    type: 'task_update',
    id: task.id,
    title: task.title,
    status: task.status,
    ...(task.details ? { details: task.details } : {}),
    ...(task.output ? { output: task.output } : {}),
    ...(task.sources ? { sources: urlSources(task.sources) } : {}),
  };
}

export function planTitleChunk(plan: Plan): PlanUpdateChunk {
  return { type: 'plan_update', title: plan.title };
}
