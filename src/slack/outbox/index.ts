import { WebClient } from '@slack/web-api';
import type { RoomSettings } from '../../domain/incident-room.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics/metrics.js';
import type { PipelineContext } from '../../pipeline/context.js';
import { createHomeViewers } from '../../store/home-viewers.js';
import type { Keys } from '../../store/keys.js';
import { createMessageRecords } from '../../store/message-records.js';
import type { Redis } from '../../store/redis.js';
import { createSyncFlags } from '../../store/sync-flag.js';
import type { OutboxDeps } from './outbox-deps.js';
import { createSlackCaller } from './slack-calls.js';

export { createOutboxProcessor } from './outbox-worker.js';
export { syncIncident } from './sync.js';

export interface OutboxOptions {
  botToken: string;
  apiUrl?: string;
  postIntervalMs?: number;
  updateIntervalMs?: number;
  /** INCIDENT_CHANNELS: which incidents get their own channel; absent: none. */
  rooms?: RoomSettings;
  afterPostBeforeRecord?: OutboxDeps['afterPostBeforeRecord'];
  prometheusUrl?: string;
}

/**
 * The only Slack writer. The client never retries by itself and never waits out 429s silently:
 * a blind retry of a post whose answer was lost would post twice, so the outbox decides.
 */
export function createOutboxDeps(
  options: OutboxOptions,
  core: { ctx: PipelineContext; redis: Redis; keys: Keys; logger: Logger; metrics?: Metrics },
): OutboxDeps {
  const client = new WebClient(options.botToken, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  });
  return {
    ...core,
    records: createMessageRecords(core.redis, core.keys),
    syncFlags: createSyncFlags(core.redis, core.keys),
    homeViewers: createHomeViewers(core.redis, core.keys),
    slack: createSlackCaller(client, core.logger, (method, outcome) =>
      core.metrics?.countSlackCall(method, outcome),
    ),
    postIntervalMs: options.postIntervalMs ?? 1000,
    updateIntervalMs: options.updateIntervalMs ?? 1000,
    ...(options.rooms ? { rooms: options.rooms } : {}),
    ...(options.prometheusUrl ? { prometheusUrl: options.prometheusUrl } : {}),
    ...(options.afterPostBeforeRecord ? { afterPostBeforeRecord: options.afterPostBeforeRecord } : {}),
  };
}
