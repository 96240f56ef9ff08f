package dev.switchboard.broker.redis;

/**
 * Presence of a channel: a sorted set of client ids scored by when each entry expires, and a hash of their
 * ClientInfo JSON. The node that holds a client refreshes its score; a crashed node's clients expire, and every
 * read drops the expired ones first. Both keys also expire as a whole when nobody refreshes them.
 */
final class PresenceScripts {

    private PresenceScripts() {
    }

    private static final String COMMON = """
            local function now_ms()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function extend(key, ttl)
              if redis.call('PTTL', key) < ttl then
                redis.call('PEXPIRE', key, ttl)
              end
            end
            local function drop_expired(expiry, info, now)
              local gone = redis.call('ZRANGEBYSCORE', expiry, '-inf', now, 'LIMIT', 0, 1000)
              if #gone > 0 then
                redis.call('ZREM', expiry, unpack(gone))
                redis.call('HDEL', info, unpack(gone))
              end
            end
            """;

    /** KEYS: expiry, info. ARGV: TTL ms, client id, ClientInfo JSON. */
    static final LuaScript ADD = new LuaScript(COMMON + """
            local ttl = tonumber(ARGV[1])
            redis.call('ZADD', KEYS[1], now_ms() + ttl, ARGV[2])
            redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
            extend(KEYS[1], ttl)
            extend(KEYS[2], ttl)
            return 1
            """);

    /**
     * KEYS: expiry, info. ARGV: TTL ms, client ids. Only entries that still exist are refreshed, so a refresh
     * racing with a removal never brings the removed client back.
     */
    static final LuaScript REFRESH = new LuaScript(COMMON + """
            local ttl = tonumber(ARGV[1])
            local now = now_ms()
            drop_expired(KEYS[1], KEYS[2], now)
            local refreshed = 0
            for i = 2, #ARGV do
              refreshed = refreshed + redis.call('ZADD', KEYS[1], 'XX', 'CH', now + ttl, ARGV[i])
            end
            if redis.call('EXISTS', KEYS[1]) == 1 then
              extend(KEYS[1], ttl)
              extend(KEYS[2], ttl)
            end
            return refreshed
            """);

    /** KEYS: expiry, info. ARGV: client id. */
    static final LuaScript REMOVE = new LuaScript("""
            redis.call('ZREM', KEYS[1], ARGV[1])
            redis.call('HDEL', KEYS[2], ARGV[1])
            return 1
            """);

    /** KEYS: expiry, info. Returns the ClientInfo JSON of every unexpired client. */
    static final LuaScript READ = new LuaScript(COMMON + """
            drop_expired(KEYS[1], KEYS[2], now_ms())
            local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
            if #ids == 0 then
              return {}
            end
            local out = {}
            for i = 1, #ids, 1000 do
              local chunk = {}
              for j = i, math.min(i + 999, #ids) do chunk[#chunk + 1] = ids[j] end
              for _, v in ipairs(redis.call('HMGET', KEYS[2], unpack(chunk))) do
                if v then out[#out + 1] = v end
              end
            end
            return out
            """);
}
