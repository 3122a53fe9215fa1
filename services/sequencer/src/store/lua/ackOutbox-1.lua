--[[
  Clears an outbox whose effects were carried out, unless a newer write replaced it.

  KEYS[1] outbox hash: v (version that wrote it), effects
  ARGV[1] the version whose effects were carried out

  Returns 1 when cleared, 0 when the outbox is newer (or already gone).
]]
if redis.call('HGET', KEYS[1], 'v') == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
