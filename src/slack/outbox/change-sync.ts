import { UnrecoverableError } from 'bullmq';
import { PermanentError, RetryableError } from '../../errors.js';
import { QUEUE_NAMES } from '../../pipeline/job-catalog.js';
import { defineJob } from '../../pipeline/job-definition.js';
import { CHANGE_SYNC_OPTIONS, ChangeInput } from '../../pipeline/rollouts/rollout-inputs.js';
import { withLease } from '../../store/lease.js';
import { approvalMessage } from '../blocks/approval.js';
import { changeCardMessage, changeLogMessage } from '../blocks/change.js';
import { changeApprovalView, changeView } from './change-views.js';
import type { DesiredMessage } from './desired-message.js';
import { CHANGE_MESSAGE_KEYS } from './message-keys.js';
import type { OutboxDeps, Park, SyncRun } from './outbox-deps.js';
import { digestOf, postOnce } from './post-once.js';
import { type SyncReport, updateChanged } from './sync.js';

/** Short, so a sync whose worker died holds the change's lane only briefly. */
const SYNC_LEASE_MS = 10_000;

/**
 * Brings one change's messages up to date in the incident channel: its card (`CHG-0003 ·
 * rolling-out`, posted once, updated in place), then in the card's thread its approval (the
 * incident approval message) and its log of phases and gates. Posted and updated by the incident
 * outbox's own code; the records live under the change.
 */
export async function syncChange(deps: SyncRun, changeId: string): Promise<SyncReport> {
  const { ctx } = deps;
  const report: SyncReport = { posted: [], updated: [], reconciled: [] };
  const rollout = await ctx.rollouts.get(changeId);
  const channel = ctx.settings.incidentChannel;
  if (rollout === undefined || !channel) return report;
  const [book, killSwitch] = await Promise.all([ctx.approvals.book(changeId), ctx.killSwitch.state()]);
  const view = changeView(rollout);
  const approval = changeApprovalView(ctx, rollout, book, killSwitch.on);
  const desired: DesiredMessage[] = [
    { key: CHANGE_MESSAGE_KEYS.card, placement: 'root', message: changeCardMessage(view) },
    ...(approval
      ? [
          {
            key: CHANGE_MESSAGE_KEYS.approval,
            placement: 'thread' as const,
            message: approvalMessage(approval),
          },
        ]
      : []),
    ...(rollout.log.length > 0
      ? [{ key: CHANGE_MESSAGE_KEYS.log, placement: 'thread' as const, message: changeLogMessage(view) }]
      : []),
  ];
  const changeDeps: SyncRun = { ...deps, records: ctx.rollouts.messages };
  const { records, pending } = await ctx.rollouts.messages.all(changeId);
  for (const message of desired) {
    if (records.has(message.key)) continue;
    const threadTs = message.placement === 'thread' ? records.get(CHANGE_MESSAGE_KEYS.card)?.ts : undefined;
    if (message.placement === 'thread' && threadTs === undefined) continue;
    const posted = await postOnce(changeDeps, deps.logger, {
      incidentId: changeId,
      channel,
      ...(threadTs ? { threadTs } : {}),
      message,
      digest: digestOf(message.message),
      revision: 0,
      wasPending: pending.has(message.key),
      oldestSeconds: Date.parse(rollout.createdAt) / 1000 - 60,
    });
    records.set(message.key, posted.record);
    (posted.reconciled ? report.reconciled : report.posted).push(message.key);
  }
  const waitMs = await updateChanged(
    changeDeps,
    { incidentId: changeId, desired, records, revision: 0 },
    report,
  );
  return waitMs === 0 ? report : deps.park(waitMs);
}

async function syncChangeOnce(deps: OutboxDeps, changeId: string, park: Park): Promise<SyncReport> {
  try {
    const outcome = await withLease(deps.redis, deps.keys.rolloutSyncLease(changeId), SYNC_LEASE_MS, () =>
      syncChange({ ...deps, park }, changeId),
    );
    if (!outcome.ran) throw new RetryableError('conflict', `Another outbox worker is syncing ${changeId}`);
    // App Home lists the changes under way: their phase and status as the card shows them.
    await deps.ctx.queues.requestHomeRefresh();
    return outcome.value;
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    deps.logger.error({ err: error, change: changeId }, 'slack outbox gave up on a change message');
    throw new UnrecoverableError(error.message);
  }
}

/** Brings one change's card and thread up to date: one lane per change (rollout-sync-request.ts). */
export const changeSyncJob = defineJob({
  name: 'change-sync',
  queue: QUEUE_NAMES.outbox,
  input: ChangeInput,
  options: CHANGE_SYNC_OPTIONS,
  run: (deps: OutboxDeps, { changeId }, { control }) => syncChangeOnce(deps, changeId, control.park),
});
