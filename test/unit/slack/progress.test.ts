import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { StageRun } from '../../../src/domain/stage-run.js';
import { checkMessageLimits } from '../../../src/slack/blocks/limits.js';
import { richText, taskCard, taskChunk } from '../../../src/slack/blocks/plan-tasks.js';
import { planOf, progressMessage } from '../../../src/slack/blocks/progress.js';
import { diagnosisStages, NOW, progress } from './views.js';

type TaskCardBlock = types.TaskCardBlock;

describe('progressMessage', () => {
  it('counts the stages done in its text fallback', () => {
    expect(progressMessage(progress).text).toBe('INC-0007 progress: 3/7 stages done, 1 failed');
  });

  it('is one plan block with a task card per stage, in rank order, with its status, details and output', () => {
    const [plan] = progressMessage(progress).blocks as unknown as Array<{
      type: string;
      title: string;
      tasks: TaskCardBlock[];
    }>;
    expect(plan?.type).toBe('plan');
    expect(plan?.title).toBe('Diagnosis · INC-0007 · 3/7 stages done, 1 failed');
    expect(plan?.tasks.map((task) => [task.task_id, task.title, task.status])).toEqual([
      ['intake', 'Intake', 'complete'],
      ['triage', 'Triage', 'complete'],
      ['specialist:web', 'Web', 'complete'],
      ['specialist:storage', 'Storage', 'in_progress'],
      ['specialist:network', 'Network', 'error'],
      ['rca', 'Root cause', 'pending'],
      ['plan', 'Plan', 'complete'],
    ]);
    const text = (task: TaskCardBlock | undefined, part: 'details' | 'output') =>
      JSON.stringify(task?.[part] ?? null).match(/"text":"([^"]*)"/)?.[1];
    const [intake, , , storage, network, rca, skipped] = plan?.tasks ?? [];
    expect(text(intake, 'details')).toBe('42 ms · rules');
    expect(text(intake, 'output')).toBe('api, sev1, 3 alerts');
    // Running: no clock, so a render does not change while the stage runs.
    expect(text(storage, 'details')).toBe('model');
    expect(text(network, 'details')).toBe('30.0 s · attempt 2 · rules · rules fallback: Gemini 503');
    expect(text(network, 'output')).toBe('model timed out');
    expect(rca?.details).toBeUndefined();
    expect(text(skipped, 'details')).toBe('skipped');
  });

  it('streams as the same tasks: each chunk carries what its card shows', () => {
    const plan = planOf(progress);
    const [network] = plan.tasks.filter((task) => task.id === 'specialist:network');
    expect(network && taskChunk(network)).toEqual({
      type: 'task_update',
      id: 'specialist:network',
      title: 'Network',
      status: 'error',
      details: '30.0 s · attempt 2 · rules · rules fallback: Gemini 503',
      output: 'model timed out',
    });
    expect(network && taskCard(network).details).toEqual(richText(network?.details ?? ''));
  });

  it("keeps every task within Slack's limits however long what a stage said", () => {
    const long = 'x'.repeat(5000);
    const stages: StageRun[] = [{ ...diagnosisStages[0], key: long, label: long, summary: long } as StageRun];
    const message = progressMessage({ ...progress, stages });
    expect(checkMessageLimits(message, 'message')).toEqual([]);
  });

  it('shows only the stages of its phase, in rank order', () => {
    const fix: StageRun = {
      key: 'fix:a1',
      label: 'Restart api',
      rank: 0,
      phase: 'remediation',
      state: 'done',
      attempt: 1,
    };
    const text = progressMessage({
      id: 'INC-0007',
      phase: 'remediation',
      stages: [...diagnosisStages, fix],
      now: NOW,
    }).text;
    expect(text).toBe('INC-0007 progress: 1/1 stages done');
  });

  it('cuts a very long run with "…and N more stages"', () => {
    const many: StageRun[] = Array.from({ length: 600 }, (_, i) => ({
      key: i % 2 ? `specialist:s${i}` : `step${i}`,
      label: `Stage ${i}`,
      rank: i,
      phase: 'diagnosis',
      state: 'done',
      attempt: 1,
    }));
    const message = progressMessage({ ...progress, stages: many });
    expect(checkMessageLimits(message, 'message')).toEqual([]);
    expect(JSON.stringify(message.blocks)).toMatch(/…and \d+ more stages/);
  });

  it('names the engines used, or the model usage when given', () => {
    expect(JSON.stringify(progressMessage(progress))).toContain(
      'Engines: model ×3, rules ×2 · 1 fell back to rules',
    );
    expect(
      JSON.stringify(progressMessage({ ...progress, modelUsage: 'gemini: 3 calls, 4.1k tokens' })),
    ).toContain('gemini: 3 calls, 4.1k tokens');
  });
});
