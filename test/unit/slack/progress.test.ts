import { describe, expect, it } from 'vitest';
import type { StageRun } from '../../../src/domain/stage-run.js';
import { progressMessage } from '../../../src/slack/blocks/progress.js';
import type { SectionBlock } from '../../../src/slack/blocks/slack-types.js';
import { diagnosisStages, NOW, progress } from './views.js';

const sections = (stages: StageRun[]): SectionBlock[] =>
  progressMessage({ ...progress, stages }).blocks.filter((b): b is SectionBlock => b.type === 'section');

describe('progressMessage', () => {
  it('counts the stages done in its text fallback', () => {
    expect(progressMessage(progress).text).toBe('INC-0007 progress: 3/7 stages done, 1 failed');
  });

  it('lists sequential stages one a line and parallel ones side by side as fields', () => {
    const [, intake, specialists, after] = sections(diagnosisStages);
    expect(intake?.text?.text).toBe(
      '✅ *Intake* · 42 ms — api, sev1, 3 alerts\n✅ *Triage* · 4.2 s — compute and storage look relevant',
    );
    expect(specialists?.fields?.map((field) => field.text)).toEqual([
      '✅ *Web* · 850 ms\n5xx on /checkout',
      '🔄 *Storage* · 7.0 s',
      '❌ *Network* · 30.0 s · attempt 2\nmodel timed out _(rules fallback: Gemini 503)_',
    ]);
    expect(after?.text?.text).toBe('⏳ *Root cause*\n⏭️ *Plan*');
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
    expect(message.blocks.length).toBeLessThanOrEqual(50);
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
