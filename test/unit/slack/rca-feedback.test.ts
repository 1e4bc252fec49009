import { describe, expect, it } from 'vitest';
import { validateBlocks } from '../../../src/dev/slack-emulator/validate-blocks.js';
import type { CauseFeedbackResult } from '../../../src/pipeline/hitl/cause-feedback.js';
import { encodeFeedbackValue, parseFeedbackValue, RCA_FEEDBACK } from '../../../src/slack/action-ids.js';
import { checkMessageLimits } from '../../../src/slack/blocks/limits.js';
import { rcaFeedbackBlocks } from '../../../src/slack/blocks/rca-feedback.js';
import { feedbackReplyText } from '../../../src/slack/listeners/feedback-buttons.js';

describe('the RCA feedback buttons', () => {
  it('are one context_actions block with Slack’s feedback buttons, within its limits', () => {
    const blocks = rcaFeedbackBlocks('INC-0007');
    expect(blocks).toEqual([
      {
        type: 'context_actions',
        block_id: 'rca_feedback_buttons',
        elements: [
          {
            type: 'feedback_buttons',
            action_id: RCA_FEEDBACK,
            positive_button: {
              text: { type: 'plain_text', text: 'Right cause', emoji: true },
              value: 'INC-0007:right',
              accessibility_label: 'The root cause of INC-0007 is right',
            },
            negative_button: {
              text: { type: 'plain_text', text: 'Wrong cause', emoji: true },
              value: 'INC-0007:wrong',
              accessibility_label: 'The root cause of INC-0007 is wrong',
            },
          },
        ],
      },
    ]);
    expect(checkMessageLimits({ text: 'rca', blocks }, 'message')).toEqual([]);
    expect(validateBlocks(blocks, 'message')).toEqual([]);
  });

  it('are left out for a view whose id is no incident’s (there is nothing to record a click on)', () => {
    expect(rcaFeedbackBlocks('incident 7')).toEqual([]);
  });

  it('carry values that parse back, and nothing else parses', () => {
    expect(parseFeedbackValue(encodeFeedbackValue('INC-12345', 'wrong'))).toEqual({
      id: 'INC-12345',
      verdict: 'wrong',
    });
    for (const value of [
      undefined,
      42,
      '',
      'INC-0007',
      'INC-0007:maybe',
      'INC-7:right',
      'x:right',
      'INC-0007:right:1',
    ])
      expect(parseFeedbackValue(value)).toBeUndefined();
    expect(() => encodeFeedbackValue('incident 7', 'right')).toThrow();
  });
});

describe('feedbackReplyText', () => {
  const recorded = (
    extra: Partial<Extract<CauseFeedbackResult, { kind: 'recorded' }>>,
  ): CauseFeedbackResult => ({
    kind: 'recorded',
    verdict: 'wrong',
    counted: true,
    approvers: [],
    unreadable: [],
    ...extra,
  });

  it('tells an approver their verdict teaches the crew, and what it replaced', () => {
    expect(feedbackReplyText('INC-0007', recorded({}))).toBe(
      'Recorded “Wrong cause” on INC-0007. It teaches the crew how far to trust this diagnosis next time, and shows in the postmortem.',
    );
    expect(feedbackReplyText('INC-0007', recorded({ replaced: 'right' }))).toContain(
      'Recorded “Wrong cause” on INC-0007, replacing your “Right cause”.',
    );
    expect(feedbackReplyText('INC-0007', recorded({ replaced: 'wrong' }))).toContain(
      'Recorded “Wrong cause” on INC-0007 (as before: it counts once).',
    );
    expect(
      feedbackReplyText('INC-0007', recorded({ replaced: 'wrong', counted: false, approvers: ['U0LEAD'] })),
    ).toContain('Recorded “Wrong cause” on INC-0007 (as before): it shows in the postmortem.');
  });

  it('tells anyone else it is recorded but does not teach, naming the approvers and unreadable groups', () => {
    const text = feedbackReplyText(
      'INC-0007',
      recorded({
        verdict: 'right',
        counted: false,
        approvers: ['U0LEAD', 'S0SRE'],
        unreadable: [{ group: 'S0SRE', reason: 'missing_scope' }],
      }),
    );
    expect(text).toBe(
      "Recorded “Right cause” on INC-0007: it shows in the postmortem. Only approvers' feedback teaches the crew (<@U0LEAD>, <!subteam^S0SRE>), so yours does not change the confidence Warroom gives this diagnosis. Could not check whether you belong to <!subteam^S0SRE>: missing_scope.",
    );
  });

  it('says plainly when the incident is gone or has no root cause yet', () => {
    expect(feedbackReplyText('INC-0007', { kind: 'unknown_incident' })).toBe(
      'INC-0007 no longer exists in Warroom (closed incidents are removed after their retention period). Your feedback was not recorded.',
    );
    expect(feedbackReplyText('INC-0007', { kind: 'no_root_cause' })).toContain('Nothing was recorded');
  });
});
