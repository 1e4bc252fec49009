import { describe, expect, it } from 'vitest';
import {
  blockActionsPayload,
  type DriverIdentity,
  eventEnvelope,
  findAction,
  slashCommandForm,
} from '../../../src/dev/slack-driver/payloads.js';
import { FEEDBACK_BLOCK } from './feedback-blocks.js';

const identity: DriverIdentity = {
  teamId: 'T1',
  teamDomain: 'acme',
  apiAppId: 'A1',
  botUserId: 'UBOT',
  verificationToken: 'tok',
};

/** A click on `actionId` (carrying `value`) in a thread message holding `blocks`. */
function clickOn(blocks: unknown[], actionId: string, value: string) {
  return blockActionsPayload(identity, {
    user: { id: 'U1', name: 'ann' },
    channelId: 'C1',
    channelName: 'incidents',
    messageTs: '1.000100',
    threadTs: '1.000001',
    isEphemeral: false,
    actionId,
    blockId: undefined,
    value,
    message: { ts: '1.000100', blocks },
    responseUrl: 'http://r',
    triggerId: 't',
    nowMs: 1_700_000_000_250,
  });
}

describe('driver payloads', () => {
  it('lists slash command fields in the order Slack sends them', () => {
    const form = slashCommandForm(identity, {
      command: '/inject',
      text: 'db latency',
      user: { id: 'U1', name: 'ann' },
      channelId: 'C1',
      channelName: 'incidents',
      responseUrl: 'http://r',
      triggerId: '1.2.3',
    });
    expect([...form.keys()]).toEqual([
      'token',
      'team_id',
      'team_domain',
      'channel_id',
      'channel_name',
      'user_id',
      'user_name',
      'command',
      'text',
      'api_app_id',
      'is_enterprise_install',
      'response_url',
      'trigger_id',
    ]);
    expect(form.toString()).toContain('command=%2Finject&text=db+latency');
  });

  it('finds a button by action_id in actions and section accessories', () => {
    const blocks = [
      {
        type: 'section',
        block_id: 's',
        accessory: { type: 'button', action_id: 'more', text: { text: 'More' } },
      },
      {
        type: 'actions',
        block_id: 'a',
        elements: [{ type: 'button', action_id: 'ack', style: 'primary', text: { text: 'Ack' } }],
      },
    ];
    expect(findAction(blocks, 'ack')).toEqual({ blockId: 'a', text: 'Ack', style: 'primary' });
    expect(findAction(blocks, 'more')?.blockId).toBe('s');
    expect(findAction(blocks, 'nope')).toBeUndefined();
  });

  it('builds a block_actions payload with the button taken from the message', () => {
    const payload = clickOn(
      [{ type: 'actions', block_id: 'b', elements: [{ action_id: 'ack', text: { text: 'Ack' } }] }],
      'ack',
      'INC-1',
    );
    expect(payload).toMatchObject({
      type: 'block_actions',
      container: {
        type: 'message',
        message_ts: '1.000100',
        channel_id: 'C1',
        is_ephemeral: false,
        thread_ts: '1.000001',
      },
      actions: [
        {
          action_id: 'ack',
          block_id: 'b',
          value: 'INC-1',
          type: 'button',
          text: { text: 'Ack' },
          action_ts: '1700000000.250000',
        },
      ],
    });
  });

  it('sends a click on feedback buttons as Slack does: feedback_buttons, the clicked side’s value and text', () => {
    expect(findAction([FEEDBACK_BLOCK], 'rate', 'INC-1:wrong')).toEqual({
      blockId: 'fb',
      text: 'Bad',
      style: undefined,
      feedback: true,
    });
    expect(clickOn([FEEDBACK_BLOCK], 'rate', 'INC-1:wrong').actions).toEqual([
      {
        type: 'feedback_buttons',
        action_id: 'rate',
        block_id: 'fb',
        text: { type: 'plain_text', text: 'Bad', emoji: true },
        value: 'INC-1:wrong',
        action_ts: '1700000000.250000',
      },
    ]);
  });

  it('wraps events in an event_callback envelope with authorizations', () => {
    const envelope = eventEnvelope(identity, {
      event: { type: 'app_mention' },
      eventId: 'Ev1',
      eventTime: 5,
    });
    expect(envelope).toMatchObject({
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: 'Ev1',
      event_time: 5,
      authorizations: [{ user_id: 'UBOT', is_bot: true }],
    });
  });
});
