-- A read of one field of a hash of cached values, in one round trip whether it hits or misses:
-- {1, value} when the hash has the field; otherwise {0, epoch}, the store's epoch as the reader
-- sees it before loading ("" when there is none), which hash_put.lua checks when the loaded value
-- is written back. KEYS[1] the hash, KEYS[2] the store's epoch; ARGV[1] the field.
local value = redis.call('HGET', KEYS[1], ARGV[1])
if value then
  return {1, value}
end
return {0, redis.call('GET', KEYS[2]) or ''}
