/**
 * Every Lua script of the store, in one table (alert placement's come from placement-scripts.ts,
 * an incident's share of a delivery from incident-alert-scripts.ts):
 * each is registered once per connection with ioredis `defineCommand` (sent with EVALSHA, falling
 * back to EVAL only when Redis lost its script cache) and callable as a typed command. ioredis sends a script's source on its first use on each
 * socket, so a reconnect (a Redis restart, a failover) reloads it, and a lone call that meets
 * NOSCRIPT (a `SCRIPT FLUSH` on a live connection) is sent again with its source. Inside a MULTI
 * that fallback never happens: the EVALSHA fails only at EXEC, after the rest of the transaction
 * was applied, so a transaction queues its scripts with `queueScript` (EVAL, which cannot miss) and
 * runs with `execAll` (see transaction.ts). Each is tested against the real Redis in
 * test/integration/store/scripts.test.ts.
 */
import type { ChainableCommander, ClientContext, Cluster, Redis, Result } from 'ioredis';
import { INCIDENT_ALERT_SCRIPTS, REQUEST_SYNC_LUA } from './incident-alert-scripts.js';
import { PLACEMENT_SCRIPTS } from './placement-scripts.js';
import type { ScriptSource } from './script-source.js';

export const SCRIPTS = {
  /** Extends a lease only while `token` (ARGV[1]) still holds it: a late holder never extends someone else's. */
  warroomLeaseRenew: {
    keys: 1,
    lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`,
  },
  /** Deletes a lease only while `token` (ARGV[1]) still holds it. */
  warroomLeaseRelease: {
    keys: 1,
    lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`,
  },
  /** HDEL field ARGV[1] only while it still holds ARGV[2] (a fingerprint an incident still owns). */
  warroomHdelIfEquals: {
    keys: 1,
    lua: `if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end return 0`,
  },
  /** HDEL field ARGV[1] only while its JSON value's `incidentId` is ARGV[2]. */
  warroomHdelIfIncident: {
    keys: 1,
    lua: `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw and cjson.decode(raw).incidentId == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0`,
  },
  /** HSET field ARGV[1] to the number ARGV[2] only if it is larger: out-of-order writes never pull it back. */
  warroomHsetMax: {
    keys: 1,
    lua: `local c = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') if tonumber(ARGV[2]) > c then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end return 1`,
  },
  /**
   * A channel's posting slots (see post-slots.ts): KEYS[1] the channel's next free slot, KEYS[2]
   * its reservations (incident → slot × 4 + priority); ARGV now, interval, grace (ms), priority
   * (0-3), incident id. 0: post now; else ms to wait. A claim that must wait goes before the first
   * reservation still ahead of lower priority; that one and those after it move one slot back.
   */
  warroomClaimPostSlot: {
    keys: 2,
    lua: `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local grace = tonumber(ARGV[3])
local priority = tonumber(ARGV[4])
local id = ARGV[5]
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ((now - grace) * 4))
local own = tonumber(redis.call('ZSCORE', KEYS[2], id) or '')
if own then
  local reserved = math.floor(own / 4)
  if reserved > now then return reserved - now end
  redis.call('ZREM', KEYS[2], id)
  if now - reserved <= interval / 2 then return 0 end
end
local free = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], tostring(free + interval), 'PX', math.max(1, free + interval - now))
if free <= now then return 0 end
local ahead = redis.call('ZRANGEBYSCORE', KEYS[2], (now + 1) * 4, '+inf', 'WITHSCORES')
local slot = free
local moved = false
for i = 1, #ahead, 2 do
  local score = tonumber(ahead[i + 1])
  local next_slot = ahead[i + 3] and math.floor(tonumber(ahead[i + 3]) / 4) or free
  if moved then
    redis.call('ZADD', KEYS[2], next_slot * 4 + score % 4, ahead[i])
  elseif score % 4 < priority then
    slot = math.floor(score / 4)
    moved = true
    redis.call('ZADD', KEYS[2], next_slot * 4 + score % 4, ahead[i])
  end
end
redis.call('ZADD', KEYS[2], slot * 4 + priority, id)
redis.call('PEXPIRE', KEYS[2], free - now + grace)
return slot - now`,
  },
  /** Moves the rehearsal's tick from ARGV[1] to ARGV[2] only while it runs and nobody else moved it. */
  warroomChaosAdvance: {
    keys: 1,
    lua: `
if redis.call('HGET', KEYS[1], 'on') == '1' and redis.call('HGET', KEYS[1], 'seq') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'seq', ARGV[2])
  return 1
end
return 0`,
  },
  /**
   * Moves each specialist's threshold by its step within [min, max], in one step: no verdict is
   * lost. ARGV: default, min, max, then specialist, step, specialist, step, ….
   */
  warroomStepThresholds: {
    keys: 1,
    lua: `
local default, min, max = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
for i = 4, #ARGV, 2 do
  local current = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or default)
  redis.call('HSET', KEYS[1], ARGV[i], math.min(max, math.max(min, current + tonumber(ARGV[i + 1]))))
end`,
  },
  /**
   * One person's verdict on one incident's root cause (KEYS[1] field ARGV[1] = record ARGV[2]),
   * replacing theirs: the tally field (KEYS[2]) the old record counted in goes down, ARGV[3] ('':
   * none) goes up. Returns the old record, or nil. No click is counted twice, none is lost.
   */
  warroomCauseVerdict: {
    keys: 2,
    lua: `
local old = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if old then
  local field = cjson.decode(old)['tally']
  if type(field) == 'string' and tonumber(redis.call('HGET', KEYS[2], field) or '0') > 0 then
    redis.call('HINCRBY', KEYS[2], field, -1)
  end
end
if ARGV[3] ~= '' then redis.call('HINCRBY', KEYS[2], ARGV[3], 1) end
return old`,
  },
  /** Counts a request in a fixed window of ARGV[1] seconds started by the first one: {count, ttl}. */
  warroomCountInWindow: {
    keys: 1,
    lua: `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('TTL', KEYS[1])}`,
  },
  /**
   * Starts a stage if the ticket (KEYS[1]) is in one of the statuses ARGV[2] (space-separated):
   * writes the run (KEYS[2] field ARGV[3] = ARGV[4]) and its timeline entry (KEYS[3], MAXLEN
   * ARGV[5], fields from ARGV[6]). Returns {ticket doc, 1 started | 0 not, its joined alerts
   * ('' when none, see warroomJoinIncident)}; nil: no ticket.
   */
  warroomStartStage: {
    keys: 3,
    lua: `
local ticket = redis.call('HMGET', KEYS[1], 'doc', ARGV[1], 'joined')
if not ticket[1] then return false end
-- A ticket written before the status was kept beside the document carries it only inside.
local status = ticket[2] or cjson.decode(ticket[1])['status']
for allowed in string.gmatch(ARGV[2], '%S+') do
  if allowed == status then
    redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
    redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', unpack(ARGV, 6))
    return {ticket[1], 1, ticket[3] or ''}
  end
end
return {ticket[1], 0, ticket[3] or ''}`,
  },
  /**
   * Records an alert the silence ARGV[1] held, in its entry of KEYS[1] (JSON {count, last,
   * fingerprints}): the count goes up only for a fingerprint ARGV[2] not seen yet (up to ARGV[4]
   * are kept; past it every delivery counts); `last` becomes ARGV[3] (JSON). One step, so
   * workers holding alerts of one silence at once lose no count; nothing is recorded (0) for a
   * silence no longer in KEYS[2] (it ended meanwhile: its record went with it).
   */
  warroomSilenceHold: {
    keys: 2,
    lua: `
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return 0 end
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local held = raw and cjson.decode(raw) or {count = 0}
local seen = held.fingerprints or {}
local known = false
for _, fingerprint in ipairs(seen) do
  if fingerprint == ARGV[2] then known = true break end
end
if not known then
  held.count = held.count + 1
  if #seen < tonumber(ARGV[4]) then seen[#seen + 1] = ARGV[2] end
end
if #seen > 0 then held.fingerprints = seen else held.fingerprints = nil end
held.last = cjson.decode(ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(held))
return held.count`,
  },
  /** Sets the outcome field ARGV[2] = ARGV[3] only when the start field ARGV[1] exists and no outcome does. */
  warroomRecordOutcome: {
    keys: 1,
    lua: `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
return redis.call('HSETNX', KEYS[1], ARGV[2], ARGV[3])`,
  },
  /**
   * A JSON document in a hash (`doc`, `version`) written only if its version is still ARGV[1]
   * ('-1': absent): doc ARGV[2], version ARGV[3], then indexed field, value, … beside it.
   */
  warroomCompareAndSet: {
    keys: 1,
    lua: `
local current = redis.call('HGET', KEYS[1], 'version')
if (current or '-1') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'doc', ARGV[2], 'version', ARGV[3], unpack(ARGV, 4))
return 1`,
  },
  /** Bumps the incident's revision (KEYS[1]) and requests a sync (flag KEYS[2]): see REQUEST_SYNC_LUA. */
  warroomRequestSync: {
    keys: 2,
    lua: `${REQUEST_SYNC_LUA}
return requestSync(KEYS[1], KEYS[2], ARGV[1], ARGV[2] or 'now')`,
  },
  ...INCIDENT_ALERT_SCRIPTS,
  ...PLACEMENT_SCRIPTS,
} as const satisfies Record<string, ScriptSource>;

export type ScriptName = keyof typeof SCRIPTS;
type ScriptArg = string | number;
type ScriptCommands<Context extends ClientContext> = {
  [K in ScriptName]: (...keysThenArgs: ScriptArg[]) => Result<unknown, Context>;
};

declare module 'ioredis' {
  // Declaration merging, as ioredis documents for defineCommand: the scripts become typed commands.
  interface RedisCommander<Context> extends ScriptCommands<Context> {}
}

const registered = new WeakSet<Redis | Cluster>();

/** The connection with every script defined on it: registered the first time, a set lookup after. */
export function withScripts<Connection extends Redis | Cluster>(redis: Connection): Connection {
  if (registered.has(redis)) return redis;
  for (const [name, script] of Object.entries(SCRIPTS) as Array<[string, ScriptSource]>) {
    const numberOfKeys = script.keys === 'counted' ? undefined : script.keys;
    redis.defineCommand(name, { ...(numberOfKeys === undefined ? {} : { numberOfKeys }), lua: script.lua });
  }
  registered.add(redis);
  return redis;
}

/**
 * Queues script `name` in a MULTI by its source (EVAL), not its SHA: an EVALSHA whose script Redis
 * forgot fails at EXEC with the rest of the transaction applied, and ioredis does not resend it.
 */
export function queueScript(tx: ChainableCommander, name: ScriptName, ...keysThenArgs: ScriptArg[]): void {
  const script: ScriptSource = SCRIPTS[name];
  // A 'counted' script's key count is the first of keysThenArgs.
  const [count, ...rest] = script.keys === 'counted' ? keysThenArgs : [script.keys, ...keysThenArgs];
  tx.eval(script.lua, count ?? 0, ...rest);
}
