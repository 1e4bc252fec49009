/**
 * Alert placement's Lua scripts (see placement-store.ts and incident-retention.ts), part of the
 * store's one script table in scripts.ts, which registers and types them with the others.
 */
import type { ScriptSource } from './script-source.js';

export const PLACEMENT_SCRIPTS = {
  /**
   * Alert placement's view, in one step (see placement-store.ts). KEYS: counters, open incidents,
   * heads, newest alert times, floods, the source's count this minute, the alert index, incidents
   * whose diagnosis is not queued yet; ARGV: the delivery's fingerprints. Forgets heads, flood marks
   * and opening marks of incidents no longer open. Returns {structure, reach, open ids, their
   * heads, their newest alert times, floods, count, series, opening ids}.
   */
  warroomPlacementRead: {
    keys: 8,
    lua: `
local function hmget(key, fields)
  local out = {}
  for i = 1, #fields, 1000 do
    local part = redis.call('HMGET', key, unpack(fields, i, math.min(i + 999, #fields)))
    for j = 1, #part do out[#out + 1] = part[j] end
  end
  return out
end
local function forgetClosed(key, open)
  local gone = {}
  for _, id in ipairs(redis.call('HKEYS', key)) do if not open[id] then gone[#gone + 1] = id end end
  for i = 1, #gone, 1000 do redis.call('HDEL', key, unpack(gone, i, math.min(i + 999, #gone))) end
end
local counters = redis.call('HMGET', KEYS[1], 'structure', 'reach')
local ids = redis.call('ZRANGE', KEYS[2], 0, -1)
local open = {}
for _, id in ipairs(ids) do open[id] = true end
forgetClosed(KEYS[3], open)
forgetClosed(KEYS[5], open)
forgetClosed(KEYS[8], open)
return {counters[1] or '0', counters[2] or '0', ids, hmget(KEYS[3], ids), hmget(KEYS[4], ids),
  redis.call('HGETALL', KEYS[5]), redis.call('GET', KEYS[6]) or '0', hmget(KEYS[7], ARGV),
  redis.call('HKEYS', KEYS[8])}`,
  },
  /**
   * Commits a placement only if what it read still holds: the `structure` counter ARGV[1], the
   * `reach` counter ARGV[2] ('' when the placement did not rely on it) and each series it read
   * (ARGV[7], JSON [[fingerprint, value or '']]). Then gives the ARGV[5] incidents it opens their
   * ids (stand-ins '<new:ARGV[6]:n>' in ARGV[8] and ARGV[10]) and writes ARGV[8]'s series, delivery
   * counts, newest alert times (kept only when newer), heads, open incidents (score ARGV[3]), flood
   * marks and the minute's count (TTL ARGV[4] s), and the placed deliveries ARGV[10] (KEYS[10], TTL
   * ARGV[9] s). Placed together with it: the deliveries whose placed keys follow as KEYS[13..],
   * each set to ARGV[11] (a pointer to KEYS[10]) with the same TTL.
   * KEYS (counted by the caller): counters, alert index, deliveries, newest alert times, heads,
   * open incidents, floods, incident sequence, the source's count this minute, the placed
   * delivery, the opening marks (each incident it opens, until its diagnosis is queued), the early
   * resolutions (ARGV[8]'s `early` fingerprints get score ARGV[3], its `settled` ones leave), then
   * the group's other placed deliveries. {1, ids given}, {0} (the state moved), or {2} when a
   * delivery of the group is placed already (another worker placed it meanwhile: a job handed back
   * at shutdown runs elsewhere while its first worker still places it).
   */
  warroomPlacementCommit: {
    keys: 'counted',
    lua: `
if redis.call('EXISTS', KEYS[10]) == 1 then return {2} end
for i = 13, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then return {2} end
end
local counters = redis.call('HMGET', KEYS[1], 'structure', 'reach')
if (counters[1] or '0') ~= ARGV[1] then return {0} end
if ARGV[2] ~= '' and (counters[2] or '0') ~= ARGV[2] then return {0} end
for _, read in ipairs(cjson.decode(ARGV[7])) do
  if (redis.call('HGET', KEYS[2], read[1]) or '') ~= read[2] then return {0} end
end
local ids = {}
for i = 1, tonumber(ARGV[5]) do ids[i] = string.format('INC-%04d', redis.call('INCR', KEYS[8])) end
local function withIds(text)
  return (string.gsub(text, '<new:' .. ARGV[6] .. ':(%d+)>', function(n) return ids[tonumber(n) + 1] end))
end
local w = cjson.decode(withIds(ARGV[8]))
for _, p in ipairs(w.series) do redis.call('HSET', KEYS[2], p[1], p[2]) end
for _, p in ipairs(w.deliveries) do redis.call('HINCRBY', KEYS[3], p[1], p[2]) end
local reached = false
for _, p in ipairs(w.lastSeen) do
  if tonumber(p[2]) > tonumber(redis.call('HGET', KEYS[4], p[1]) or '0') then
    redis.call('HSET', KEYS[4], p[1], p[2])
    reached = true
  end
end
for _, p in ipairs(w.heads) do redis.call('HSET', KEYS[5], p[1], p[2]) end
for _, id in ipairs(ids) do
  redis.call('ZADD', KEYS[6], ARGV[3], id)
  redis.call('HSET', KEYS[11], id, ARGV[3])
end
for _, p in ipairs(w.floods) do redis.call('HSET', KEYS[7], p[1], p[2]) end
for _, fingerprint in ipairs(w.early) do redis.call('ZADD', KEYS[12], ARGV[3], fingerprint) end
for _, fingerprint in ipairs(w.settled) do redis.call('ZREM', KEYS[12], fingerprint) end
if w.opened > 0 then
  redis.call('INCRBY', KEYS[9], w.opened)
  redis.call('EXPIRE', KEYS[9], ARGV[4])
end
if #w.heads > 0 or #w.floods > 0 then redis.call('HINCRBY', KEYS[1], 'structure', 1) end
if reached then redis.call('HINCRBY', KEYS[1], 'reach', 1) end
redis.call('SET', KEYS[10], withIds(ARGV[10]), 'EX', ARGV[9])
for i = 13, #KEYS do redis.call('SET', KEYS[i], ARGV[11], 'EX', ARGV[9]) end
return {1, ids}`,
  },
  /**
   * Forgets early resolutions (see place-batch.ts) written before ARGV[1] (ms), up to ARGV[2] of
   * them: each leaves the early-resolution index KEYS[1], and the alert index KEYS[2] too while its
   * entry there is still the early resolution (incident id ''). Returns {how many left KEYS[1],
   * how many left KEYS[2]}.
   */
  warroomForgetEarlyResolutions: {
    keys: 2,
    lua: `
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local forgotten = 0
for _, fingerprint in ipairs(old) do
  local raw = redis.call('HGET', KEYS[2], fingerprint)
  if raw and cjson.decode(raw).incidentId == '' then
    redis.call('HDEL', KEYS[2], fingerprint)
    forgotten = forgotten + 1
  end
  redis.call('ZREM', KEYS[1], fingerprint)
end
return {#old, forgotten}`,
  },
} as const satisfies Record<string, ScriptSource>;
