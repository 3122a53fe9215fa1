--[[
  Writes one phone's new state and its outbox in one step, if nobody wrote since it was
  read (compare-and-set on the version). The outbox holds the effects of this write
  (Kafka messages, timers) until they are carried out, so a crash in between replays them.

  KEYS[1] state hash:  v (version), doc (PhoneState JSON), off (applied offsets JSON)
  KEYS[2] outbox hash: v (version that wrote it), effects (JSON array)
  ARGV[1] version that was read ("0" when the phone had no state)
  ARGV[2] new version
  ARGV[3] state document (JSON)
  ARGV[4] applied offsets (JSON)
  ARGV[5] effects (JSON array), or "" when there are none
  ARGV[6] time to live of both keys (ms)

  Returns 1 when written, 0 when the version moved on (another consumer wrote this phone).
]]
local current = redis.call('HGET', KEYS[1], 'v') or '0'
if current ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'doc', ARGV[3], 'off', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
if ARGV[5] == '' then
  redis.call('DEL', KEYS[2])
else
  redis.call('HSET', KEYS[2], 'v', ARGV[2], 'effects', ARGV[5])
  redis.call('PEXPIRE', KEYS[2], ARGV[6])
end
return 1
