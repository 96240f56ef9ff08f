package dev.switchboard.broker.redis;

/**
 * The Lua scripts that keep channel streams. Each runs atomically in Redis, so offsets, history and fan-out
 * never disagree, whichever node publishes.
 *
 * <p>History is a Redis stream per channel, entry id {@code <offset>-0}, fields {@code p} (the publication as
 * protocol JSON) and {@code x} (when it expires, Redis time in ms). Redis streams have no per-entry TTL, so reads
 * skip expired entries and the whole key expires with its newest entry: a publication lives its TTL, exactly as
 * with the memory broker, and an idle channel's history frees its memory.
 */
final class StreamScripts {

    private StreamScripts() {
    }

    /**
     * Shared helpers: Redis server time in ms, and "make sure the stream has an epoch that this primary may
     * continue".
     *
     * <p>A stream records the replication id ({@code r}) and, on Redis Cluster, the node id ({@code n}) of the
     * primary that last gave it an epoch. Replication is asynchronous: after a failover (Sentinel or Cluster) the
     * new primary may lack the last acknowledged publications, and the next publish would hand out their offsets
     * a second time. A promoted replica has a new replication id, so the first script to touch the stream there
     * moves it to a new epoch: offsets never repeat under one epoch, and a client that knew the old epoch gets
     * {@code recovered: false} instead of a wrong history. The offsets go on from what survived, and the surviving
     * history stays readable.
     *
     * <p>One exception keeps the epoch: on Redis Cluster, a stream whose recorded node is another healthy primary
     * that serves slots came here by a slot migration ({@code MIGRATE} moves a key synchronously, nothing is
     * lost). The common path costs one {@code INFO replication} per script (about 2 us); {@code CLUSTER NODES}
     * is read only when the replication id differs.
     */
    private static final String COMMON = """
            local function now_ms()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function replication_id()
              return string.match(redis.call('INFO', 'replication'), 'master_replid:(%w+)') or ''
            end
            local function node_id()
              local id = redis.pcall('CLUSTER', 'MYID')
              if type(id) == 'string' then return id end
              return ''
            end
            -- true when 'node' is another primary of this cluster, healthy and serving slots
            local function healthy_other_primary(node)
              if not node or node == '' then return false end
              local nodes = redis.pcall('CLUSTER', 'NODES')
              if type(nodes) ~= 'string' then return false end
              for line in string.gmatch(nodes, '[^\\n]+') do
                local id, flags, rest = string.match(line, '^(%S+) %S+ (%S+) %S+ %S+ %S+ %S+ %S+(.*)$')
                if id == node then
                  return string.find(flags, 'master', 1, true) ~= nil and string.find(flags, 'fail', 1, true) == nil
                    and string.find(flags, 'myself', 1, true) == nil and string.find(rest, '%d') ~= nil
                end
              end
              return false
            end
            local function ensure_epoch(stream, history, candidate, ttl)
              local state = redis.call('HMGET', stream, 'e', 'o', 'r', 'n')
              local rid = replication_id()
              if state[1] then
                if state[3] ~= rid then
                  if healthy_other_primary(state[4]) then
                    -- moved here by a slot migration: the same stream, nothing lost
                    redis.call('HSET', stream, 'r', rid, 'n', node_id())
                    return state[1], tonumber(state[2])
                  end
                  -- another primary wrote this epoch and is gone: it may have lost acknowledged offsets
                  redis.call('HSET', stream, 'e', candidate, 'r', rid, 'n', node_id())
                  return candidate, tonumber(state[2])
                end
                return state[1], tonumber(state[2])
              end
              -- A stream without its hash has lost everything: new epoch, offset 0, and no stale history (whose
              -- ids would be above the new offsets).
              redis.call('DEL', history)
              redis.call('HSET', stream, 'e', candidate, 'o', 0, 'r', rid, 'n', node_id())
              redis.call('PEXPIRE', stream, ttl)
              return candidate, 0
            end
            """;

    /**
     * KEYS: stream, history. ARGV: topic, epoch candidate, channel as a JSON string, data JSON, the optional
     * members (each ',"name":value', or ''), history size, history TTL ms, stream TTL ms, the Pub/Sub message
     * prefix ('p', or 'x' + the connection to skip + newline), the publish command ('PUBLISH', or 'SPUBLISH' on
     * Redis Cluster, where the topic shares the keys' slot). Returns {epoch, offset}.
     */
    static final LuaScript PUBLISH = new LuaScript(COMMON + """
            local stream, history = KEYS[1], KEYS[2]
            local epoch = ensure_epoch(stream, history, ARGV[2], ARGV[8])
            local offset = redis.call('HINCRBY', stream, 'o', 1)
            redis.call('PEXPIRE', stream, ARGV[8])
            local off = string.format('%d', offset)
            local pub = '{"channel":' .. ARGV[3] .. ',"offset":' .. off .. ',"data":' .. ARGV[4] .. ARGV[5] .. '}'
            local size = tonumber(ARGV[6])
            if size > 0 then
              local ttl = tonumber(ARGV[7])
              redis.call('XADD', history, 'MAXLEN', size, off .. '-0', 'p', pub,
                'x', string.format('%d', now_ms() + ttl))
              redis.call('PEXPIRE', history, ttl)
            else
              redis.call('DEL', history)
            end
            redis.call(ARGV[10], ARGV[1], ARGV[9] .. pub)
            return {epoch, offset}
            """);

    /**
     * KEYS: stream, history. ARGV: epoch candidate, stream TTL ms, since epoch ('' for none), since offset,
     * limit (-1 for all). Returns {epoch, top, continuous (0/1), publications}; without since the newest
     * {@code limit} publications newest first, with since those after it oldest first.
     */
    static final LuaScript READ = new LuaScript(COMMON + """
            local stream, history = KEYS[1], KEYS[2]
            local epoch, top = ensure_epoch(stream, history, ARGV[1], ARGV[2])
            local limit = tonumber(ARGV[5])
            local now = now_ms()
            -- the unexpired entries as {offset, publication}
            local function live(entries)
              local out = {}
              for _, e in ipairs(entries) do
                local f, p, x = e[2], nil, 0
                for i = 1, #f, 2 do
                  if f[i] == 'p' then p = f[i + 1] elseif f[i] == 'x' then x = tonumber(f[i + 1]) end
                end
                if p and x > now then
                  out[#out + 1] = {tonumber(string.match(e[1], '^%d+')), p}
                end
              end
              return out
            end
            local function publications(list, max)
              local out = {}
              for i = 1, math.min(#list, max) do out[i] = list[i][2] end
              return out
            end
            if ARGV[3] == '' then
              if limit == 0 then
                return {epoch, top, 0, {}}
              end
              local entries
              if limit < 0 then
                entries = redis.call('XREVRANGE', history, '+', '-')
              else
                entries = redis.call('XREVRANGE', history, '+', '-', 'COUNT', limit)
              end
              return {epoch, top, 0, publications(live(entries), #entries)}
            end
            local after = tonumber(ARGV[4])
            if ARGV[3] ~= epoch or after > top then
              return {epoch, top, 0, {}}
            end
            if after == top then
              return {epoch, top, 1, {}}
            end
            local from = string.format('%d', after + 1) .. '-0'
            local entries
            if limit < 0 then
              entries = redis.call('XRANGE', history, from, '+')
            else
              entries = redis.call('XRANGE', history, from, '+', 'COUNT', math.max(limit, 1))
            end
            local kept = live(entries)
            -- continuous when the publication right after 'since' is still there (history has no holes)
            local continuous = 0
            if #kept > 0 and kept[1][1] == after + 1 then
              continuous = 1
            end
            local max = #kept
            if limit >= 0 then max = limit end
            return {epoch, top, continuous, publications(kept, max)}
            """);

    /**
     * KEYS: a key in the topic's slot (routes the call on Redis Cluster). ARGV: the publish command, topic,
     * message. For messages that are not publications (joins, leaves, control messages).
     */
    static final LuaScript NOTIFY = new LuaScript("""
            return redis.call(ARGV[1], ARGV[2], ARGV[3])
            """);
}
