import type { ScriptSource } from './script-source.js';

/**
 * `requestSync(revision, pending, ttlMs, mode)`: INCR the incident's revision; SET its "sync
 * pending" flag for ttlMs unless set. 1 when the flag is new. Mode 'later': the sync may wait a
 * little (the flag says so); a request for 'now' that finds such a one pending takes the flag over
 * and returns 2 (its caller brings the waiting sync forward). The flag expires by itself, so a
 * process that died between setting it and queueing the job delays the thread by that long at most.
 */
export const REQUEST_SYNC_LUA = `
local function requestSync(revision, pending, ttlMs, mode)
  redis.call('INCR', revision)
  if redis.call('SET', pending, mode, 'NX', 'PX', ttlMs) then return 1 end
  if mode ~= 'later' and redis.call('GET', pending) == 'later' then
    redis.call('SET', pending, mode, 'PX', ttlMs)
    return 2
  end
  return 0
end
`;

/**
 * What a delivery (or a group of them) brought one incident, in one step on its slot (see
 * IngestStore.joinIncident). KEYS: the incident's alert list (fingerprint → status), its ticket,
 * its timeline, its revision, its "sync pending" flag. ARGV: n, then n fingerprint/status pairs;
 * m, then the m fingerprints that joined by correlation; the sync's mode ('now', 'later', or ''
 * for none) and flag TTL (ms); the timeline's MAXLEN and the entry's fields (none: no entry).
 * A joined fingerprint the alert list already held (the group's job running again) is not
 * fresh; fresh ones are appended to the ticket's `joined` field (a JSON array, appended as text:
 * its cost does not grow with the incident) and, when there are any and an entry is given, the
 * entry goes on the timeline. Every status is written, and the sync is requested.
 * Returns {fresh fingerprints, the sync request (see requestSync)}; nil when there is no ticket
 * (then nothing is written).
 */
export const INCIDENT_ALERT_SCRIPTS = {
  warroomJoinIncident: {
    keys: 5,
    lua: `${REQUEST_SYNC_LUA}
if redis.call('EXISTS', KEYS[2]) == 0 then return false end
local n = tonumber(ARGV[1])
local m = tonumber(ARGV[2 * n + 2])
local at = 2 * n + 3
local status = {}
for i = 2, 2 * n, 2 do status[ARGV[i]] = ARGV[i + 1] end
-- A joined series is fresh when writing its state adds it to the list (HSET counts new fields).
local fresh = {}
local quoted = {}
for i = at, at + m - 1 do
  local fingerprint = ARGV[i]
  if not quoted[fingerprint] then
    local added
    if status[fingerprint] then
      added = redis.call('HSET', KEYS[1], fingerprint, status[fingerprint]) == 1
      status[fingerprint] = nil
    else
      added = redis.call('HEXISTS', KEYS[1], fingerprint) == 0
    end
    if added then
      fresh[#fresh + 1] = fingerprint
      quoted[fingerprint] = cjson.encode(fingerprint)
    else
      quoted[fingerprint] = ''
    end
  end
end
if #fresh > 0 then
  local items = {}
  for i, fingerprint in ipairs(fresh) do items[i] = quoted[fingerprint] end
  local joined = redis.call('HGET', KEYS[2], 'joined')
  local text = table.concat(items, ',')
  if joined and string.sub(joined, -2) ~= '[]' and string.sub(joined, 1, 1) == '[' then
    text = string.sub(joined, 1, -2) .. ',' .. text .. ']'
  else
    text = '[' .. text .. ']'
  end
  redis.call('HSET', KEYS[2], 'joined', text)
  local entry = at + m + 3
  if #ARGV >= entry then
    redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[entry - 1], '*', unpack(ARGV, entry))
  end
end
local rest = {}
for fingerprint, state in pairs(status) do
  rest[#rest + 1] = fingerprint
  rest[#rest + 1] = state
end
-- At most 500 pairs per HSET: unpack is bounded by Lua's stack.
for first = 1, #rest, 1000 do
  redis.call('HSET', KEYS[1], unpack(rest, first, math.min(first + 999, #rest)))
end
if ARGV[at + m] == '' then return {fresh, 0} end
return {fresh, requestSync(KEYS[4], KEYS[5], ARGV[at + m + 1], ARGV[at + m])}`,
  },
} as const satisfies Record<string, ScriptSource>;
