import type { SlackMessage } from '../blocks/slack-types.js';
import type { MessageKey } from './message-keys.js';

/** One Slack message the outbox keeps in step with the incident. */
export interface DesiredMessage {
  /** Stable per incident: the outbox keeps one Slack message per key. */
  key: MessageKey;
  placement: 'root' | 'thread';
  message: SlackMessage;
}
