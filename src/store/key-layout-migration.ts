/**
 * Moves a Redis written before hash tags (see key-layout.ts) to today's names at start, so an
 * upgrade keeps every open incident, approval, learning record and the incident sequence. Once per
 * Redis: a marker key says it is done; a lease makes two processes starting together move it once
 * (the other waits); each key moves with RENAMENX, so a rerun after a crash half-way carries on and a
 * newer key is never overwritten. Not on a Cluster: the untagged layout never ran there.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Cluster } from 'ioredis';
import type { Logger } from '../log.js';
import { toCurrentLayout } from './key-layout.js';
import type { Keys } from './keys.js';
import { withLease } from './lease.js';
import type { Redis } from './redis.js';

/** What `keys.keyLayout` holds once this Redis uses today's names. */
export const CURRENT_KEY_LAYOUT = 'hash-tags-1';

/** BullMQ's prefix before hash tags: its keys stay where they are (see `oldQueueJobs`). */
export const oldQueuePrefix = (prefix: string) => `${prefix}:q`;

/** Jobs of one queue of the untagged layout that had not finished, by BullMQ state. */
export type OldQueueJobs = Record<string, Record<string, number>>;

export type KeyLayoutOutcome =
  | { kind: 'cluster' }
  | { kind: 'current' }
  | { kind: 'waited' }
  | {
      kind: 'migrated';
      moved: number;
      /** Old keys left where they were because today's name already held a key (never overwritten). */
      conflicts: string[];
      /** Keys under the prefix that no layout knows, left alone. */
      unknown: number;
      oldQueueJobs: OldQueueJobs;
    };

export interface KeyLayoutOptions {
  /** BullMQ queue names, to count the old layout's unfinished jobs. */
  queueNames: readonly string[];
  leaseMs?: number;
  /** How often a process that did not get the lease looks whether the migration is done. */
  pollMs?: number;
}

const SCAN_COUNT = 1000;
const UNFINISHED = {
  wait: 'list',
  active: 'list',
  paused: 'list',
  delayed: 'zset',
  prioritized: 'zset',
  'waiting-children': 'zset',
} as const;

function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

async function isCurrent(redis: Redis, keys: Keys): Promise<boolean> {
  return (await redis.get(keys.keyLayout)) === CURRENT_KEY_LAYOUT;
}

/** Unfinished jobs under the old BullMQ prefix, by queue and state (only the non-zero ones). */
async function oldQueueJobs(
  redis: Redis,
  prefix: string,
  queueNames: readonly string[],
): Promise<OldQueueJobs> {
  const found: OldQueueJobs = {};
  for (const name of queueNames) {
    for (const [state, type] of Object.entries(UNFINISHED)) {
      const key = `${oldQueuePrefix(prefix)}:${name}:${state}`;
      const count = type === 'list' ? await redis.llen(key) : await redis.zcard(key);
      if (count > 0) found[name] = { ...found[name], [state]: count };
    }
  }
  return found;
}

/** RENAMENX, telling a key that vanished meanwhile (expired) from one whose new name is taken. */
async function moveKey(redis: Redis, from: string, to: string): Promise<'moved' | 'taken' | 'gone'> {
  try {
    return (await redis.renamenx(from, to)) === 1 ? 'moved' : 'taken';
  } catch (error) {
    if (error instanceof Error && /no such key/i.test(error.message)) return 'gone';
    throw error;
  }
}

/** Both sequences issued ids: today's continues from the larger, so no id is ever issued twice. */
async function keepLargerSequence(redis: Redis, from: string, to: string): Promise<void> {
  const [old, current] = [Number(await redis.get(from)), Number(await redis.get(to))];
  if (Number.isSafeInteger(old) && old > current) await redis.set(to, String(old));
}

async function moveAll(redis: Redis, keys: Keys, options: KeyLayoutOptions): Promise<KeyLayoutOutcome> {
  if (await isCurrent(redis, keys)) return { kind: 'current' };
  const prefix = keys.prefix;
  const rename = toCurrentLayout(prefix);
  const queueKeys = `${oldQueuePrefix(prefix)}:`;
  let moved = 0;
  let unknown = 0;
  const conflicts: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${globEscape(prefix)}:*`, 'COUNT', SCAN_COUNT);
    cursor = next;
    for (const key of batch) {
      const target = rename(key);
      if (!target) {
        // Today's names carry a tag; the old queues are counted apart; anything else is unknown.
        if (!key.includes('{') && !key.startsWith(queueKeys)) unknown += 1;
        continue;
      }
      const outcome = await moveKey(redis, key, target.to);
      if (outcome === 'moved') moved += 1;
      if (outcome === 'taken') {
        conflicts.push(key);
        if (target.entry === 'incidentSequence') await keepLargerSequence(redis, key, target.to);
      }
    }
  } while (cursor !== '0');
  const queued = await oldQueueJobs(redis, prefix, options.queueNames);
  await redis.set(keys.keyLayout, CURRENT_KEY_LAYOUT);
  return { kind: 'migrated', moved, conflicts, unknown, oldQueueJobs: queued };
}

/**
 * Brings this Redis to today's key layout, or waits while another process does. Resolves once the
 * layout is current; throws (and leaves the marker unset, so the next start carries on) on a Redis
 * error.
 */
export async function migrateKeyLayout(
  redis: Redis,
  keys: Keys,
  options: KeyLayoutOptions,
): Promise<KeyLayoutOutcome> {
  if (redis instanceof Cluster) return { kind: 'cluster' };
  if (await isCurrent(redis, keys)) return { kind: 'current' };
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 100;
  for (;;) {
    const attempt = await withLease(redis, keys.keyLayoutLease, leaseMs, () => moveAll(redis, keys, options));
    if (attempt.ran) return attempt.value;
    // Another process moves the keys: wait until it set the marker, or its lease is gone (it died).
    while ((await redis.exists(keys.keyLayoutLease)) === 1) {
      if (await isCurrent(redis, keys)) return { kind: 'waited' };
      await sleep(pollMs);
    }
    if (await isCurrent(redis, keys)) return { kind: 'waited' };
  }
}

/** One log line for what the migration did; a warning when anything needs a person. */
export function logKeyLayoutOutcome(logger: Logger, prefix: string, outcome: KeyLayoutOutcome): void {
  if (outcome.kind !== 'migrated') return;
  const { moved, conflicts, unknown, oldQueueJobs: queued } = outcome;
  if (moved > 0 || conflicts.length > 0) {
    logger.info(
      { moved, conflicts: conflicts.length, unknown },
      'moved Redis keys to the hash-tagged layout',
    );
  }
  if (conflicts.length > 0) {
    logger.warn(
      { keys: conflicts.slice(0, 20), count: conflicts.length },
      "old-layout keys left in place: a key of today's layout already had their name (never overwritten); compare and remove them by hand",
    );
  }
  if (Object.keys(queued).length > 0) {
    logger.warn(
      { queues: queued, oldQueuePrefix: oldQueuePrefix(prefix) },
      `jobs queued by the previous version under ${oldQueuePrefix(prefix)} were not moved and will not run: ` +
        'their incidents are kept and readable, decisions on open approvals still work, but stages those jobs ' +
        'would have run (and pending approval reminders and timeouts) do not; see README "Upgrading from a version before these tags"',
    );
  }
}
