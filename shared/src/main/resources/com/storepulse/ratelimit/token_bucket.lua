-- One token bucket per API key, updated atomically.
-- KEYS[1] the bucket; ARGV[1] burst (capacity), ARGV[2] refill per minute, ARGV[3] now (epoch ms).
-- Optional usage metering: KEYS[2] the pending usage hash, ARGV[4] the request's counter field;
-- an admitted request adds 1 to it in the same atomic step, so a request is counted if and only if
-- it took a token (see UsageMeter).
-- Optional read along (PiggybackRead.java: a cached customer detail or store aggregate, so a cache
-- hit costs the request one round trip, not two): KEYS[3] a hash of cached values, KEYS[4] the
-- store's epoch, ARGV[5] the field; without ARGV[5], KEYS[3] is a string key whose value is read
-- (GET). Needs KEYS[2]. Only an admitted request reads, as hash_get.lua does. The reads come after
-- every write and go through redis.pcall: an error there (a key of the wrong type) must not turn
-- the reply into an error after the usage count was written, which the caller would take for
-- "not counted" and count again in PostgreSQL. A failed read is left out of the reply instead.
-- Returns {allowed 0|1, whole tokens left, ms until one token, ms until full, counted 0|1}, and
-- with a read along that was done, also {1, value} on a hit or {0, epoch ('' when none)} on a miss.
-- The same arithmetic as TokenBucket.java; keep the two in step.
local burst = tonumber(ARGV[1])
local per_minute = tonumber(ARGV[2])
local now = tonumber(ARGV[3])

local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
-- Clocks of different instances differ slightly: never refill backwards.
if now > ts then
  tokens = tokens + (now - ts) * per_minute / 60000
  ts = now
end
tokens = math.min(burst, tokens)

local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end

local full_ms = math.ceil((burst - tokens) * 60000 / per_minute)
local retry_ms = 0
if allowed == 0 then
  retry_ms = math.ceil((1 - tokens) * 60000 / per_minute)
end
-- %.17g keeps every bit of the double (tostring keeps 14 digits and would drift from Java).
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'ts', string.format('%.17g', ts))
-- A full bucket needs no state: let it expire once it would be full again.
redis.call('PEXPIRE', KEYS[1], full_ms + 1000)
local counted = 0
if allowed == 1 and KEYS[2] ~= nil then
  redis.call('HINCRBY', KEYS[2], ARGV[4], 1)
  counted = 1
end
local reply = {allowed, math.floor(tokens), retry_ms, full_ms, counted}
if allowed == 1 and KEYS[3] ~= nil then
  local value
  if ARGV[5] ~= nil then
    value = redis.pcall('HGET', KEYS[3], ARGV[5])
  else
    value = redis.pcall('GET', KEYS[3])
  end
  if type(value) == 'string' then
    reply[6] = 1
    reply[7] = value
  elseif value == false then
    local epoch = redis.pcall('GET', KEYS[4])
    if type(epoch) == 'string' or epoch == false then
      reply[6] = 0
      reply[7] = epoch or ''
    end
  end
end
return reply
