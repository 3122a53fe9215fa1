--[[
  Writes one phone's new state and its outbox in one step, if nobody wrote since it was
  read (compare-and-set on the version). The outbox holds the effects of this write
  (Kafka messages, timers) until they are carried out, so a crash in between replays them.

  In the same step it abandons the sends the transition left behind (a timeout, a cancel),
  unless the dispatcher claimed one of them first: then nothing is written, and the caller
  runs the machine again knowing those refkeys are claimed. This is the one decision
  between "sent" and "never sent" for each refkey (the dispatcher's side: claimSend-1.lua
  in @sunseo/send-ledger).

  KEYS[1] state hash:  v (version), doc (PhoneState JSON), off (applied offsets JSON)
  KEYS[2] outbox hash: v (version that wrote it), effects (JSON array)
  KEYS[3] the phone's send ledger (hash: refkey -> "abandoned" | "sending:..." | "done:...")
  ARGV[1] version that was read ("0" when the phone had no state)
  ARGV[2] new version
  ARGV[3] state document (JSON)
  ARGV[4] applied offsets (JSON)
  ARGV[5] effects (JSON array), or "" when there are none
  ARGV[6] time to live of the state, the outbox and the ledger (ms)
  ARGV[7] refkeys to abandon, space-separated ("" for none)
  ARGV[8] refkeys the state forgot (retention), space-separated ("" for none)

  Returns 1 when written, 0 when the version moved on (another consumer wrote this phone),
  or {refkey, ...} (the claimed ones) when an abandonment came too late.
]]
local current = redis.call('HGET', KEYS[1], 'v') or '0'
if current ~= ARGV[1] then
  return 0
end
local claimed = {}
for refkey in string.gmatch(ARGV[7], '%S+') do
  local v = redis.call('HGET', KEYS[3], refkey)
  if v and v ~= 'abandoned' then claimed[#claimed + 1] = refkey end
end
if #claimed > 0 then
  return claimed
end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'doc', ARGV[3], 'off', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
if ARGV[5] == '' then
  redis.call('DEL', KEYS[2])
else
  redis.call('HSET', KEYS[2], 'v', ARGV[2], 'effects', ARGV[5])
  redis.call('PEXPIRE', KEYS[2], ARGV[6])
end
local touched = false
for refkey in string.gmatch(ARGV[7], '%S+') do
  redis.call('HSET', KEYS[3], refkey, 'abandoned')
  touched = true
end
for refkey in string.gmatch(ARGV[8], '%S+') do
  redis.call('HDEL', KEYS[3], refkey)
end
if touched and redis.call('PTTL', KEYS[3]) < tonumber(ARGV[6]) then
  redis.call('PEXPIRE', KEYS[3], ARGV[6])
end
return 1
