-- SET a cached value with a TTL, unless the store changed while it was loaded (see hash_put.lua).
-- KEYS[1] the key, KEYS[2] the store's epoch; ARGV[1] value, ARGV[2] TTL in ms, ARGV[3] the epoch
-- the reader saw before it loaded ("" when there was none).
if (redis.call('GET', KEYS[2]) or '') ~= ARGV[3] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
