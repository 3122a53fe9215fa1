--[[
  One watcher check: is the epoch still the one we opened, and did its tick counter move
  forward since this watcher last saw it? Every watcher increments the same counter, so it only
  grows while Redis keeps its writes; a lower value means a failover to a replica that missed
  some. That is recorded in the epoch (`lost`), so a restarted service does not take the stale
  epoch for an intact one.

  KEYS[1] epoch key (hash: id, createdAt, ticks, lost)
  ARGV[1] the epoch id the watcher opened
  ARGV[2] the highest tick count this watcher has seen (0 at first)

  Returns { status, detail }:
    { "intact", ticks }     ticks after this check's increment
    { "missing", "" }       no epoch
    { "replaced", id }      another epoch
    { "went-back", detail } the counter went backwards, now or at an earlier check
]]
local id = redis.call("HGET", KEYS[1], "id")
if not id then return { "missing", "" } end
if id ~= ARGV[1] then return { "replaced", id } end
local lost = redis.call("HGET", KEYS[1], "lost")
if lost then return { "went-back", lost } end
local ticks = redis.call("HINCRBY", KEYS[1], "ticks", 1)
if ticks <= tonumber(ARGV[2]) then
  lost = "ticks went back to " .. ticks .. " after " .. ARGV[2]
  redis.call("HSET", KEYS[1], "lost", lost)
  return { "went-back", lost }
end
return { "intact", tostring(ticks) }
