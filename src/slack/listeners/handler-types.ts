import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  FeedbackButtonsAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackViewMiddlewareArgs,
  StaticSelectAction,
  ViewSubmitAction,
} from '@slack/bolt';
import type { Logger } from '../../log.js';
import type { PipelineContext } from '../../pipeline/context.js';
import type { Keys } from '../../store/keys.js';
import type { Redis } from '../../store/redis.js';

/** What every listener may use: the pipeline's ports, Redis for its own idempotency records, the log. */
export interface ListenerDeps {
  ctx: PipelineContext;
  redis: Redis;
  keys: Keys;
  logger: Logger;
}

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
/** A click on Slack's feedback buttons (`feedback_buttons`: the value says which one). */
export type FeedbackArgs = SlackActionMiddlewareArgs<BlockAction<FeedbackButtonsAction>> & AllMiddlewareArgs;
/** A select inside a modal that dispatches its choice (`dispatch_action`). */
export type SelectArgs = SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs;
export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** A handler factory: given the app's dependencies, the listener Bolt calls for one interaction. */
export type Handler<Args> = (deps: ListenerDeps) => (args: Args) => Promise<void>;
