-- Seal the pending usage counts into a batch for one flush: atomically rename the pending hash
-- and register the batch, so new requests start a fresh pending hash and no count is in two places.
-- KEYS[1] pending hash, KEYS[2] the new batch's key, KEYS[3] the set of sealed batches; ARGV[1] batch id.
-- Returns 1 when something was sealed, 0 when nothing was pending.
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[2])
  redis.call('SADD', KEYS[3], ARGV[1])
  return 1
end
return 0
