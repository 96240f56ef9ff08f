package dev.switchboard.broker.redis;

/**
 * The scripts of {@link RedisOccupancy}. A scope's total is the sum of the nodes' parts, changed only by these
 * scripts, so a total crossing zero is seen by exactly one script run: the one whose change made it, on the
 * node that then reports it. Crossings come back as {@code +item} / {@code -item}; the subscription item
 * {@code s} also carries the channel's generation ({@code +s#7}).
 */
final class OccupancyScripts {

    private OccupancyScripts() {
    }

    private static final String CROSSED = """
            local function crossed(out, item, before, after, gen_key)
              if before <= 0 and after > 0 then
                if item == 's' then
                  out[#out + 1] = '+s#' .. redis.call('INCR', gen_key)
                else
                  out[#out + 1] = '+' .. item
                end
              elseif before > 0 and after <= 0 then
                if item == 's' then
                  out[#out + 1] = '-s#' .. (redis.call('GET', gen_key) or '0')
                else
                  out[#out + 1] = '-' .. item
                end
              end
            end
            """;

    /** KEYS: total, node part, generation. ARGV: item, count, item, count... (the node's new absolute counts). */
    static final LuaScript SET = new LuaScript(CROSSED + """
            local out = {}
            for i = 1, #ARGV, 2 do
              local item = ARGV[i]
              local count = tonumber(ARGV[i + 1])
              local old = tonumber(redis.call('HGET', KEYS[2], item) or '0')
              local d = count - old
              if d ~= 0 then
                if count == 0 then
                  redis.call('HDEL', KEYS[2], item)
                else
                  redis.call('HSET', KEYS[2], item, count)
                end
                local after = redis.call('HINCRBY', KEYS[1], item, d)
                if after <= 0 then
                  redis.call('HDEL', KEYS[1], item)
                end
                crossed(out, item, after - d, after, KEYS[3])
              end
            end
            return out
            """);

    /** KEYS: total, the dead node's part, generation. Takes the node's whole part away. */
    static final LuaScript DROP = new LuaScript(CROSSED + """
            local out = {}
            local items = redis.call('HGETALL', KEYS[2])
            for i = 1, #items, 2 do
              local item = items[i]
              local count = tonumber(items[i + 1])
              local after = redis.call('HINCRBY', KEYS[1], item, -count)
              if after <= 0 then
                redis.call('HDEL', KEYS[1], item)
              end
              crossed(out, item, after + count, after, KEYS[3])
            end
            redis.call('DEL', KEYS[2])
            return out
            """);

    /** KEYS: total. Returns {subscriptions, users}. */
    static final LuaScript READ = new LuaScript("""
            local s = tonumber(redis.call('HGET', KEYS[1], 's') or '0')
            local users = 0
            for _, k in ipairs(redis.call('HKEYS', KEYS[1])) do
              if string.sub(k, 1, 2) == 'u:' then users = users + 1 end
            end
            return {s, users}
            """);

    /**
     * KEYS: index. ARGV: generation, channel. Removes the channel only if the vacating generation is still the
     * one that put it there: a later occupation (from another node, whose update may arrive first) stays.
     */
    static final LuaScript UNINDEX = new LuaScript("""
            local score = redis.call('ZSCORE', KEYS[1], ARGV[2])
            if score and tonumber(score) == tonumber(ARGV[1]) then
              return redis.call('ZREM', KEYS[1], ARGV[2])
            end
            return 0
            """);

    /** KEYS: index. ARGV: prefix. The indexed channels starting with the prefix. */
    static final LuaScript SCAN = new LuaScript("""
            local out = {}
            local n = #ARGV[1]
            for _, c in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
              if string.sub(c, 1, n) == ARGV[1] then out[#out + 1] = c end
            end
            return out
            """);

    /** KEYS: a hash. Its fields and values as one flat list, whatever protocol version the client speaks. */
    static final LuaScript ENTRIES = new LuaScript("""
            return redis.call('HGETALL', KEYS[1])
            """);

    private static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;

    /** KEYS: nodes. ARGV: node, TTL ms. 1 when the node was not in the table (new, or reaped meanwhile). */
    static final LuaScript HEARTBEAT = new LuaScript(NOW + """
            return redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
            """);

    /**
     * KEYS: nodes. ARGV: this node, lease ms. Claims one node whose heartbeat ran out: its score moves a lease
     * ahead, so no other node claims it while this one cleans up (and one does again if this one dies too).
     */
    static final LuaScript CLAIM = new LuaScript(NOW + """
            local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 1)
            if #dead == 0 or dead[1] == ARGV[1] then
              return false
            end
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), dead[1])
            return dead[1]
            """);
}
