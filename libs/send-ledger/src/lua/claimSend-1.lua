--[[
  The dispatcher claims a send right before writing it to the gateway. One claim per
  refkey decides between this send and the sequencer's abandonment (savePhone-3.lua).

  KEYS[1] the phone's send ledger (hash: refkey -> "abandoned" | "sending:<token>:<since>" | "done:<result JSON>")
  ARGV[1] refkey
  ARGV[2] claim token (one per attempt: a retried claim whose reply was lost is still ours)
  ARGV[3] now (ms)
  ARGV[4] time to live of the ledger (ms)

  Returns {"claimed"} | {"abandoned"} | {"in-flight", since} | {"done", result JSON}.
]]
local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then
  redis.call('HSET', KEYS[1], ARGV[1], 'sending:' .. ARGV[2] .. ':' .. ARGV[3])
  if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
  return {'claimed'}
end
if v == 'abandoned' then return {'abandoned'} end
if string.sub(v, 1, 5) == 'done:' then return {'done', string.sub(v, 6)} end
local token, since = string.match(v, '^sending:([^:]*):(%d+)$')
if token == ARGV[2] then return {'claimed'} end
return {'in-flight', since or '0'}
