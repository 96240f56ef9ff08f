package dev.switchboard.broker.redis;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.broker.Broker;
import dev.switchboard.broker.BrokerEvents;
import dev.switchboard.broker.BrokerUnavailableException;
import dev.switchboard.broker.HistoryPolicy;
import dev.switchboard.broker.HistoryQuery;
import dev.switchboard.broker.HistoryResult;
import dev.switchboard.broker.StreamPosition;
import dev.switchboard.protocol.ClientInfo;
import dev.switchboard.protocol.Publication;
import dev.switchboard.protocol.PublisherInfo;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.impl.types.ErrorType;

/**
 * The scale-out broker: streams, history and presence live in Redis, shared by every node, and publications
 * reach the other nodes over Redis Pub/Sub. Every call is reactive; nothing blocks an event loop.
 *
 * <p>A publish is one Lua script ({@link StreamScripts#PUBLISH}) that creates the epoch if the stream has none,
 * assigns the next offset, appends to history and publishes to the channel's topic, atomically. Reads use
 * {@link StreamScripts#READ}, which agrees with the memory broker on what is continuous.
 *
 * <p>When Redis is unreachable, requests fail with {@link BrokerUnavailableException}, readiness is DOWN and the
 * node keeps trying to reconnect. When the Pub/Sub connection comes back, the node resubscribes and tells the hub
 * that its channels' delivery was interrupted, so their local subscribers recover from history instead of
 * carrying on with a silent gap.
 */
public final class RedisBroker implements Broker {

    private static final Logger LOG = Logger.getLogger(RedisBroker.class);
    private static final char[] EPOCH_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            .toCharArray();

    private final Redis redis;
    private final Vertx vertx;
    private final RedisBrokerConfig config;
    private final RedisKeys keys;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final PresenceRegistry ownPresence = new PresenceRegistry();
    private final FanOutConnection fanOut;
    private volatile BrokerEvents events;
    private volatile String commandProblem = "not checked yet";
    private long checkTimer = -1;
    private long refreshTimer = -1;

    public RedisBroker(Redis redis, Vertx vertx, RedisBrokerConfig config) {
        this.redis = redis;
        this.vertx = vertx;
        this.config = config;
        this.keys = new RedisKeys(config.prefix());
        this.fanOut = new FanOutConnection(redis, vertx, config.checkInterval(), this::received, this::resumed);
    }

    /** Connects the Pub/Sub connection and starts the health check and the presence refresh. */
    public void start() {
        fanOut.start();
        check();
        checkTimer = vertx.setPeriodic(Math.max(1, config.checkInterval().toMillis()), id -> check());
        refreshTimer = vertx.setPeriodic(Math.max(1, config.presenceRefresh().toMillis()), id -> refreshPresence());
    }

    public void stop() {
        vertx.cancelTimer(checkTimer);
        vertx.cancelTimer(refreshTimer);
        fanOut.close();
    }

    @Override
    public void setEventHandler(BrokerEvents events) {
        this.events = events;
    }

    // --- streams ---

    @Override
    public Uni<StreamPosition> publish(String channel, JsonNode data, PublisherInfo info, HistoryPolicy policy) {
        List<String> args = List.of(keys.topic(channel), newEpoch(), toJson(json.getNodeFactory().textNode(channel)),
                toJson(data), info == null ? "" : toJson(publisherJson(info)),
                Integer.toString(policy.retains() ? policy.size() : 0),
                Long.toString(Math.max(1, policy.ttl().toMillis())),
                Long.toString(streamTtlMillis(policy)));
        return call(StreamScripts.PUBLISH.run(redis, streamKeys(channel), args))
                .map(reply -> new StreamPosition(reply.get(0).toString(), reply.get(1).toLong()));
    }

    @Override
    public Uni<HistoryResult> history(String channel, HistoryQuery query) {
        boolean since = query.since() != null;
        long limit = query.limit() == Integer.MAX_VALUE ? -1 : Math.max(0, query.limit());
        List<String> args = List.of(newEpoch(), Long.toString(config.streamTtl().toMillis()),
                since ? query.since().epoch() : "", since ? Long.toString(query.since().offset()) : "0",
                Long.toString(limit));
        return call(StreamScripts.READ.run(redis, streamKeys(channel), args)).map(reply -> {
            StreamPosition top = new StreamPosition(reply.get(0).toString(), reply.get(1).toLong());
            boolean continuous = reply.get(2).toInteger() == 1;
            List<Publication> publications = new ArrayList<>(reply.get(3).size());
            for (Response item : reply.get(3)) {
                publications.add(decodePublication(item.toString()));
            }
            if (!since) {
                Collections.reverse(publications); // the script reads newest first
            }
            return new HistoryResult(top, publications, continuous);
        });
    }

    // --- presence ---

    @Override
    public Uni<Void> addPresence(String channel, ClientInfo client) {
        ownPresence.add(channel, client.client());
        return call(PresenceScripts.ADD.run(redis, presenceKeys(channel),
                List.of(Long.toString(config.presenceTtl().toMillis()), client.client(), toJson(clientJson(client)))))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> removePresence(String channel, String clientId) {
        ownPresence.remove(channel, clientId);
        return call(PresenceScripts.REMOVE.run(redis, presenceKeys(channel), List.of(clientId))).replaceWithVoid();
    }

    @Override
    public Uni<List<ClientInfo>> presence(String channel) {
        return call(PresenceScripts.READ.run(redis, presenceKeys(channel), List.of())).map(reply -> {
            List<ClientInfo> clients = new ArrayList<>(reply.size());
            for (Response item : reply) {
                clients.add(decodeClient(item.toString()));
            }
            return clients;
        });
    }

    /** Pushes the expiry of this node's clients' presence entries forward. */
    private void refreshPresence() {
        String ttl = Long.toString(config.presenceTtl().toMillis());
        for (Map.Entry<String, List<String>> entry : ownPresence.snapshot().entrySet()) {
            List<String> args = new ArrayList<>(entry.getValue().size() + 1);
            args.add(ttl);
            args.addAll(entry.getValue());
            call(PresenceScripts.REFRESH.run(redis, presenceKeys(entry.getKey()), args)).subscribe().with(ok -> {
            }, failure -> LOG.debugf("presence refresh of %s failed: %s", entry.getKey(), failure.getMessage()));
        }
    }

    // --- join / leave ---

    @Override
    public Uni<Void> publishJoin(String channel, ClientInfo client) {
        return publishEvent(channel, 'j', client);
    }

    @Override
    public Uni<Void> publishLeave(String channel, ClientInfo client) {
        return publishEvent(channel, 'l', client);
    }

    private Uni<Void> publishEvent(String channel, char kind, ClientInfo client) {
        return call(redis.send(Request.cmd(Command.PUBLISH).arg(keys.topic(channel))
                .arg(kind + toJson(clientJson(client))))).replaceWithVoid();
    }

    // --- fan-out ---

    @Override
    public Uni<Void> subscribe(String channel) {
        return fanOut.subscribe(keys.topic(channel));
    }

    @Override
    public Uni<Void> unsubscribe(String channel) {
        return fanOut.unsubscribe(keys.topic(channel));
    }

    /** A Pub/Sub message: 'p' + publication JSON, 'j' / 'l' + client JSON. */
    private void received(String topic, String payload) {
        String channel = keys.channelOfTopic(topic);
        BrokerEvents handler = events;
        if (channel == null || handler == null || payload.isEmpty()) {
            return;
        }
        try {
            switch (payload.charAt(0)) {
                case 'p' -> handler.onPublication(decodePublication(payload.substring(1)));
                case 'j' -> handler.onJoin(channel, decodeClient(payload.substring(1)));
                case 'l' -> handler.onLeave(channel, decodeClient(payload.substring(1)));
                default -> LOG.warnf("unknown message on %s ignored", topic);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not handle a message on %s", topic);
        }
    }

    private void resumed(Set<String> topics) {
        BrokerEvents handler = events;
        LOG.infof("Redis Pub/Sub resumed: %d channels' subscribers recover from history", topics.size());
        for (String topic : topics) {
            String channel = keys.channelOfTopic(topic);
            if (channel != null && handler != null) {
                handler.onDeliveryInterrupted(channel);
            }
        }
    }

    // --- health ---

    @Override
    public boolean isReady() {
        return fanOut.isLive() && commandProblem == null;
    }

    @Override
    public String describeState() {
        String fanOutProblem = fanOut.problem();
        String problem = commandProblem != null ? commandProblem : fanOutProblem;
        return problem == null ? "redis: ready, " + fanOut.topicCount() + " channels subscribed"
                : "redis: unavailable: " + problem;
    }

    private void check() {
        call(redis.send(Request.cmd(Command.PING))).subscribe().with(
                pong -> commandProblem = null,
                failure -> commandProblem = FanOutConnection.describe(
                        failure.getCause() != null ? failure.getCause() : failure));
    }

    // --- helpers ---

    /**
     * Bounds a Redis call by the command timeout and turns "cannot reach Redis" into
     * {@link BrokerUnavailableException}. Errors Redis itself answered (a script error) stay what they are.
     */
    private <T> Uni<T> call(Uni<T> request) {
        Duration timeout = config.commandTimeout();
        return request
                .ifNoItem().after(timeout).failWith(() -> new BrokerUnavailableException(
                        "broker unavailable: Redis did not answer within " + timeout.toMillis() + " ms"))
                .onFailure(f -> !(f instanceof ErrorType) && !(f instanceof BrokerUnavailableException))
                .transform(f -> new BrokerUnavailableException("broker unavailable: "
                        + FanOutConnection.describe(f), f));
    }

    private List<String> streamKeys(String channel) {
        return List.of(keys.stream(channel), keys.history(channel));
    }

    private List<String> presenceKeys(String channel) {
        return List.of(keys.presenceExpiry(channel), keys.presenceInfo(channel));
    }

    private long streamTtlMillis(HistoryPolicy policy) {
        long ttl = config.streamTtl().toMillis();
        return policy.retains() ? Math.max(ttl, policy.ttl().toMillis()) : ttl;
    }

    private String newEpoch() {
        char[] chars = new char[8];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = EPOCH_ALPHABET[random.nextInt(EPOCH_ALPHABET.length)];
        }
        return new String(chars);
    }

    private ObjectNode publisherJson(PublisherInfo info) {
        ObjectNode node = json.createObjectNode();
        node.put("client", info.client());
        node.put("user", info.user());
        return node;
    }

    private ObjectNode clientJson(ClientInfo client) {
        ObjectNode node = json.createObjectNode();
        node.put("client", client.client());
        node.put("user", client.user());
        node.set("info", client.info());
        return node;
    }

    private Publication decodePublication(String text) {
        JsonNode node = parse(text);
        JsonNode info = node.get("info");
        PublisherInfo publisher = info == null || info.isNull() ? null
                : new PublisherInfo(info.path("client").asText(null), textOrNull(info.get("user")));
        return new Publication(node.path("channel").asText(), node.path("offset").asLong(), node.get("data"),
                publisher);
    }

    private ClientInfo decodeClient(String text) {
        JsonNode node = parse(text);
        JsonNode info = node.get("info");
        return new ClientInfo(node.path("client").asText(), textOrNull(node.get("user")),
                info == null || info.isNull() ? null : info);
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("malformed JSON in Redis", e);
        }
    }

    private String toJson(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode JSON", e);
        }
    }
}
