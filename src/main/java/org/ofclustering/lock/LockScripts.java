package org.ofclustering.lock;

import org.ofclustering.redis.LuaScript;

/**
 * The two scripts behind cached lock ownership. A lock key holds its owner as
 * {@code "<node id> <fencing token>"}; the ownership lives exactly as long as that node's membership
 * lease of that token: the owner is alive while its lease key ({@code <lease prefix><node id>})
 * holds the token. Token {@code 0} means a node without membership (tests, benchmarks), never
 * taken over. Beside each lock key a list holds the nodes waiting for it, in arrival order.
 *
 * <p>Pushes go to the channel {@code <channel prefix><node id>}: {@code R<lock key>} asks the owner
 * to hand the lock over, {@code G<token> <lock key>} tells a waiter that it was handed the lock.
 */
final class LockScripts {
    private LockScripts() {
    }

    private static final String OWNERS = String.join("\n",
            "local function split(v)",
            "  return string.match(v, '^(.*) (%d+)$')",
            "end",
            "local function alive(v)",
            "  local node, token = split(v)",
            "  if not node then return false end",
            "  if token == '0' then return true end",
            "  return redis.call('GET', ARGV[2] .. node) == token",
            "end",
            "local function grant(w)",
            "  redis.call('SET', KEYS[1], w)",
            "  local node, token = split(w)",
            "  redis.call('PUBLISH', ARGV[3] .. node, 'G' .. token .. ' ' .. KEYS[1])",
            "end",
            "");

    /**
     * Takes a lock for ARGV[1], or queues the caller and asks the owner to hand it over.
     * KEYS: lock key, wait list[, the caller's lease key]. ARGV: the caller's owner value, lease key
     * prefix, push channel prefix[, the caller's fencing token]. Returns {1} granted (or already
     * owned), {0} queued behind a live owner, {-1} the caller's own lease ended ({@link MemberFence}).
     * A free lock, or one whose owner's lease ended, goes to the first live waiter in arrival order:
     * to the caller when it is first, else to that waiter (pushed), and the caller queues behind it.
     */
    static final LuaScript ACQUIRE = new LuaScript(MemberFence.scriptCheck(2, "{-1}") + OWNERS + String.join("\n",
            "local me = ARGV[1]",
            "local cur = redis.call('GET', KEYS[1])",
            "if cur == me then redis.call('LREM', KEYS[2], 0, me) return {1} end",
            "if not cur or not alive(cur) then",
            "  cur = nil",
            "  for _ = 1, 64 do",
            "    local w = redis.call('LINDEX', KEYS[2], 0)",
            "    if not w or w == me then break end",
            "    redis.call('LPOP', KEYS[2])",
            "    if alive(w) then grant(w) cur = w break end",
            "  end",
            "  if not cur then",
            "    redis.call('SET', KEYS[1], me) redis.call('LREM', KEYS[2], 0, me) return {1}",
            "  end",
            "end",
            "if not redis.call('LPOS', KEYS[2], me) then redis.call('RPUSH', KEYS[2], me) end",
            "local owner = split(cur)",
            "redis.call('PUBLISH', ARGV[3] .. owner, 'R' .. KEYS[1])",
            "return {0}"));

    /**
     * Gives a lock this node owns to the first live waiter (pushing the grant to it), or frees it
     * when nobody waits. KEYS: lock key, wait list. ARGV: the giver's owner value, lease key
     * prefix, push channel prefix. Returns 1 handed over, 2 freed, 0 the giver no longer owned it.
     */
    static final LuaScript HANDOVER = new LuaScript(OWNERS + String.join("\n",
            "if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end",
            "for _ = 1, 64 do",
            "  local w = redis.call('LPOP', KEYS[2])",
            "  if not w then break end",
            "  if w ~= ARGV[1] and alive(w) then grant(w) return 1 end",
            "end",
            "redis.call('DEL', KEYS[1])",
            "return 2"));

    /** Leaves a wait list (a waiter that gave up). KEYS: wait list. ARGV: the owner value. */
    static final LuaScript LEAVE_QUEUE = new LuaScript("return redis.call('LREM', KEYS[1], 0, ARGV[1])");
}
