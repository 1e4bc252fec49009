import { describe, expect, it } from 'vitest';
import { type ChangeView, changeCardMessage, changeLogMessage } from '../../../src/slack/blocks/change.js';
import { checkMessageLimits } from '../../../src/slack/blocks/limits.js';
import { changeListText, parseChangeCommand } from '../../../src/slack/commands/change-command.js';

const view: ChangeView = {
  id: 'CHG-0003',
  status: 'rolled-back',
  service: 'checkout',
  version: '2.5.0',
  previousVersion: '2.4.9',
  requestedBy: 'U0LEAD',
  bakeSeconds: 10,
  phaseSizes: [1, 2, 4],
  instances: 4,
  switched: 0,
  reason: 'gate after phase 1/3 (1 of 4 instance(s)) failed: 5xx 42 % > 5 % on checkout after 10 s',
  log: [
    { at: '2026-12-06T10:00:00.000Z', text: '✅ Approved by <@U0LEAD>: rolling out 2.5.0 phase by phase.' },
    { at: '2026-12-06T10:00:12.000Z', text: '❌ Gate after phase 1/3 failed: 5xx 42 % > 5 % <!channel>' },
  ],
};

describe('a change in Slack', () => {
  it('shows its card as `CHG-0003 · <status>` with why it stopped, its numbers escaped, within Slack limits', () => {
    const card = changeCardMessage(view);
    expect(card.text).toBe(
      'CHG-0003 · rolled-back — checkout 2.5.0: gate after phase 1/3 (1 of 4 instance(s)) failed: 5xx 42 % > 5 % on checkout after 10 s',
    );
    expect(card).toMatchSnapshot();
    const shown = JSON.stringify(card.blocks);
    expect(shown).toContain('5xx 42 % &gt; 5 % on checkout after 10 s');
    expect(shown).not.toContain('change_resume');
    const halted = changeCardMessage({ ...view, status: 'halted', reason: 'the kill switch is on' });
    expect(JSON.stringify(halted.blocks)).toContain('"action_id":"change_resume"');
    expect(JSON.stringify(halted.blocks)).toContain('"action_id":"change_rollback"');
    const percent = changeCardMessage({ ...view, unit: 'percent', phaseSizes: [10, 100] });
    expect(JSON.stringify(percent.blocks)).toContain('phases 10 %, 100 %');
    for (const message of [card, halted, percent]) expect(checkMessageLimits(message, 'message')).toEqual([]);
  });

  it("keeps Warroom's own mentions in the log and escapes the rest, however long the log", () => {
    const log = JSON.stringify(changeLogMessage(view).blocks);
    expect(log).toContain('<@U0LEAD>');
    expect(log).toContain('&lt;!channel&gt;');
    const long = changeLogMessage({
      ...view,
      log: Array.from({ length: 200 }, (_, index) => ({
        at: '2026-12-06T10:00:00.000Z',
        text: `line ${index} ${'x'.repeat(900)}`,
      })),
    });
    expect(checkMessageLimits(long, 'message')).toEqual([]);
  });

  it('parses /change and says what to type for a bad subcommand', () => {
    expect(parseChangeCommand('')).toEqual({ kind: 'usage' });
    expect(parseChangeCommand('list')).toEqual({ kind: 'list' });
    expect(parseChangeCommand('resume chg-3')).toEqual({ kind: 'resume', id: 'CHG-0003' });
    expect(parseChangeCommand('rollback')).toMatchObject({
      kind: 'usage',
      problem: expect.stringContaining('takes one change id'),
    });
    expect(parseChangeCommand('deploy shop')).toEqual({
      kind: 'usage',
      problem: 'unknown subcommand `deploy`',
    });
    expect(parseChangeCommand('rollout shop 2.0.0 --bake 30s')).toMatchObject({
      kind: 'rollout',
      request: { service: 'shop', version: '2.0.0', bakeSeconds: 30 },
    });
    expect(changeListText([])).toMatch(/^No changes yet/);
  });
});
