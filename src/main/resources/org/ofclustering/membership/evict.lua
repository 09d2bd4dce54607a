-- The connection watch: ends the lease of every member whose alive channel lost its subscriber,
-- i.e. whose Redis connection was closed (a killed process's connections close at once).
-- Ending the lease in this same step keeps fencing exact: from now on every acquisition and write
-- of that incarnation is refused (its token no longer matches), and a node that is in fact alive
-- finds its lease gone at its next renewal, fences itself and rejoins.
-- KEYS: 1 epoch, 2 members, 3 info, 4 own lease, 5 armed (hash node -> '<run id>:<order>')
-- ARGV: 1 node id, 2 token, 3 lease key prefix, 4 alive channel prefix, 5 departed key prefix,
--       6 departed ttl ms, 7 channel
-- Returns {-1} when the caller's own lease is not current (it must not judge others), else
-- {evicted count, node, ...}.
if redis.call('GET', KEYS[4]) ~= ARGV[2] then
  return {-1}
end
local marks = redis.call('HGETALL', KEYS[5])
local run = nil
local gone = {}
for i = 1, #marks, 2 do
  local node, mark = marks[i], marks[i + 1]
  local sep = string.find(mark, ':', 1, true)
  if node ~= ARGV[1] and sep then
    local order = string.sub(mark, sep + 1)
    if redis.call('PUBSUB', 'NUMSUB', ARGV[4] .. order)[2] == 0 then
      -- Only a mark set by this Redis process counts (subscriptions do not survive a restart).
      if not run then
        local ok, info = pcall(redis.call, 'INFO', 'server')
        run = ok and string.match(info, 'run_id:(%w+)') or 'refused'
      end
      local leaseKey = ARGV[3] .. node
      if string.sub(mark, 1, sep - 1) == run and redis.call('GET', leaseKey) == order then
        redis.call('DEL', leaseKey)
        redis.call('ZREM', KEYS[2], node)
        redis.call('HDEL', KEYS[3], node)
        redis.call('SET', ARGV[5] .. order, 'connection closed', 'PX', ARGV[6])
        gone[#gone + 1] = node
      end
      redis.call('HDEL', KEYS[5], node)
    end
  end
end
if #gone > 0 then
  local epoch = redis.call('INCR', KEYS[1])
  redis.call('PUBLISH', ARGV[7], tostring(epoch))
end
local result = {#gone}
for _, node in ipairs(gone) do result[#result + 1] = node end
return result
