-- Joins the registry with a new lease (a new incarnation of the node).
-- KEYS: 1 seq, 2 epoch, 3 members (zset node -> order), 4 info (hash node -> entry), 5 own lease
-- ARGV: 1 node id, 2 lease ms, 3 announcement text, 4 this process's marker ('\ninstance=<id>\n'),
--       5 token floor, 6 epoch floor, 7 lease key prefix, 8 departed key prefix, 9 departed ttl ms, 10 channel
-- Returns {0, holder} when a live lease of another process holds the node id (a lease of this
-- process, e.g. from a fenced period or a join that ran twice after a reconnect, is replaced),
-- else {1, order, now ms, epoch, {node, entry, ...}}.
local current = redis.call('GET', KEYS[5])
if current then
  local entry = redis.call('HGET', KEYS[4], ARGV[1])
  if not entry or not string.find(entry, ARGV[4], 1, true) then
    return {0, current}
  end
end
-- Keep tokens and epochs monotonic even when Redis lost its data (restart without persistence).
local seq = tonumber(redis.call('GET', KEYS[1]) or '0')
if seq < tonumber(ARGV[5]) then redis.call('SET', KEYS[1], ARGV[5]) end
local ep = tonumber(redis.call('GET', KEYS[2]) or '0')
if ep < tonumber(ARGV[6]) then redis.call('SET', KEYS[2], ARGV[6]) end
-- A previous incarnation of this node is still registered: it is gone for good (fenced or crashed).
local old = redis.call('ZSCORE', KEYS[3], ARGV[1])
if old then
  redis.call('ZREM', KEYS[3], ARGV[1])
  redis.call('HDEL', KEYS[4], ARGV[1])
  redis.call('SET', ARGV[8] .. old, 'fenced', 'PX', ARGV[9])
  redis.call('INCR', KEYS[2])
end
local order = redis.call('INCR', KEYS[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('SET', KEYS[5], tostring(order), 'PX', ARGV[2])
redis.call('ZADD', KEYS[3], order, ARGV[1])
redis.call('HSET', KEYS[4], ARGV[1], 'order=' .. tostring(order) .. '\njoinedAt=' .. tostring(now) .. '\n' .. ARGV[3])
local epoch = redis.call('INCR', KEYS[2])
redis.call('PUBLISH', ARGV[10], tostring(epoch))
return {1, order, now, epoch, redis.call('HGETALL', KEYS[4])}
