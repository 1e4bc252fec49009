import type { Redis } from 'ioredis';
import type { Keys } from '../../store/keys.js';

/**
 * Reserves the next free posting slot in a channel, one per `intervalMs`, across every process.
 * Returns how long the caller must wait before its post: Slack allows about one message a second
 * per channel, so ten incidents opened together queue up instead of drawing 429s.
 */
const RESERVE_SLOT = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nextFree)
redis.call('SET', KEYS[1], tostring(slot + interval), 'PX', math.max(1, slot + interval - now))
return slot - now`;

export async function reservePostSlot(
  redis: Redis,
  keys: Keys,
  channel: string,
  intervalMs: number,
): Promise<number> {
  const wait = await redis.eval(
    RESERVE_SLOT,
    1,
    keys.channelPostSlot(channel),
    String(Date.now()),
    String(intervalMs),
  );
  return Number(wait);
}
