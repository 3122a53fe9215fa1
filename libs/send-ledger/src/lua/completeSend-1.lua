--[[
  Records a send's result, so a replayed dispatch command re-emits it instead of sending.

  KEYS[1] the phone's send ledger
  ARGV[1] refkey
  ARGV[2] the dispatch-result (JSON)
  ARGV[3] time to live of the ledger (ms)
]]
redis.call('HSET', KEYS[1], ARGV[1], 'done:' .. ARGV[2])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 1
