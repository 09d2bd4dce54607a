package org.ofclustering.cache;

import org.ofclustering.redis.LuaScript;
import org.ofclustering.lock.MemberFence;

/**
 * The Lua scripts behind every cache operation that reads and writes in one step. Each runs
 * atomically in Redis, so the Map contract holds cluster-wide, and emits its entry events into the
 * cache's stream in the same step, so events are in the order the changes were applied.
 *
 * <p>KEYS: entries hash, write-time sorted set, event stream, metadata hash (see {@link CacheKeys}).
 * ARGV: origin node id, max lifetime ms, max entries, event retention ms, wake-up channel, cache
 * name, then the operation's own arguments from ARGV[7]. Time is Redis' {@code TIME}, one clock
 * for every node.
 */
final class CacheScripts {
    private CacheScripts() {
    }

    private static final String PRELUDE = String.join("\n",
            "local H, T, EV, M = KEYS[1], KEYS[2], KEYS[3], KEYS[4]",
            "local origin, life, maxsize, retention = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])",
            "local tracked = life > 0 or maxsize > 0",
            "local level, nowms, woke = nil, nil, false",
            "local function now()",
            "  if not nowms then local t = redis.call('TIME') nowms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) end",
            "  return nowms",
            "end",
            "local function emit(kind, k, old, new)",
            "  if not level then level = tonumber(redis.call('HGET', M, 'lsn') or '0') end",
            "  if level == 0 then return end",
            "  local seq = redis.call('HINCRBY', M, 'seq', 1)",
            "  local f = {'n', seq, 't', kind, 'o', origin}",
            "  if k then f[#f+1] = 'k' f[#f+1] = k end",
            "  if level >= 2 then",
            "    if old then f[#f+1] = 'ov' f[#f+1] = old end",
            "    if new then f[#f+1] = 'nv' f[#f+1] = new end",
            "  end",
            "  redis.call('XADD', EV, 'MINID', '~', string.format('%d-0', now() - retention), '*', unpack(f))",
            "  if not woke then redis.call('PUBLISH', ARGV[5], ARGV[6]) woke = true end",
            "end",
            "local function drop(k, kind)",
            "  local old = redis.call('HGET', H, k)",
            "  if old then",
            "    redis.call('HDEL', H, k)",
            "    if tracked then redis.call('ZREM', T, k) end",
            "    emit(kind, k, old, nil)",
            "  end",
            "  return old",
            "end",
            "local function live(k)",
            "  local v = redis.call('HGET', H, k)",
            "  if v and life > 0 then",
            "    local s = redis.call('ZSCORE', T, k)",
            "    if s and tonumber(s) <= now() - life then",
            "      redis.call('HDEL', H, k) redis.call('ZREM', T, k) emit('E', k, v, nil)",
            "      return false",
            "    end",
            "  end",
            "  return v",
            "end",
            "local function store(k, v, old)",
            "  redis.call('HSET', H, k, v)",
            "  if tracked then redis.call('ZADD', T, string.format('%d', now()), k) end",
            "  if old then emit('U', k, old, v) else emit('A', k, nil, v) end",
            "  if maxsize > 0 then",
            "    local over = redis.call('HLEN', H) - maxsize",
            "    if over > 0 then",
            "      for _, victim in ipairs(redis.call('ZRANGE', T, 0, over - 1)) do",
            "        if victim ~= k then drop(victim, 'E') end",
            "      end",
            "    end",
            "  end",
            "end",
            "");

    private static LuaScript script(String body) {
        return new LuaScript(PRELUDE + body);
    }

    /**
     * A script that changes entries: refused with a {@code FENCED <n>} error when one of the keys
     * it got after its own four (the writer's lease key, the keys of the locks the writing thread
     * holds) no longer holds the value expected for it, see {@link org.ofclustering.lock.WriteFence}.
     */
    private static LuaScript writer(String body) {
        return new LuaScript(MemberFence.scriptCheck(4, "redis.error_reply('" + MemberFence.SCRIPT_ERROR + " ' .. i)") + PRELUDE + body);
    }

    /** ARGV[7]=key → value or nil (expired entries are evicted on the way). */
    static final LuaScript GET = script("return live(ARGV[7])");
    /** ARGV[7]=key, ARGV[8]=value → previous value or nil. */
    static final LuaScript PUT = writer("local old = live(ARGV[7]) store(ARGV[7], ARGV[8], old) return old");
    /** ARGV[7]=key, ARGV[8]=value → existing value (nothing written) or nil (written). */
    static final LuaScript PUT_IF_ABSENT = writer(
            "local old = live(ARGV[7]) if old then return old end store(ARGV[7], ARGV[8], false) return false");
    /** ARGV[7]=key → removed value or nil. */
    static final LuaScript REMOVE = writer("if not live(ARGV[7]) then return false end return drop(ARGV[7], 'R')");
    /** ARGV[7]=key, ARGV[8]=value → previous value (replaced) or nil (absent, nothing written). */
    static final LuaScript REPLACE = writer(
            "local old = live(ARGV[7]) if not old then return false end store(ARGV[7], ARGV[8], old) return old");
    /**
     * Compare-and-set on the exact bytes read before: ARGV[7]=key, ARGV[8]=expected bytes,
     * ARGV[9]='d' to delete or 's' to set ARGV[10] → 1 done, 0 the entry changed meanwhile.
     */
    static final LuaScript COMPARE_AND_SET = writer(String.join("\n",
            "local cur = live(ARGV[7])",
            "if cur ~= ARGV[8] then return 0 end",
            "if ARGV[9] == 'd' then drop(ARGV[7], 'R') else store(ARGV[7], ARGV[10], cur) end",
            "return 1"));
    /** → number of entries removed; always emits one cleared event. */
    static final LuaScript CLEAR = writer(
            "local n = redis.call('HLEN', H) redis.call('DEL', H, T) emit('C', nil, nil, nil) return n");
    /** ARGV[7]=batch → number of expired entries evicted (at most batch). */
    static final LuaScript SWEEP = script(String.join("\n",
            "if life <= 0 then return 0 end",
            "local ks = redis.call('ZRANGEBYSCORE', T, '-inf', string.format('%d', now() - life), 'LIMIT', 0, tonumber(ARGV[7]))",
            "for _, k in ipairs(ks) do",
            "  redis.call('ZREM', T, k)",
            "  local v = redis.call('HGET', H, k)",
            "  if v then redis.call('HDEL', H, k) emit('E', k, v, nil) end",
            "end",
            "return #ks"));
    /**
     * KEYS: metadata hash, event stream. ARGV[1]=wanted level (1 keys, 2 values). Raises the
     * cache's event level and returns the feed's starting position {last stream id, last sequence}.
     */
    static final LuaScript LISTEN = new LuaScript(String.join("\n",
            "local cur = tonumber(redis.call('HGET', KEYS[1], 'lsn') or '0')",
            "if tonumber(ARGV[1]) > cur then redis.call('HSET', KEYS[1], 'lsn', ARGV[1]) end",
            "local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)",
            "if #last == 0 then return {'0-0', redis.call('HGET', KEYS[1], 'seq') or '0'} end",
            "local f = last[1][2]",
            "for i = 1, #f, 2 do if f[i] == 'n' then return {last[1][1], f[i+1]} end end",
            "return {last[1][1], '0'}"));
}
