package dev.switchboard.broker.redis;

/**
 * Presence of a channel: a sorted set of client ids scored by when each entry expires, a hash of their
 * ClientInfo JSON, and a per-user index (a hash of user to connection count, and a lexically sorted set of
 * {@code user NUL client}). The node that holds a client refreshes its score; a crashed node's clients expire,
 * and every script drops the expired ones first, keeping the index in step. The keys also expire as a whole
 * when nobody refreshes them. Counts and the per-user view are computed here, in Redis: a node never reads the
 * whole member set to answer them.
 *
 * <p>KEYS of every script: expiry, info, users, byuser.
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
            local function extend_all(ttl)
              for i = 1, 4 do
                if redis.call('EXISTS', KEYS[i]) == 1 then extend(KEYS[i], ttl) end
              end
            end
            local function user_of(json)
              if not json then return nil end
              local ok, v = pcall(cjson.decode, json)
              if ok and type(v) == 'table' and type(v.user) == 'string' and v.user ~= '' then return v.user end
              return nil
            end
            local function forget_user(user, client)
              if not user then return end
              redis.call('ZREM', KEYS[4], user .. '\\0' .. client)
              if redis.call('HINCRBY', KEYS[3], user, -1) <= 0 then
                redis.call('HDEL', KEYS[3], user)
              end
            end
            local function drop_expired(now)
              local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 1000)
              if #gone > 0 then
                local infos = redis.call('HMGET', KEYS[2], unpack(gone))
                for i, id in ipairs(gone) do
                  forget_user(user_of(infos[i]), id)
                end
                redis.call('ZREM', KEYS[1], unpack(gone))
                redis.call('HDEL', KEYS[2], unpack(gone))
              end
            end
            """;

    /** ARGV: TTL ms, client id, ClientInfo JSON, user ('' for an anonymous connection). */
    static final LuaScript ADD = new LuaScript(COMMON + """
            local ttl = tonumber(ARGV[1])
            local client = ARGV[2]
            local user = ARGV[4]
            if user == '' then user = nil end
            local added = redis.call('ZADD', KEYS[1], now_ms() + ttl, client)
            local previous = nil
            if added == 0 then previous = user_of(redis.call('HGET', KEYS[2], client)) end
            redis.call('HSET', KEYS[2], client, ARGV[3])
            if added == 1 or previous ~= user then
              forget_user(previous, client)
              if user then
                redis.call('HINCRBY', KEYS[3], user, 1)
                redis.call('ZADD', KEYS[4], 0, user .. '\\0' .. client)
              end
            end
            extend_all(ttl)
            return 1
            """);

    /**
     * ARGV: TTL ms, client ids. Only entries that still exist are refreshed, so a refresh racing with a removal
     * never brings the removed client back.
     */
    static final LuaScript REFRESH = new LuaScript(COMMON + """
            local ttl = tonumber(ARGV[1])
            local now = now_ms()
            drop_expired(now)
            local refreshed = 0
            for i = 2, #ARGV do
              refreshed = refreshed + redis.call('ZADD', KEYS[1], 'XX', 'CH', now + ttl, ARGV[i])
            end
            if redis.call('EXISTS', KEYS[1]) == 1 then
              extend_all(ttl)
            end
            return refreshed
            """);

    /** ARGV: client id. */
    static final LuaScript REMOVE = new LuaScript(COMMON + """
            if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then
              forget_user(user_of(redis.call('HGET', KEYS[2], ARGV[1])), ARGV[1])
            end
            redis.call('HDEL', KEYS[2], ARGV[1])
            return 1
            """);

    /** Returns the ClientInfo JSON of every unexpired client. */
    static final LuaScript READ = new LuaScript(COMMON + """
            drop_expired(now_ms())
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

    /**
     * One ClientInfo JSON per present user (a connection of theirs, the first in lexical order of client ids);
     * anonymous connections left out. Reads one index entry per user, not the member set.
     */
    static final LuaScript USERS = new LuaScript(COMMON + """
            drop_expired(now_ms())
            local out = {}
            for _, user in ipairs(redis.call('HKEYS', KEYS[3])) do
              local first = redis.call('ZRANGEBYLEX', KEYS[4], '[' .. user .. '\\0', '[' .. user .. '\\0\\255',
                'LIMIT', 0, 1)
              if #first == 1 then
                local info = redis.call('HGET', KEYS[2], string.sub(first[1], #user + 2))
                if info then out[#out + 1] = info end
              end
            end
            return out
            """);

    /** Returns {connections, distinct users}. */
    static final LuaScript COUNTS = new LuaScript(COMMON + """
            drop_expired(now_ms())
            return {redis.call('ZCARD', KEYS[1]), redis.call('HLEN', KEYS[3])}
            """);
}
