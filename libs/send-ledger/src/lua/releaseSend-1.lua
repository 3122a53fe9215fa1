--[[
  Gives a claim back after a failure that proves the gateway did not take the request
  (refused connection, its own rejection code, 429): until the next claim, the
  sequencer may abandon the send instead.

  KEYS[1] the phone's send ledger
  ARGV[1] refkey
  ARGV[2] claim token

  Returns 1 when released, 0 when the entry is not this claim's.
]]
local v = redis.call('HGET', KEYS[1], ARGV[1])
if v and string.match(v, '^sending:([^:]*):') == ARGV[2] then
  return redis.call('HDEL', KEYS[1], ARGV[1])
end
return 0
