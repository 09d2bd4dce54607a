-- Renews the node's lease, declares expired members dead and reports the registry.
-- KEYS: 1 epoch, 2 members, 3 info, 4 own lease, 5 armed (hash node -> '<run id>:<order>')
-- ARGV: 1 node id, 2 token, 3 lease ms, 4 known epoch, 5 lease key prefix, 6 departed key prefix,
--       7 departed ttl ms, 8 channel, 9 alive channel prefix ('' when the connection watch is off),
--       10.. join orders the caller knows
-- Returns {renewed 0/1, epoch, now ms, {node, pttl ms, ...}, entries or false, reasons or false, watch}
-- where entries is {node, entry, ...} and reasons holds, per known join order, the departure
-- reason ('left', 'crashed', 'fenced', 'connection closed' or '' while still a member); both only
-- when the epoch moved; watch is 1 when the caller's connection-watch mark is set, 0 when not (not
-- listening yet, or the watch is off) and -1 when Redis refused INFO to the script (ACL).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local renewed = 0
local watch = 0
if redis.call('GET', KEYS[4]) == ARGV[2] then
  redis.call('PEXPIRE', KEYS[4], ARGV[3])
  renewed = 1
  -- Arm the connection watch (evict.lua) once this incarnation listens on its alive channel, for
  -- this Redis process only: after a restart or fail-over nobody is subscribed until clients
  -- reconnect, so a mark from before must not count.
  -- INFO may be refused by the ACL user: then the watch cannot tell Redis processes apart and stays off.
  if ARGV[9] ~= '' then
    local ok, info = pcall(redis.call, 'INFO', 'server')
    if not ok then
      watch = -1
      redis.call('HDEL', KEYS[5], ARGV[1])
    elseif redis.call('PUBSUB', 'NUMSUB', ARGV[9] .. ARGV[2])[2] > 0 then
      redis.call('HSET', KEYS[5], ARGV[1], string.match(info, 'run_id:(%w+)') .. ':' .. ARGV[2])
      watch = 1
    else
      redis.call('HDEL', KEYS[5], ARGV[1])
    end
  end
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
    redis.call('HDEL', KEYS[5], node)
    redis.call('SET', ARGV[6] .. order, 'crashed', 'PX', ARGV[7])
    redis.call('INCR', KEYS[1])
    changed = true
  end
end
local epoch = tonumber(redis.call('GET', KEYS[1]) or '0')
if changed then redis.call('PUBLISH', ARGV[8], tostring(epoch)) end
if tostring(epoch) == ARGV[4] then
  return {renewed, epoch, now, pttls, false, false, watch}
end
local reasons = {}
for i = 10, #ARGV do
  reasons[#reasons + 1] = redis.call('GET', ARGV[6] .. ARGV[i]) or ''
end
return {renewed, epoch, now, pttls, redis.call('HGETALL', KEYS[3]), reasons, watch}
