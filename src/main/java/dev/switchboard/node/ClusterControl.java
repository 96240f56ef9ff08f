package dev.switchboard.node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.broker.ControlBus;
import dev.switchboard.channel.Hub;
import dev.switchboard.connection.ConnectionRegistry;
import dev.switchboard.connection.Disconnector;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Operations that act on every node of the deployment: disconnect a user or a connection wherever it is
 * connected, and collect every node's figures. A request goes out on the {@link ControlBus}; each node acts on
 * its own connections and answers; the requester waits for the nodes it knows to be alive (they announce
 * themselves every {@code switchboard.cluster.heartbeat}) until {@code switchboard.cluster.answer-timeout}, and
 * reports those that did not answer. With the memory broker the only node is this one.
 *
 * <p>Any face may call it: the native HTTP API's {@code /api/v1/disconnect} and {@code /api/v1/info}, and other
 * protocols' equivalents (such as Pusher's terminate_connections).
 */
@Singleton
@Startup
public class ClusterControl {

    private static final Logger LOG = Logger.getLogger(ClusterControl.class);

    /** One node's figures. {@code uptime} in seconds. */
    public record NodeFigures(String name, String version, long uptime, int connections, int subscriptions,
            int channels) {
    }

    /**
     * A node as a cluster-wide request found it: its figures when it answered (null when not), and how long ago
     * (ms) it last announced itself (-1 when it never did, e.g. it answered before its first announcement).
     */
    public record NodeReport(String name, boolean answered, long lastSeenMillis, NodeFigures figures) {
    }

    /** How many connections a cluster-wide disconnect closed, and which nodes answered. */
    public record DisconnectOutcome(int disconnected, List<String> answered, List<String> unanswered) {
    }

    private record Reply(String node, JsonNode body) {
    }

    private final class Pending {
        final Set<String> expected;
        final Map<String, Reply> replies = new ConcurrentHashMap<>();
        final CompletableFuture<Map<String, Reply>> done = new CompletableFuture<>();

        Pending(Set<String> expected) {
            this.expected = expected;
        }

        void add(Reply reply) {
            replies.put(reply.node(), reply);
            if (replies.keySet().containsAll(expected)) {
                done.complete(replies);
            }
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final ControlBus bus;
    private final NodeInfo node;
    private final NodeClock clock;
    private final ConnectionRegistry connections;
    private final Disconnector disconnector;
    private final Hub hub;
    private final ClusterConfig config;
    private final Vertx vertx;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final long heartbeatTimer;

    public ClusterControl(ControlBus bus, NodeInfo node, NodeClock clock, ConnectionRegistry connections,
            Disconnector disconnector, Hub hub, ClusterConfig config, Vertx vertx) {
        this.bus = bus;
        this.node = node;
        this.clock = clock;
        this.connections = connections;
        this.disconnector = disconnector;
        this.hub = hub;
        this.config = config;
        this.vertx = vertx;
        bus.onMessage(this::received);
        announce();
        heartbeatTimer = vertx.setPeriodic(Math.max(1, config.heartbeat().toMillis()), id -> announce());
    }

    /** At shutdown, before the beans (the Redis client among them) are destroyed: this node leaves the list. */
    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(heartbeatTimer);
        try {
            bus.withdraw(node.name()).subscribe().with(ok -> {
            }, failure -> LOG.debugf("could not withdraw this node: %s", failure.getMessage()));
        } catch (RuntimeException e) {
            LOG.debugf("could not withdraw this node: %s", e.getMessage()); // the broker is already gone
        }
    }

    /** Disconnects every connection of the user on every node, each with {@code code} and {@code reason}. */
    public Uni<DisconnectOutcome> disconnectUser(String user, int code, String reason) {
        return disconnect("user", user, code, reason);
    }

    /** Disconnects the connection with this client id, on whichever node holds it. */
    public Uni<DisconnectOutcome> disconnectClient(String client, int code, String reason) {
        return disconnect("client", client, code, reason);
    }

    /** Every node's figures, by name; nodes that did not answer in time are reported as such. */
    public Uni<List<NodeReport>> info() {
        ObjectNode request = json.createObjectNode().put("op", "info");
        return ask(request).map(result -> {
            List<NodeReport> reports = new ArrayList<>();
            for (String name : result.names()) {
                Reply reply = result.replies().get(name);
                long lastSeen = result.lastSeen().getOrDefault(name, -1L);
                NodeFigures figures = reply == null ? null : figures(reply.body().path("figures"));
                reports.add(new NodeReport(name, reply != null, lastSeen, figures));
            }
            reports.sort(Comparator.comparing(NodeReport::name));
            return reports;
        });
    }

    /** This node's own figures. */
    public NodeFigures localFigures() {
        return new NodeFigures(node.name(), node.version(), clock.uptime().toSeconds(), connections.size(),
                hub.subscriptionCount(), hub.channelCount());
    }

    private Uni<DisconnectOutcome> disconnect(String field, String value, int code, String reason) {
        ObjectNode request = json.createObjectNode().put("op", "disconnect").put(field, value).put("code", code)
                .put("reason", reason);
        return ask(request).map(result -> {
            int total = 0;
            List<String> answered = new ArrayList<>();
            List<String> unanswered = new ArrayList<>();
            for (String name : result.names()) {
                Reply reply = result.replies().get(name);
                if (reply == null) {
                    unanswered.add(name);
                } else {
                    answered.add(name);
                    total += reply.body().path("disconnected").asInt();
                }
            }
            return new DisconnectOutcome(total, answered, unanswered);
        });
    }

    private record Result(Set<String> names, Map<String, Reply> replies, Map<String, Long> lastSeen) {
    }

    /** Sends a request to every node and collects the answers of the nodes known to be alive, or what came. */
    private Uni<Result> ask(ObjectNode request) {
        String id = UUID.randomUUID().toString();
        request.put("id", id).put("from", node.name());
        return bus.nodes(config.nodeTtl()).onFailure().recoverWithItem(Map.of()).flatMap(alive -> {
            Set<String> expected = new java.util.TreeSet<>(alive.keySet());
            expected.add(node.name());
            Pending waiting = new Pending(expected);
            pending.put(id, waiting);
            long timer = vertx.setTimer(Math.max(1, config.answerTimeout().toMillis()),
                    t -> waiting.done.complete(waiting.replies));
            return bus.broadcast(write(request))
                    .flatMap(sent -> Uni.createFrom().completionStage(waiting.done))
                    .eventually(() -> {
                        vertx.cancelTimer(timer);
                        pending.remove(id);
                    })
                    .map(replies -> {
                        Set<String> names = new java.util.TreeSet<>(expected);
                        names.addAll(replies.keySet());
                        return new Result(names, new TreeMap<>(replies), alive);
                    });
        });
    }

    private void received(String message) {
        JsonNode body;
        try {
            body = json.readTree(message);
        } catch (JsonProcessingException e) {
            LOG.warnf("malformed control message ignored: %s", e.getOriginalMessage());
            return;
        }
        switch (body.path("op").asText()) {
            case "reply" -> {
                if (node.name().equals(body.path("to").asText())) {
                    Pending waiting = pending.get(body.path("id").asText());
                    if (waiting != null) {
                        waiting.add(new Reply(body.path("node").asText(), body));
                    }
                }
            }
            case "disconnect" -> answer(body, reply -> reply.put("disconnected", disconnectHere(body)));
            case "info" -> answer(body, reply -> reply.set("figures", json.valueToTree(localFigures())));
            default -> LOG.debugf("control message of unknown kind ignored: %s", body.path("op").asText());
        }
    }

    private int disconnectHere(JsonNode request) {
        int code = request.path("code").asInt();
        String reason = request.path("reason").asText();
        return request.hasNonNull("user") ? disconnector.user(request.path("user").asText(), code, reason)
                : disconnector.client(request.path("client").asText(), code, reason);
    }

    private void answer(JsonNode request, java.util.function.Consumer<ObjectNode> fill) {
        ObjectNode reply = json.createObjectNode().put("op", "reply").put("id", request.path("id").asText())
                .put("to", request.path("from").asText()).put("node", node.name());
        fill.accept(reply);
        bus.broadcast(write(reply)).subscribe().with(ok -> {
        }, failure -> LOG.debugf("could not answer a control request: %s", failure.getMessage()));
    }

    private void announce() {
        bus.announce(node.name()).subscribe().with(ok -> {
        }, failure -> LOG.debugf("could not announce this node: %s", failure.getMessage()));
    }

    private NodeFigures figures(JsonNode f) {
        return new NodeFigures(f.path("name").asText(), f.path("version").asText(), f.path("uptime").asLong(),
                f.path("connections").asInt(), f.path("subscriptions").asInt(), f.path("channels").asInt());
    }

    private String write(JsonNode message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode JSON", e);
        }
    }
}
