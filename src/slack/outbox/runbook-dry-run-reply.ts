import type { JobData } from '../../pipeline/job-catalog.js';
import { RunbookDryRunResult } from '../../pipeline/review/runbook-dry-run-job.js';
import { runbookDryRunText } from '../commands/runbook-dry-run-text.js';
import type { OutboxDeps } from './outbox-deps.js';

/**
 * Answers a `/runbook dry-run` privately to the person who asked, in the channel they asked in.
 * A retried job whose reply went out already sends nothing.
 */
export async function replyDryRun(
  deps: Pick<OutboxDeps, 'ctx' | 'slack'>,
  data: JobData<'runbook-dry-run-reply'>,
): Promise<void> {
  const { runbookDryRuns } = deps.ctx;
  if (await runbookDryRuns.replied(data.requestId)) return;
  const stored = RunbookDryRunResult.safeParse(await runbookDryRuns.get(data.requestId));
  const text = stored.success
    ? runbookDryRunText(stored.data)
    : 'The dry run result expired before it could be sent. Nothing was changed; ask again.';
  await deps.slack.call('chat.postEphemeral', { channel: data.channelId, user: data.userId, text });
  await runbookDryRuns.markReplied(data.requestId);
}
