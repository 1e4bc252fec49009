import { z } from 'zod';
import { DryRunRequestId, QUEUE_NAMES, SlackChannelId, SlackUserId } from '../../pipeline/job-catalog.js';
import { defineJob } from '../../pipeline/job-definition.js';
import { RunbookDryRunResult } from '../../pipeline/review/runbook-dry-run-job.js';
import { runbookDryRunText } from '../commands/runbook-dry-run-text.js';
import type { OutboxDeps } from './outbox-deps.js';

const DryRunReply = z.object({ requestId: DryRunRequestId, userId: SlackUserId, channelId: SlackChannelId });
type DryRunReply = z.infer<typeof DryRunReply>;

/**
 * Answers a `/runbook dry-run` privately to the person who asked, in the channel they asked in.
 * A retried job whose reply went out already sends nothing.
 */
export async function replyDryRun(deps: Pick<OutboxDeps, 'ctx' | 'slack'>, data: DryRunReply): Promise<void> {
  const { runbookDryRuns } = deps.ctx;
  if (await runbookDryRuns.replied(data.requestId)) return;
  const stored = RunbookDryRunResult.safeParse(await runbookDryRuns.get(data.requestId));
  const text = stored.success
    ? runbookDryRunText(stored.data)
    : 'The dry run result expired before it could be sent. Nothing was changed; ask again.';
  await deps.slack.call('chat.postEphemeral', { channel: data.channelId, user: data.userId, text });
  await runbookDryRuns.markReplied(data.requestId);
}

/** The private answer to a `/runbook dry-run`, from the outbox (workers never call Slack). */
export const runbookDryRunReplyJob = defineJob({
  name: 'runbook-dry-run-reply',
  queue: QUEUE_NAMES.outbox,
  input: DryRunReply,
  options: { attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
  run: (deps: OutboxDeps, data) => replyDryRun(deps, data),
});
