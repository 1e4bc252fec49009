// @slack/types is not a direct dependency: reach it through @slack/bolt, which re-exports it.
import type { types } from '@slack/bolt';

export type KnownBlock = types.KnownBlock;
export type SectionBlock = types.SectionBlock;
export type ActionsBlock = types.ActionsBlock;
export type ContextActionsBlock = types.ContextActionsBlock;
export type InputBlock = types.InputBlock;
export type Button = types.Button;
export type ConfirmationDialog = types.ConfirmationDialog;
export type PlainTextElement = types.PlainTextElement;
export type MrkdwnElement = types.MrkdwnElement;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;

/** What `chat.postMessage` / `chat.update` need: blocks plus the plain fallback Slack requires. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}
