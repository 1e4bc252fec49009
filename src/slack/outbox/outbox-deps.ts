import type { RoomSettings } from '../../domain/incident-room.js';
import type { Logger } from '../../log.js';
import type { PipelineContext } from '../../pipeline/context.js';
import type { HomeViewers } from '../../store/home-viewers.js';
import type { Keys } from '../../store/keys.js';
import type { MessageRecords } from '../../store/message-records.js';
import type { Redis } from '../../store/redis.js';
import type { SyncFlags } from '../../store/sync-flag.js';
import type { SlackCaller } from './slack-calls.js';

export interface OutboxDeps {
  ctx: PipelineContext;
  redis: Redis;
  keys: Keys;
  records: MessageRecords;
  syncFlags: SyncFlags;
  homeViewers: HomeViewers;
  slack: SlackCaller;
  logger: Logger;
  /** Slack: about one post per second per channel. */
  postIntervalMs: number;
  /** At most one update per message per this interval; bursts in between coalesce. */
  updateIntervalMs: number;
  /** INCIDENT_CHANNELS: which incidents get their own channel; absent: none (every thread in the main channel). */
  rooms?: RoomSettings;
  /** PROMETHEUS_URL: the RCA's task card links the PromQL behind its numbers there. */
  prometheusUrl?: string;
  /** Upload a PNG chart of the root cause's series into the thread (default on). */
  charts?: boolean;
  /** Test hook: called after Slack accepted a post and before its ts is recorded. */
  afterPostBeforeRecord?: (incidentId: string, key: string) => Promise<void>;
}

/**
 * Ends this run of the sync job and runs it again from the top in `ms` (BullMQ's moveToDelayed and
 * DelayedError): a sync never sleeps inside its job, so a worker told to stop finishes at once and
 * a waiting sync costs no worker slot. A re-run starts from the top and does only what is left.
 */
export type Park = (ms: number) => Promise<never>;

/** The outbox's dependencies plus the way this run of the job waits. */
export interface SyncRun extends OutboxDeps {
  park: Park;
}
