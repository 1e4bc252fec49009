import { describe, expect } from 'vitest';
import { createRuleReasoner } from '../../src/agents/rule-reasoner.js';
import { initialEstate } from '../../src/sim/estate/index.js';
import { APPROVE, REJECT } from '../../src/slack/action-ids.js';
import { click, hasButton, threadMessage } from '../support/approval-flow.js';
import type { E2E } from '../support/e2e.js';
import { e2eIt as it } from '../support/e2e-fixture.js';
import { waitFor } from '../support/test-runtime.js';

const CHANNEL = 'C0DECIDE';
const ONCALL = 'U0ONCALL';
const BOSS = 'U0BOSS';

function cardOf(e2e: E2E, id: string) {
  return e2e.emulator.messages(CHANNEL).find((message) => message.text.startsWith(`${id} · `));
}

async function waitForCard(e2e: E2E, id: string, prefix: string, timeoutMs = 30_000) {
  return waitFor(
    () => (cardOf(e2e, id)?.text.startsWith(`${id} · ${prefix}`) ? cardOf(e2e, id) : undefined),
    {
      timeoutMs,
      what: `${id} card ${prefix}`,
    },
  );
}

async function inject(e2e: E2E, text: string, user = ONCALL) {
  const response = await e2e.driver.slashCommand({
    command: '/inject',
    text,
    userId: user,
    channelId: CHANNEL,
  });
  expect(response.status).toBe(200);
}

describe('decision intelligence, end to end', () => {
  it('AUTO_REMEDIATE=true remediates a confident, safe plan without a click and says so', async ({
    startApp,
  }) => {
    const e2e = await startApp({ env: { AUTO_REMEDIATE: 'true' } });
    await inject(e2e, 'crash api');
    await waitForCard(e2e, 'INC-0001', 'Resolved');
    // The card and the approval message are updated in place, each at Slack's pace: the card may show
    // Resolved a moment before the approval message loses its buttons.
    const approval = await waitFor(
      async () => {
        const latest = await threadMessage(e2e, CHANNEL, 'INC-0001', 'approval:r1');
        return hasButton(latest.message, APPROVE) ? undefined : latest;
      },
      { what: 'the approval message without its Approve button' },
    );
    expect(hasButton(approval.message, APPROVE)).toBe(false);
    expect(JSON.stringify(approval.message.blocks)).toMatch(/automatically|auto/i);
    const timeline = await e2e.warroom.runtime.ctx.timeline.read('INC-0001');
    expect(timeline.find((entry) => entry.type === 'decision')?.data.decision).toBe('auto');
  });

  it('escalates a low-confidence incident: approvers mentioned, card marked', async ({ startApp }) => {
    const rules = createRuleReasoner();
    const e2e = await startApp({
      env: { APPROVERS: `${ONCALL},${BOSS}` },
      overrides: {
        runtime: {
          reasoner: {
            ...rules,
            name: 'unsure',
            async rca(input) {
              const result = await rules.rca(input);
              return { ...result, output: { ...result.output, confidence: 35 } };
            },
          },
        },
      },
    });
    await inject(e2e, 'slow database');
    const approval = await threadMessage(e2e, CHANNEL, 'INC-0001', 'approval:r1', (message) =>
      hasButton(message, REJECT),
    );
    const text = JSON.stringify(approval.message.blocks);
    expect(text).toContain(`<@${ONCALL}>`);
    expect(text).toContain(`<@${BOSS}>`);
    await waitFor(
      () => (/Escalated/.test(JSON.stringify(cardOf(e2e, 'INC-0001')?.blocks)) ? true : undefined),
      {
        what: 'the card to say Escalated',
      },
    );
  });

  it('moves confidence for a fault signature after repeated approvals, and says why', async ({
    startApp,
  }) => {
    const e2e = await startApp();
    for (let n = 1; n <= 5; n++) {
      const id = `INC-000${n}`;
      await e2e.warroom.runtime.ctx.estate.update(() => initialEstate());
      await inject(e2e, 'crash api');
      const { message } = await threadMessage(e2e, CHANNEL, id, 'approval:r1', (current) =>
        hasButton(current, APPROVE),
      );
      await click(e2e, ONCALL, CHANNEL, message, APPROVE);
      await waitForCard(e2e, id, 'Resolved');
    }
    await e2e.warroom.runtime.ctx.estate.update(() => initialEstate());
    await inject(e2e, 'crash api');
    const sixth = await threadMessage(e2e, CHANNEL, 'INC-0006', 'approval:r1', (current) =>
      hasButton(current, APPROVE),
    );
    expect(JSON.stringify(sixth.message.blocks)).toMatch(/\+\d+: approved 5 of 5 times for crash on api/);
    const first = await threadMessage(e2e, CHANNEL, 'INC-0001', 'approval:r1');
    expect(JSON.stringify(first.message.blocks)).not.toMatch(/approved \d of \d times/);
  }, 120_000);

  it('holds an approved remediation while the kill switch is on and runs it once it is off', async ({
    startApp,
  }) => {
    const e2e = await startApp({ env: { APPROVERS: ONCALL } });
    await inject(e2e, 'crash api');
    const { message } = await threadMessage(e2e, CHANNEL, 'INC-0001', 'approval:r1', (current) =>
      hasButton(current, APPROVE),
    );

    const on = await e2e.driver.slashCommand({
      command: '/incident',
      text: 'kill-switch on',
      userId: ONCALL,
      channelId: CHANNEL,
    });
    expect(on.status).toBe(200);
    await waitFor(async () => ((await e2e.warroom.runtime.ctx.killSwitch.state()).on ? true : undefined));
    await click(e2e, ONCALL, CHANNEL, message, APPROVE);
    await threadMessage(e2e, CHANNEL, 'INC-0001', 'remediation');
    // The remediate job has met the kill switch and parked: nothing starts the fixers until it is off.
    await waitFor(
      async () =>
        (await e2e.warroom.runtime.ctx.timeline.read('INC-0001')).some(
          (entry) => entry.type === 'remediation.held',
        )
          ? true
          : undefined,
      { what: 'the remediation to be held by the kill switch' },
    );
    expect((await e2e.warroom.runtime.ctx.tickets.require('INC-0001')).status).toBe('Remediating');
    expect(
      (await e2e.warroom.runtime.ctx.stages.runs('INC-0001')).some((run) => run.key.startsWith('fix:')),
    ).toBe(false);
    await waitFor(
      () => (/[Kk]ill switch/.test(JSON.stringify(cardOf(e2e, 'INC-0001')?.blocks)) ? true : undefined),
      {
        what: 'the card to show the kill switch',
      },
    );

    // Only approvers may flip it.
    const refused = await e2e.driver.slashCommand({
      command: '/incident',
      text: 'kill-switch off',
      userId: BOSS,
      channelId: CHANNEL,
    });
    expect(refused.body).toMatch(/Only approvers/);
    expect((await e2e.warroom.runtime.ctx.killSwitch.state()).on).toBe(true);

    await e2e.driver.slashCommand({
      command: '/incident',
      text: 'kill-switch off',
      userId: ONCALL,
      channelId: CHANNEL,
    });
    await waitForCard(e2e, 'INC-0001', 'Resolved');
  });
});
