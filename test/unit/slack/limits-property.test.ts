import { describe, expect, it } from 'vitest';
import { validateBlocks } from '../../../src/dev/slack-emulator/validate-blocks.js';
import { validateView } from '../../../src/dev/slack-emulator/validate-view.js';
import { createRng } from '../../../src/sim/estate/noise.js';
import { approvalMessage } from '../../../src/slack/blocks/approval.js';
import { cardMessage } from '../../../src/slack/blocks/card.js';
import { checkMessageLimits } from '../../../src/slack/blocks/limits.js';
import { overrideModal, rejectModal, requestChangesModal } from '../../../src/slack/blocks/modals.js';
import { duplicateNotice, errorNotice, resolutionNotice } from '../../../src/slack/blocks/notices.js';
import { progressMessage } from '../../../src/slack/blocks/progress.js';
import { rcaMessage } from '../../../src/slack/blocks/rca.js';
import { silencesMessage } from '../../../src/slack/blocks/silences.js';
import type { ModalView, SlackMessage } from '../../../src/slack/blocks/slack-types.js';
import { incidentHelp, injectUsage } from '../../../src/slack/blocks/usage.js';
import { Hostile, NOW, OPENED } from './views.js';

const SEEDS = Array.from({ length: 25 }, (_, i) => i + 1);

function expectAcceptedMessage(message: SlackMessage, name = 'message'): void {
  expect(checkMessageLimits(message, 'message'), name).toEqual([]);
  // The local Slack emulator's validator is an independent second opinion.
  expect(validateBlocks(message.blocks, 'message'), name).toEqual([]);
  expect(message.text.trim().length, name).toBeGreaterThan(0);
}

function expectAcceptedModal(view: ModalView): void {
  expect(checkMessageLimits(view, 'modal')).toEqual([]);
  expect(validateView(view, 'modal')).toEqual([]);
}

/** Every builder, fed by one seeded source of oversized, markup-laden input. */
function hostileMessages(h: Hostile): Record<string, SlackMessage> {
  const sev = h.pick(['sev1', 'sev2', 'sev3'] as const);
  const confidence = { score: h.int(100), band: h.pick(['low', 'medium', 'high'] as const) };
  // Only the approval and the modals put the id into button values and metadata, and need a valid one.
  const anyId = (): string => h.pick(['INC-0007', h.text(300)]);
  return {
    card: cardMessage({
      id: anyId(),
      sev,
      status: h.status(),
      system: h.text(),
      issue: h.text(),
      confidence,
      rootCause: h.text(),
      openedAt: OPENED,
      now: NOW,
      resolution: h.text(),
      parent: h.text(200),
      escalated: true,
      killSwitch: true,
      alertCount: h.int(5000),
      silenced: { id: h.text(40), target: h.text(), until: NOW, reason: h.text() },
      changes: h.list(20, () => ({
        line: h.text(),
        url: h.pick(['https://ci.example/run/42', h.text(3000)]),
      })),
      paged: ['pagerduty', 'webhook'],
    }),
    silences: silencesMessage(
      h.list(60, () => ({
        id: h.text(40),
        target: h.text(),
        by: h.pick(['U0SRE', h.text(100)]),
        until: NOW,
        reason: h.text(),
        held: { count: h.int(100_000), last: { system: h.text(), issue: h.text(), at: OPENED } },
      })),
      NOW,
    ),
    progress: progressMessage({
      id: anyId(),
      phase: 'diagnosis',
      stages: h.list(60, (i) => h.stage(i)),
      now: NOW,
      note: h.text(),
      modelUsage: h.text(),
    }),
    rca: rcaMessage({
      id: anyId(),
      rootService: h.text(),
      fault: h.text(),
      summary: h.text(),
      evidence: h.list(100, () => h.text()),
      confidence,
      explains: h.list(100, () => h.text(200)),
      findings: h.list(60, () => ({ specialist: h.text(300), summary: h.text() })),
    }),
    approval: approvalMessage({
      id: 'INC-0007',
      round: h.int(9),
      sev,
      rootCause: h.text(),
      confidence: { ...confidence, adjustment: { delta: h.int(20) - 10, reason: h.text() } },
      planSummary: h.text(),
      actions: h.list(200, (i) => h.action(i)),
      guard: {
        verdict: h.pick(['allow', 'warn', 'block'] as const),
        findings: h.list(60, () => ({
          ruleId: h.text(300),
          verdict: 'warn' as const,
          reason: h.text(),
          actionId: h.text(100),
        })),
      },
      dryRun: {
        helps: h.int(1) === 1,
        predicted: h.list(60, () => ({ service: h.text(200), before: h.text(), after: h.int(1e9) })),
        summary: h.text(),
      },
      state: h.pick([
        { kind: 'pending' as const },
        {
          kind: 'decided' as const,
          decision: 'rejected' as const,
          by: h.text(300),
          at: NOW,
          reason: h.text(),
        },
        { kind: 'superseded' as const, byRound: h.int(99) },
      ]),
      killSwitch: true,
      approversMention: h.list(200, () => h.pick(['U0AB12', 'S0GROUP', h.text(100)])),
    }),
    duplicate: duplicateNotice({
      id: anyId(),
      parent: h.text(),
      parentPermalink: h.text(3000),
      reason: h.text(),
    }),
    resolution: resolutionNotice({
      id: anyId(),
      status: h.status(),
      resolution: h.text(),
      openedAt: OPENED,
      now: NOW,
      steps: h.list(200, () => ({
        description: h.text(),
        outcome: h.pick(['done', 'failed', 'skipped'] as const),
      })),
      verified: h.text(),
    }),
    error: errorNotice({ ref: h.text(), detail: h.text(), nothingChanged: h.int(1) === 1 }),
    injectUsage: injectUsage({
      scenarios: h.list(100, () => ({
        name: h.text(100),
        description: h.text(),
        defaultService: h.text(100),
        services: h.list(50, () => h.text(100)),
      })),
      services: h.list(100, () => h.text(100)),
      problem: h.text(),
    }),
    incidentHelp: incidentHelp(h.text()),
  };
}

describe('every builder stays within Slack limits whatever it is fed', () => {
  it.each(SEEDS)('messages, seed %i', (seed) => {
    const messages = hostileMessages(new Hostile(createRng(seed)));
    for (const [name, message] of Object.entries(messages)) expectAcceptedMessage(message, name);
  });

  it.each(SEEDS)('modals, seed %i', (seed) => {
    const h = new Hostile(createRng(seed));
    const ref = { id: 'INC-99999999', round: h.int(1000) };
    expectAcceptedModal(rejectModal(ref));
    expectAcceptedModal(requestChangesModal(ref));
    expectAcceptedModal(overrideModal({ ...ref, prefill: h.list(200, () => h.text()) }));
  });

  it('holds for the sizes named in the brief: 10 kB strings, 200 actions, 60 stages, 100 evidence lines', () => {
    const h = new Hostile(createRng(7));
    const big = 'x'.repeat(10_000);
    expectAcceptedMessage(
      progressMessage({
        id: 'INC-0007',
        phase: 'diagnosis',
        stages: Array.from({ length: 60 }, (_, i) => ({ ...h.stage(i), rank: i })),
        now: NOW,
      }),
    );
    expectAcceptedMessage(
      rcaMessage({
        id: 'INC-0007',
        rootService: big,
        fault: big,
        summary: big,
        evidence: Array.from({ length: 100 }, () => big),
        confidence: { score: 50, band: 'medium' },
        explains: Array.from({ length: 100 }, () => big),
        findings: Array.from({ length: 60 }, () => ({ specialist: big, summary: big })),
      }),
    );
  });
});
