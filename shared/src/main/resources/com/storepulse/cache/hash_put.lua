-- Store one field of a hash of cached values, unless the store changed while the value was loaded.
-- KEYS[1] the hash, KEYS[2] the store's epoch; ARGV[1] field, ARGV[2] value, ARGV[3] TTL in ms,
-- ARGV[4] the epoch the reader saw before it loaded ("" when there was none).
-- A writer bumps the epoch when it invalidates (invalidate.lua), so a value loaded before a
-- change and written after its invalidation is dropped here instead of living a full TTL more.
-- Only a new hash (no TTL yet) gets a TTL, so no field outlives the TTL of the hash it lives in.
-- (Redis 6 and 7 alike: no PEXPIRE NX.)
if (redis.call('GET', KEYS[2]) or '') ~= ARGV[4] then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if redis.call('PTTL', KEYS[1]) == -1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return 1
