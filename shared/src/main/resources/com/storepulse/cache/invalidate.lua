-- A writer's invalidation, in one atomic step: bump the store's epoch (so loads that started
-- before it do not write their result back) and drop the cached entries.
-- KEYS[1] the store's epoch; KEYS[2..] keys to unlink. ARGV[1] the epoch's TTL in ms (it only has
-- to outlive a load); ARGV[2], when given, is a customer's field: then KEYS[2] is the details
-- hash, only that field is deleted, and KEYS[3..] are unlinked.
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
local from = 2
if ARGV[2] then
  redis.call('HDEL', KEYS[2], ARGV[2])
  from = 3
end
for i = from, #KEYS do
  redis.call('UNLINK', KEYS[i])
end
return 1
