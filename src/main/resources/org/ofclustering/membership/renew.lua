-- Renews the node's lease, declares expired members dead and reports the registry.
-- KEYS: 1 epoch, 2 members, 3 info, 4 own lease
-- ARGV: 1 node id, 2 token, 3 lease ms, 4 known epoch, 5 lease key prefix, 6 departed key prefix,
--       7 departed ttl ms, 8 channel, 9.. join orders the caller knows
-- Returns {renewed 0/1, epoch, now ms, {node, pttl ms, ...}, entries or false, reasons or false}
-- where entries is {node, entry, ...} and reasons holds, per known join order, the departure
-- reason ('left', 'crashed', 'fenced' or '' while still a member); both only when the epoch moved.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local renewed = 0
if redis.call('GET', KEYS[4]) == ARGV[2] then
  redis.call('PEXPIRE', KEYS[4], ARGV[3])
  renewed = 1
end
local list = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
local pttls = {}
local changed = false
for i = 1, #list, 2 do
  local node, order = list[i], list[i + 1]
  local leaseKey = ARGV[5] .. node
  if redis.call('GET', leaseKey) == order then
    pttls[#pttls + 1] = node
    pttls[#pttls + 1] = redis.call('PTTL', leaseKey)
  else
    -- The lease expired (Redis server time): the member is dead. Only one caller gets here per member.
    redis.call('ZREM', KEYS[2], node)
    redis.call('HDEL', KEYS[3], node)
    redis.call('SET', ARGV[6] .. order, 'crashed', 'PX', ARGV[7])
    redis.call('INCR', KEYS[1])
    changed = true
  end
end
local epoch = tonumber(redis.call('GET', KEYS[1]) or '0')
if changed then redis.call('PUBLISH', ARGV[8], tostring(epoch)) end
if tostring(epoch) == ARGV[4] then
  return {renewed, epoch, now, pttls, false, false}
end
local reasons = {}
for i = 9, #ARGV do
  reasons[#reasons + 1] = redis.call('GET', ARGV[6] .. ARGV[i]) or ''
end
return {renewed, epoch, now, pttls, redis.call('HGETALL', KEYS[3]), reasons}
