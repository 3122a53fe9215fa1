--[[
  Creates the epoch unless one exists, and returns the epoch's id either way: services booting
  together on an empty Redis agree on the first one written.

  KEYS[1] epoch key (hash: id, createdAt, ticks)
  ARGV[1] a new random id
  ARGV[2] createdAt (ISO time)

  Returns the id now in the epoch.
]]
if redis.call("HSETNX", KEYS[1], "id", ARGV[1]) == 1 then
  redis.call("HSET", KEYS[1], "createdAt", ARGV[2], "ticks", 0)
end
return redis.call("HGET", KEYS[1], "id")
