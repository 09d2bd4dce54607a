-- Removes the node's lease at once (clean leave, or a fenced node giving up its stale lease).
-- KEYS: 1 epoch, 2 members, 3 info, 4 own lease, 5 armed
-- ARGV: 1 node id, 2 token, 3 departed key prefix, 4 departed ttl ms, 5 reason, 6 channel
-- Returns 1 when the lease was removed, 0 when it was no longer this incarnation's.
if redis.call('GET', KEYS[4]) ~= ARGV[2] then
  return 0
end
redis.call('DEL', KEYS[4])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[5], ARGV[1])
redis.call('SET', ARGV[3] .. ARGV[2], ARGV[5], 'PX', ARGV[4])
local epoch = redis.call('INCR', KEYS[1])
redis.call('PUBLISH', ARGV[6], tostring(epoch))
return 1
