import type { SlackMessage } from '../blocks/slack-types.js';
import type { MessageKey } from './message-keys.js';

/** One Slack message the outbox keeps in step with the incident. */
export interface DesiredMessage {
  /** Stable per incident: the outbox keeps one Slack message per key. */
  key: MessageKey;
  /**
   * `root`: the card in the main channel; `room-root`: the card in the incident's own channel;
   * `thread`: the incident's thread (the room's when it has one, else the main card's);
   * `main-thread`: the main card's thread even when the incident has a room.
   */
  placement: 'root' | 'room-root' | 'thread' | 'main-thread';
  message: SlackMessage;
}
