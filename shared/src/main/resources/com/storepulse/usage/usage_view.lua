-- One API key's counts not yet in PostgreSQL, read in one atomic step (no count is seen twice or
-- missed while a flush seals or forgets a batch).
-- KEYS[1] pending hash, KEYS[2] set of sealed batches; ARGV[1] batch key prefix, ARGV[2] field prefix ("42|").
-- Returns a flat list of triples: batch id ('' for pending), field, count.
local out = {}
local prefix = ARGV[2]
local function collect(batch, key)
  local entries = redis.call('HGETALL', key)
  for i = 1, #entries, 2 do
    if string.sub(entries[i], 1, #prefix) == prefix then
      out[#out + 1] = batch
      out[#out + 1] = entries[i]
      out[#out + 1] = entries[i + 1]
    end
  end
end
collect('', KEYS[1])
for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  collect(id, ARGV[1] .. id)
end
return out
