import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';

/**
 * Takes the channel's posting slot if it is free now (one per `intervalMs`, across every process)
 * and returns 0; otherwise takes nothing and returns how long until it frees. Slack allows about
 * one message a second per channel, so ten incidents opened together queue up instead of drawing
 * 429s. A caller that must wait puts its job back to sleep for that long rather than holding the
 * slot (or a worker) meanwhile.
 */
const TAKE_SLOT = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
if nextFree > now then return nextFree - now end
redis.call('SET', KEYS[1], tostring(now + interval), 'PX', math.max(1, interval))
return 0`;

export async function takePostSlot(
  redis: Redis,
  keys: Keys,
  channel: string,
  intervalMs: number,
): Promise<number> {
  const wait = await redis.eval(
    TAKE_SLOT,
    1,
    keys.channelPostSlot(channel),
    String(Date.now()),
    String(intervalMs),
  );
  return Number(wait);
}
