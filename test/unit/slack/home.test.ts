import { describe, expect, it } from 'vitest';
import { emptyStats, recordDecision, recordOutcome } from '../../../src/agents/learning.js';
import { validateView } from '../../../src/dev/slack-emulator/validate-view.js';
import { computeStats, type IncidentStats } from '../../../src/domain/incident-stats.js';
import { SEVERITIES } from '../../../src/domain/severity.js';
import type { Status } from '../../../src/domain/status.js';
import type { TaskOverview } from '../../../src/domain/task-run.js';
import {
  APPROVE,
  actionMatcher,
  KILL_SWITCH_TOGGLE,
  parseActionValue,
  REJECT,
} from '../../../src/slack/action-ids.js';
import type { HomeChange } from '../../../src/slack/blocks/change-home.js';
import {
  type HomeIncident,
  type HomeViewModel,
  homeView,
  MAX_BOARD_INCIDENTS,
} from '../../../src/slack/blocks/home.js';
import { learnedBySignature } from '../../../src/slack/blocks/home-learned.js';
import { checkMessageLimits } from '../../../src/slack/blocks/limits.js';
import type { SilenceView } from '../../../src/slack/blocks/silences.js';
import type { HomeView } from '../../../src/slack/blocks/slack-types.js';
import { smallDay, timelinesOf } from '../domain/incident-story.js';

const NOW = '2026-03-14T12:00:00.000Z';
const OPEN_STATUSES: Status[] = ['Diagnosing', 'Awaiting_Approval', 'Remediating', 'Needs_Followup'];

function dayStats(): IncidentStats {
  const records = smallDay();
  return computeStats(
    records.map((record) => record.ticket),
    timelinesOf(records),
    { from: new Date('2026-03-13T12:00:00.000Z'), to: new Date(NOW) },
  );
}

/** Open incidents as the board gets them: every third waits for approval. */
function openIncidents(count: number): HomeIncident[] {
  return Array.from({ length: count }, (_, i) => {
    const waiting = i % 3 === 0;
    const incident: HomeIncident = {
      id: `INC-${String(i + 1).padStart(4, '0')}`,
      sev: SEVERITIES[i % SEVERITIES.length] ?? 'sev3',
      status: waiting ? 'Awaiting_Approval' : (OPEN_STATUSES[i % OPEN_STATUSES.length] ?? 'Diagnosing'),
      system: ['api', 'database', 'web-edge', 'cache'][i % 4] ?? 'api',
      issue: `p99 latency ${i + 2} s & 5xx <checkout>`,
      createdAt: new Date(Date.parse(NOW) - (i + 1) * 7 * 60_000).toISOString(),
      threadUrl: `https://warroom.slack.com/archives/C0INC/p17000000${String(i).padStart(5, '0')}`,
    };
    return waiting ? { ...incident, pendingRound: 1 + (i % 2) } : incident;
  });
}

const learned = learnedBySignature(
  [
    recordOutcome(recordDecision(emptyStats('slow@database', 'restart'), 'approve'), {
      resolved: true,
      rolledBack: false,
    }),
    recordDecision(recordDecision(emptyStats('slow@database', 'scale_up'), 'approve'), 'reject'),
    recordDecision(emptyStats('crash@api', 'restart'), 'approve'),
    emptyStats('disk_full@storage', 'restart'),
  ],
  new Map([
    [
      'slow@database',
      { rightCauses: 3, wrongCauses: 1, last: { verdict: 'wrong' as const, by: 'U0SRE', at: NOW } },
    ],
    [
      'timeout@cache',
      { rightCauses: 1, wrongCauses: 0, last: { verdict: 'right' as const, by: 'U0LEAD', at: NOW } },
    ],
  ]),
);

/** Active silences as App Home gets them, hostile text included. */
function silences(count: number): SilenceView[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `SIL-${String(i + 1).padStart(4, '0')}`,
    target: i % 2 === 0 ? `payments-${i}` : 'HighLatency <!channel> `x`',
    by: 'U0SRE',
    until: new Date(Date.parse(NOW) + (i + 1) * 3600_000).toISOString(),
    ...(i % 3 === 0 ? { reason: `migration *${'x'.repeat(600)}*` } : {}),
    held:
      i % 2 === 0
        ? { count: i, last: { system: 'payments', issue: 'PaymentsDown <@U0X>', at: NOW } }
        : { count: 0 },
  }));
}

function model(count: number, extra: Partial<HomeViewModel> = {}): HomeViewModel {
  return {
    viewer: 'U0ONCALL',
    isApprover: true,
    now: NOW,
    incidents: openIncidents(count),
    stats: dayStats(),
    learned,
    killSwitch: { on: false },
    ...extra,
  };
}

function actionIds(view: HomeView): string[] {
  return view.blocks.flatMap((block) => {
    if (block.type === 'actions' && 'elements' in block) return block.elements.map((e) => e.action_id ?? '');
    if (
      block.type === 'section' &&
      'accessory' in block &&
      block.accessory &&
      'action_id' in block.accessory
    ) {
      return [block.accessory.action_id ?? ''];
    }
    return [];
  });
}

describe('homeView', () => {
  it.each([0, 1, 60])('matches its snapshot with %i open incidents', (count) => {
    expect(homeView(model(count))).toMatchSnapshot();
  });

  it.each([0, 1, 60, 200])('stays within Slack limits with %i open incidents', (count) => {
    for (const isApprover of [true, false]) {
      const view = homeView(
        model(count, { isApprover, killSwitch: { on: true, by: 'U0SRE', at: NOW }, silences: silences(30) }),
      );
      expect(checkMessageLimits(view, 'home')).toEqual([]);
      expect(validateView(view, 'home')).toEqual([]);
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      const ids = actionIds(view);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('lists the active silences under the kill switch, and has no such section without one', () => {
    const withSilences = JSON.stringify(homeView(model(1, { silences: silences(2) })));
    expect(withSilences).toContain('*Silences*');
    expect(withSilences).toContain('SIL-0001');
    expect(withSilences).toContain('`payments-0`');
    expect(withSilences).toContain('no alert held yet');
    expect(JSON.stringify(homeView(model(1)))).not.toContain('*Silences*');
  });

  it('caps the board and points at /incident list for the rest', () => {
    const json = JSON.stringify(homeView(model(60)));
    expect(json).toContain('Open incidents (60)');
    expect(json).toContain(`…and ${60 - MAX_BOARD_INCIDENTS} more — use \`/incident list\``);
  });

  it('puts incidents waiting on a person first (oldest first among equals), with buttons that name the incident and round', () => {
    const view = homeView(model(4));
    const ids = actionIds(view);
    expect(ids).toEqual([
      KILL_SWITCH_TOGGLE,
      `${APPROVE}:INC-0004`,
      `${REJECT}:INC-0004`,
      `${APPROVE}:INC-0001`,
      `${REJECT}:INC-0001`,
    ]);
    const buttons = view.blocks.flatMap((block) =>
      'elements' in block && block.type === 'actions' ? block.elements : [],
    );
    expect(buttons.map((b) => ('value' in b ? parseActionValue(b.value) : undefined))).toEqual([
      { id: 'INC-0004', round: 2 },
      { id: 'INC-0004', round: 2 },
      { id: 'INC-0001', round: 1 },
      { id: 'INC-0001', round: 1 },
    ]);
    for (const id of ids.filter((actionId) => actionId !== KILL_SWITCH_TOGGLE)) {
      expect(actionMatcher(APPROVE).test(id) || actionMatcher(REJECT).test(id)).toBe(true);
    }
    expect(actionMatcher(APPROVE).test(APPROVE)).toBe(true);
    expect(actionMatcher(APPROVE).test(`${REJECT}:INC-0001`)).toBe(false);
  });

  it('shows no buttons to someone who is not an approver', () => {
    const view = homeView(model(4, { isApprover: false }));
    expect(actionIds(view)).toEqual([]);
    expect(JSON.stringify(view)).toContain('_Waiting for an approver._');
  });

  it('offers the kill switch as the state to move to', () => {
    const off = homeView(model(0)).blocks[2];
    expect(off).toMatchObject({ accessory: { action_id: KILL_SWITCH_TOGGLE, value: 'on' } });
    const on = homeView(model(0, { killSwitch: { on: true, by: 'U0SRE', at: NOW } })).blocks[2];
    expect(on).toMatchObject({ accessory: { action_id: KILL_SWITCH_TOGGLE, value: 'off' } });
    expect(JSON.stringify(on)).toContain('Kill switch is on* by <@U0SRE>');
  });

  it('sums learning per fault signature and ranks the most decided first', () => {
    const counts = { approvals: 0, rejections: 0, successes: 0, failures: 0, rightCauses: 0, wrongCauses: 0 };
    expect(learned).toEqual([
      {
        ...counts,
        signature: 'slow@database',
        approvals: 2,
        rejections: 1,
        successes: 1,
        rightCauses: 3,
        wrongCauses: 1,
        lastCause: { verdict: 'wrong', by: 'U0SRE', at: NOW },
      },
      { ...counts, signature: 'crash@api', approvals: 1 },
      { ...counts, signature: 'disk_full@storage' },
      {
        ...counts,
        signature: 'timeout@cache',
        rightCauses: 1,
        lastCause: { verdict: 'right', by: 'U0LEAD', at: NOW },
      },
    ]);
    const json = JSON.stringify(homeView(model(0)));
    const at = '<!date^1773489600^{date_short_pretty} {time}|2026-03-14 12:00 UTC>';
    expect(json).toContain(
      `• \`slow@database\`: approved 2 of 3 (67%) · worked 1 of 1 (100%) · cause ✔ right 3 · ✘ wrong 1 (last: Wrong cause by <@U0SRE> ${at})\\n• \`crash@api\`: approved 1 of 1 (100%) · not worked yet · no cause verdict yet\\n• \`timeout@cache\`: not approved yet · not worked yet · cause ✔ right 1 · ✘ wrong 0 (last: Right cause by <@U0LEAD> ${at})`,
    );
    expect(json).not.toContain('disk_full@storage');
  });

  it('keeps many signatures with cause verdicts and hostile names inside the limits', () => {
    const causes = new Map(
      Array.from({ length: 40 }, (_, i) => [
        `${'x'.repeat(200)}<!channel>\`${i}@svc`,
        { rightCauses: i, wrongCauses: 1000 + i, last: { verdict: 'wrong' as const, by: 'U0SRE', at: NOW } },
      ]),
    );
    const view = homeView(model(60, { learned: learnedBySignature([], causes), silences: silences(30) }));
    expect(checkMessageLimits(view, 'home')).toEqual([]);
    expect(validateView(view, 'home')).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('more fault signatures');
  });

  it('lists routine tasks compactly, capped, inside the limits even beside a full board', () => {
    const tasks: TaskOverview[] = Array.from({ length: 30 }, (_, i) => ({
      id: `task-${String(i).padStart(2, '0')}`,
      title: `Task ${i}`,
      service: 'cache',
      cron: '30 2 * * *',
      ...(i === 0 ? { timezone: 'Europe/Paris' } : {}),
      mode: i % 2 === 0 ? 'approve' : 'auto',
      state:
        i === 1
          ? { kind: 'paused', by: 'U0SRE' }
          : i === 2
            ? { kind: 'kill-switch' }
            : { kind: 'active', nextAt: '2026-03-15T01:30:00.000Z' },
      ...(i === 3 ? {} : { last: { status: i === 4 ? 'failed' : 'ok', at: NOW } }),
      ...(i === 4 ? { incidentId: 'INC-0042' } : {}),
    }));
    const view = homeView({ ...model(60), tasks });
    expect(checkMessageLimits(view, 'home')).toEqual([]);
    expect(validateView(view, 'home')).toEqual([]);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Routine tasks (30)');
    expect(text).toContain(
      '• `task-00` · `30 2 * * *` Europe/Paris · approve · last ✅ ok <!date^1773489600^{date_short_pretty} {time}|2026-03-14 12:00 UTC> · next <!date^1773538200^{date_short_pretty} {time}|2026-03-15 01:30 UTC>',
    );
    expect(text).toContain('• `task-01` · `30 2 * * *` · auto · last ✅ ok');
    expect(text).toContain('· ⏸️ paused by <@U0SRE>');
    expect(text).toContain(
      '• `task-02` · `30 2 * * *` · approve · last ✅ ok <!date^1773489600^{date_short_pretty} {time}|2026-03-14 12:00 UTC> · 🛑 stopped by the kill switch',
    );
    expect(text).toContain('• `task-03` · `30 2 * * *` · auto · never ran · next');
    expect(text).toContain(
      'last ❌ failed <!date^1773489600^{date_short_pretty} {time}|2026-03-14 12:00 UTC> (INC-0042)',
    );
    expect(text).toContain('…and 11 more tasks: `/task list`');
    expect(JSON.stringify(homeView(model(0)))).not.toContain('Routine tasks');
  });

  it('lists the changes under way (id, service, version, phase n/m, status), capped, inside the limits beside a full board and every other section', () => {
    const statuses = ['rolling-out', 'awaiting-approval', 'halted', 'rolling-back', 'preflight'] as const;
    const changes: HomeChange[] = Array.from({ length: 40 }, (_, i) => ({
      id: `CHG-${String(i + 1).padStart(4, '0')}`,
      service: i === 5 ? 'shop <script>&*bold*' : 'shop',
      version: `2.${i}.0`,
      status: statuses[i % statuses.length] ?? 'rolling-out',
      phase: i % statuses.length === 0 ? 2 : 0,
      phases: i % statuses.length === 4 ? 0 : 3,
      ...(i === 0 ? { threadUrl: 'https://warroom.slack.com/archives/C0CHANGES/p1700000000000100' } : {}),
    }));
    for (const isApprover of [true, false]) {
      const view = homeView({
        ...model(200, { isApprover, silences: silences(30) }),
        changes,
        tasks: [],
      });
      expect(checkMessageLimits(view, 'home')).toEqual([]);
      expect(validateView(view, 'home')).toEqual([]);
      expect(view.blocks.length).toBeLessThanOrEqual(100);
    }
    const text = JSON.stringify(homeView({ ...model(1), changes }).blocks);
    expect(text).toContain('Changes under way (40)');
    expect(text).toContain(
      '• 🚀 *<https://warroom.slack.com/archives/C0CHANGES/p1700000000000100|CHG-0001>* · `shop` 2.0.0 · phase 2/3 · rolling-out',
    );
    expect(text).toContain('• ✋ *CHG-0002* · `shop` 2.1.0 · 3 phase(s), not started · awaiting-approval');
    expect(text).toContain('• 🔎 *CHG-0005* · `shop` 2.4.0 · no plan yet · preflight');
    expect(text).toContain('`shop &lt;script&gt;&amp;*bold*` 2.5.0');
    expect(text).toContain('…and 26 more changes: `/change list`');
    // Positive control above; with none under way there is no such section.
    expect(JSON.stringify(homeView({ ...model(1), changes: [] }))).not.toContain('Changes under way');
    expect(JSON.stringify(homeView(model(1)))).not.toContain('Changes under way');
  });
});
