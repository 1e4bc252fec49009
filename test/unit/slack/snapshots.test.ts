import { describe, expect, it } from 'vitest';
import { approvalMessage } from '../../../src/slack/blocks/approval.js';
import { cardMessage } from '../../../src/slack/blocks/card.js';
import { checkMessageLimits } from '../../../src/slack/blocks/limits.js';
import { overrideModal, rejectModal, requestChangesModal } from '../../../src/slack/blocks/modals.js';
import { duplicateNotice, errorNotice, resolutionNotice } from '../../../src/slack/blocks/notices.js';
import { progressLine, progressMessage } from '../../../src/slack/blocks/progress.js';
import { rcaMessage } from '../../../src/slack/blocks/rca.js';
import { silencesMessage } from '../../../src/slack/blocks/silences.js';
import type { KnownBlock, ModalView, SlackMessage } from '../../../src/slack/blocks/slack-types.js';
import { incidentHelp, injectUsage } from '../../../src/slack/blocks/usage.js';
import { approval, card, NOW, OPENED, progress, rca } from './views.js';

const messages: Record<string, SlackMessage> = {
  'card: diagnosing': cardMessage(card),
  'card: diagnosing, with its progress': cardMessage({
    ...card,
    progress: progressLine(progress.stages, 'diagnosis'),
  }),
  'card: awaiting approval, escalated, kill switch': cardMessage({
    ...card,
    status: 'Awaiting_Approval',
    confidence: { score: 72, band: 'medium' },
    rootCause: 'database connection pool exhausted',
    escalated: true,
    killSwitch: true,
    alertCount: 3,
    paged: ['pagerduty', 'webhook'],
  }),
  'card: resolved': cardMessage({
    ...card,
    sev: 'sev2',
    status: 'Resolved',
    confidence: { score: 91, band: 'high' },
    rootCause: 'api OOMKilled (exit 137)',
    resolution: 'Rolling restart of api; error rate back under 0.1%.',
  }),
  'card: sev1 opened during a silence, after a deploy': cardMessage({
    ...card,
    silenced: { id: 'SIL-0003', target: 'api', until: NOW, reason: 'load test until noon' },
    changes: [
      { line: 'api 3.1.4 rolled out 3 min before (from 3.1.3, by ci)', url: 'https://ci.example/run/42' },
      { line: 'database 15.4 rolled out 40 min before' },
    ],
  }),
  'silences: two active, one holding alerts': silencesMessage(
    [
      {
        id: 'SIL-0001',
        target: 'payments',
        by: 'U0SRE',
        until: NOW,
        reason: 'deploy window',
        held: { count: 4, last: { system: 'payments', issue: 'PaymentsErrorRate', at: OPENED } },
      },
      { id: 'SIL-0002', target: 'HighLatency', by: 'U0LEAD', until: NOW, held: { count: 0 } },
    ],
    NOW,
  ),
  'card: duplicate': cardMessage({
    ...card,
    id: 'INC-0009',
    sev: 'sev3',
    status: 'Duplicate',
    parent: 'INC-0007',
  }),
  progress: progressMessage(progress),
  'progress: empty remediation with a note': progressMessage({
    id: 'INC-0007',
    phase: 'remediation',
    stages: [],
    now: NOW,
    note: 'Waiting for approval',
    modelUsage: 'gemini-2.5-flash: 4 calls, 5.2k tokens',
  }),
  rca: rcaMessage(rca),
  'approval: pending sev1': approvalMessage({ ...approval, sev: 'sev1' }),
  'approval: blocked by the guard': approvalMessage({
    ...approval,
    guard: {
      verdict: 'block',
      findings: [{ ruleId: 'no-failover-sev3', verdict: 'block', reason: 'Failover is out of bounds' }],
    },
    dryRun: {
      helps: false,
      predicted: [{ service: 'api', before: 0.12, after: 0.11 }],
      summary: 'No real gain',
    },
  }),
  'approval: approved': approvalMessage({
    ...approval,
    state: { kind: 'decided', decision: 'approved', by: 'U123', at: NOW, reason: 'matches the dashboards' },
  }),
  'approval: timed out with the kill switch on': approvalMessage({
    ...approval,
    state: { kind: 'decided', decision: 'timed_out', at: NOW },
    killSwitch: true,
  }),
  'approval: superseded': approvalMessage({ ...approval, state: { kind: 'superseded', byRound: 2 } }),
  'approval: asked again after a failover lost the decision': approvalMessage({
    ...approval,
    state: { kind: 'pending', askedAgain: true },
  }),
  duplicate: duplicateNotice({
    id: 'INC-0009',
    parent: 'INC-0003',
    parentPermalink: 'https://acme.slack.com/archives/C1/p1',
  }),
  resolution: resolutionNotice({
    id: 'INC-0007',
    status: 'Resolved',
    resolution: 'Rolling restart of api brought the error rate back to baseline.',
    openedAt: OPENED,
    now: NOW,
    steps: [
      { description: 'Restart api (3 instances)', outcome: 'done' },
      { description: 'Roll back config', outcome: 'skipped' },
    ],
    verified: '5xx under 0.1% for 5 m',
  }),
  error: errorNotice({ ref: '8f3a2c1d' }),
  'inject usage: unknown scenario': injectUsage({
    scenarios: [
      { name: 'full', description: 'the canned sev1', defaultService: 'web-edge', services: ['web-edge'] },
      { name: 'duplicate', description: 'fire the latest alert again', defaultService: 'api', services: [] },
      {
        name: 'crash',
        description: 'OOMKilled, exit 137',
        defaultService: 'api',
        services: ['api', 'worker', 'auth'],
      },
    ],
    services: ['web-edge', 'api', 'auth', 'database', 'cache', 'worker', 'storage', 'network'],
    problem: 'Unknown scenario `foo`.',
  }),
  'incident help': incidentHelp(),
};

const modals: Record<string, ModalView> = {
  reject: rejectModal({ id: 'INC-0007', round: 1 }),
  override: overrideModal({ id: 'INC-0007', round: 1, prefill: ['restart api', 'scale_up api'] }),
  'request changes': requestChangesModal({ id: 'INC-0007', round: 1 }),
};

function actionIds(blocks: readonly KnownBlock[]): string[] {
  return JSON.stringify(blocks).match(/"action_id":"[^"]*"/g) ?? [];
}

describe('Block Kit snapshots', () => {
  it.each(Object.entries(messages))('%s', (_, message) => {
    expect(checkMessageLimits(message, 'message')).toEqual([]);
    const ids = actionIds(message.blocks);
    expect(new Set(ids).size).toBe(ids.length);
    expect(message).toMatchSnapshot();
  });

  it.each(Object.entries(modals))('modal: %s', (_, view) => {
    expect(checkMessageLimits(view, 'modal')).toEqual([]);
    expect(view).toMatchSnapshot();
  });
});
