package dev.switchboard.broker.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.broker.Broker;
import dev.switchboard.broker.BrokerEvents;
import dev.switchboard.broker.BrokerUnavailableException;
import dev.switchboard.broker.ControlBus;
import dev.switchboard.broker.Epochs;
import dev.switchboard.broker.HistoryPolicy;
import dev.switchboard.broker.HistoryQuery;
import dev.switchboard.broker.HistoryResult;
import dev.switchboard.model.StreamPosition;
import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.ClientInfo;
import dev.switchboard.model.Publication;
import dev.switchboard.model.PublisherInfo;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * The scale-out broker: streams and history live in Redis, shared by every node, and channel events reach the
 * other nodes over Redis Pub/Sub (presence, in the same Redis, is {@link RedisPresence}). Every call is reactive; nothing blocks an event loop.
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

    private final Redis redis;
    private final Vertx vertx;
    private final RedisBrokerConfig config;
    private final RedisKeys keys;
    private final ObjectMapper json = new ObjectMapper();
    private final FanOut fanOut;
    private final String publishCommand;
    private final RedisControlBus control;
    private volatile BrokerEvents events;
    private volatile String commandProblem = "not checked yet";
    private long checkTimer = -1;

    /** One Redis, or Redis behind Sentinel: classic Pub/Sub over one connection. */
    public RedisBroker(Redis redis, Vertx vertx, RedisBrokerConfig config) {
        this(redis, vertx, config, null);
    }

    /**
     * @param shardClients for Redis Cluster ({@code quarkus.redis.client-type=cluster}): a standalone client for
     *            a {@code host:port} of the cluster, for the node's sharded Pub/Sub connection to each primary;
     *            null for one Redis or Sentinel
     */
    public RedisBroker(Redis redis, Vertx vertx, RedisBrokerConfig config, Function<String, Redis> shardClients) {
        this.redis = redis;
        this.vertx = vertx;
        this.config = config;
        this.keys = new RedisKeys(config.prefix());
        if (shardClients == null) {
            this.fanOut = new FanOutConnection(redis, vertx, config.checkInterval(), this::received, this::resumed);
            this.publishCommand = "PUBLISH";
        } else {
            this.fanOut = new ShardedFanOut(redis, shardClients, vertx, config.checkInterval(),
                    config.commandTimeout(), this::received, this::resumed);
            this.publishCommand = "SPUBLISH";
        }
        this.control = new RedisControlBus(redis, keys, publishCommand, config.commandTimeout());
    }

    /** The control bus that travels over this broker's Redis and fan-out. */
    public ControlBus control() {
        return control;
    }

    /** Connects the Pub/Sub connection(s) and starts the health check. */
    public void start() {
        fanOut.start();
        fanOut.subscribe(keys.controlTopic()).subscribe().with(ok -> {
        }, failure -> LOG.debugf("control topic not subscribed yet (%s); it is once Redis answers",
                failure.getMessage()));
        check();
        checkTimer = vertx.setPeriodic(Math.max(1, config.checkInterval().toMillis()), id -> check());
    }

    public void stop() {
        vertx.cancelTimer(checkTimer);
        fanOut.close();
    }

    @Override
    public void setEventHandler(BrokerEvents events) {
        this.events = events;
    }

    // --- streams ---

    @Override
    public Uni<StreamPosition> publish(Publication draft, String exceptClient, HistoryPolicy policy) {
        String channel = draft.channel();
        List<String> args = List.of(keys.topic(channel), Epochs.next(), toJson(json.getNodeFactory().textNode(channel)),
                toJson(draft.data()), optionalMembers(draft),
                Integer.toString(policy.retains() ? policy.size() : 0),
                Long.toString(Math.max(1, policy.ttl().toMillis())),
                Long.toString(streamTtlMillis(policy)),
                exceptClient == null ? "p" : "x" + exceptClient + "\n", publishCommand);
        return call(StreamScripts.PUBLISH.run(redis, streamKeys(channel), args))
                .map(reply -> new StreamPosition(reply.get(0).toString(), reply.get(1).toLong()));
    }

    @Override
    public Uni<HistoryResult> history(String channel, HistoryQuery query) {
        boolean since = query.since() != null;
        long limit = query.limit() == Integer.MAX_VALUE ? -1 : Math.max(0, query.limit());
        List<String> args = List.of(Epochs.next(), Long.toString(config.streamTtl().toMillis()),
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
        return call(StreamScripts.NOTIFY.run(redis, List.of(keys.stream(channel)),
                List.of(publishCommand, keys.topic(channel), kind + ClientJson.encode(client)))).replaceWithVoid();
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

    /**
     * A Pub/Sub message: 'p' + publication JSON; 'x' + the connection id to skip + newline + publication JSON;
     * 'j' / 'l' + client JSON.
     */
    private void received(String topic, String payload) {
        if (topic.equals(keys.controlTopic())) {
            control.deliver(payload);
            return;
        }
        String channel = keys.channelOfTopic(topic);
        BrokerEvents handler = events;
        if (channel == null || handler == null || payload.isEmpty()) {
            return;
        }
        try {
            switch (payload.charAt(0)) {
                case 'p' -> handler.onEvent(ChannelEvent.publication(decodePublication(payload.substring(1))));
                case 'x' -> {
                    int newline = payload.indexOf('\n');
                    handler.onEvent(ChannelEvent.publication(decodePublication(payload.substring(newline + 1)),
                            payload.substring(1, newline)));
                }
                case 'j' -> handler.onEvent(ChannelEvent.join(channel, ClientJson.decode(payload.substring(1))));
                case 'l' -> handler.onEvent(ChannelEvent.leave(channel, ClientJson.decode(payload.substring(1))));
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
            if (channel != null && handler != null && !topic.equals(keys.controlTopic())) {
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
        return problem == null ? "redis: ready, " + Math.max(0, fanOut.topicCount() - 1) + " channels subscribed"
                : "redis: unavailable: " + problem;
    }

    private void check() {
        call(redis.send(Request.cmd(Command.PING))).subscribe().with(
                pong -> commandProblem = null,
                failure -> commandProblem = FanOutConnection.describe(failure.getCause() != null
                        ? failure.getCause()
                        : failure).replaceFirst("^broker unavailable: ", ""));
    }

    // --- helpers ---

    private <T> Uni<T> call(Uni<T> request) {
        return RedisCalls.bounded(request, config.commandTimeout());
    }

    private List<String> streamKeys(String channel) {
        return List.of(keys.stream(channel), keys.history(channel));
    }

    private long streamTtlMillis(HistoryPolicy policy) {
        long ttl = config.streamTtl().toMillis();
        return policy.retains() ? Math.max(ttl, policy.ttl().toMillis()) : ttl;
    }


    /** The publication's optional JSON members, each with its leading comma ('' when it has none). */
    private String optionalMembers(Publication draft) {
        StringBuilder members = new StringBuilder();
        if (draft.info() != null) {
            ObjectNode info = json.createObjectNode();
            info.put("client", draft.info().client());
            info.put("user", draft.info().user());
            members.append(",\"info\":").append(toJson(info));
        }
        if (draft.event() != null) {
            members.append(",\"event\":").append(toJson(json.getNodeFactory().textNode(draft.event())));
        }
        if (!draft.tags().isEmpty()) {
            members.append(",\"tags\":").append(toJson(json.valueToTree(draft.tags())));
        }
        return members.toString();
    }

    private Publication decodePublication(String text) {
        JsonNode node = parse(text);
        JsonNode info = node.get("info");
        PublisherInfo publisher = info == null || info.isNull() ? null
                : new PublisherInfo(info.path("client").asText(null), textOrNull(info.get("user")));
        JsonNode tags = node.get("tags");
        Map<String, String> tagMap = new java.util.LinkedHashMap<>();
        if (tags != null && tags.isObject()) {
            tags.fields().forEachRemaining(e -> tagMap.put(e.getKey(), e.getValue().asText()));
        }
        return new Publication(node.path("channel").asText(), node.path("offset").asLong(), node.get("data"),
                publisher, textOrNull(node.get("event")), tagMap);
    }

    static String textOrNull(JsonNode node) {
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
