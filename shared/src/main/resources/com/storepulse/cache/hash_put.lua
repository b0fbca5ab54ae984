-- Store one field of a hash of cached values; a hash this write creates expires after ARGV[3] ms.
-- Only a new hash (no TTL yet) gets one, so no field outlives the TTL of the hash it lives in.
-- KEYS[1] the hash; ARGV[1] field, ARGV[2] value, ARGV[3] TTL in ms. (Redis 6 and 7 alike: no PEXPIRE NX.)
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if redis.call('PTTL', KEYS[1]) == -1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return 1
