package dev.switchboard.api;

import java.util.HashSet;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.model.InputExcerpt;
import dev.switchboard.broker.Broker;
import dev.switchboard.broker.HistoryQuery;
import dev.switchboard.model.StreamPosition;
import dev.switchboard.channel.ChannelName;
import dev.switchboard.channel.NamespaceOptions;
import dev.switchboard.channel.Namespaces;
import dev.switchboard.model.Publication;
import dev.switchboard.node.Publisher;
import dev.switchboard.presence.PresenceCounts;
import dev.switchboard.presence.PresenceStore;
import dev.switchboard.node.ClusterControl;
import dev.switchboard.node.NodeClock;
import dev.switchboard.model.ClientInfo;
import dev.switchboard.model.CloseCodes;
import dev.switchboard.protocol.Command;
import dev.switchboard.model.Position;
import dev.switchboard.model.Publication;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * {@code /api/v1}: the HTTP API for back ends (PROTOCOL.md, "HTTP API for backends"). Publications go through
 * the same {@link Broker#publish} as WebSocket publishes, with the namespace's history policy, so offsets,
 * history and fan-out are the same; they carry no publisher info. Every method completes on the event loop.
 */
@Path(ApiPaths.ROOT)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Switchboard HTTP API", description = "Publish to channels and inspect them from back-end services")
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        apiKeyName = ApiKeyFilter.HEADER, description = "One of the keys configured in switchboard.api.keys")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "401", description = "Missing or wrong X-API-Key, or the API is disabled",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ApiResource {

    static final String DISCONNECT_REASON = "disconnected by the server";

    @RegisterForReflection
    public record PublishRequest(
            @Schema(description = "Channel name", example = "chat:lobby", required = true) String channel,
            @Schema(description = "Any JSON value", required = true) JsonNode data) {
    }

    @RegisterForReflection
    public record BroadcastRequest(
            @Schema(description = "Channel names, each at most once", required = true) List<String> channels,
            @Schema(description = "Any JSON value", required = true) JsonNode data) {
    }

    @RegisterForReflection
    public record DisconnectRequest(
            @Schema(description = "Disconnect every connection of this user") String user,
            @Schema(description = "Disconnect this connection (the client id of welcome/presence)") String client) {
    }

    @RegisterForReflection
    public record PublishResult(String channel, String epoch, long offset) {
    }

    @RegisterForReflection
    public record BroadcastResult(List<PublishResult> results) {
    }

    @RegisterForReflection
    public record PresenceResult(String channel,
            @Schema(description = "Present connections (absent in a counts-only namespace)")
            @JsonInclude(JsonInclude.Include.NON_NULL) List<ClientInfo> clients,
            @Schema(description = "Connections and distinct users (only in a counts-only namespace)")
            @JsonInclude(JsonInclude.Include.NON_NULL) PresenceCounts counts) {
    }

    @RegisterForReflection
    public record ChannelHistory(String channel, String epoch, long offset, List<Publication> publications) {
    }

    @RegisterForReflection
    public record DisconnectResult(
            @Schema(description = "Connections closed, on every node that answered") int disconnected,
            @Schema(description = "Nodes that answered") List<String> nodes,
            @Schema(description = "Nodes known to be alive that did not answer within switchboard.cluster.answer-timeout")
            List<String> unanswered) {
    }

    @RegisterForReflection
    public record NodeStatus(String name,
            @Schema(description = "ok, or no-answer (the figures are then absent)") String status,
            @Schema(description = "Milliseconds since the node last announced itself (-1: not yet)") long lastSeen,
            String version, Long uptime, Integer connections, Integer subscriptions, Integer channels) {
    }

    @RegisterForReflection
    public record InfoResult(List<NodeStatus> nodes, int connections, int subscriptions, int channels,
            long uptime) {
    }

    private final Broker broker;
    private final Publisher publisher;
    private final PresenceStore presence;
    private final Namespaces namespaces;
    private final NodeClock clock;
    private final ClusterControl cluster;

    public ApiResource(Broker broker, Publisher publisher, PresenceStore presence, Namespaces namespaces,
            NodeClock clock, ClusterControl cluster) {
        this.broker = broker;
        this.publisher = publisher;
        this.presence = presence;
        this.namespaces = namespaces;
        this.clock = clock;
        this.cluster = cluster;
    }

    @POST
    @Path(ApiCalls.PUBLISH)
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Publish to a channel",
            description = "Appends data to the channel's stream and delivers it to every subscriber. "
                    + "Answers the stream's new top: the offset the publication got.")
    @APIResponse(responseCode = "200", description = "Published")
    @APIResponse(responseCode = "400", description = "Malformed JSON, missing channel or data, invalid channel",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body over switchboard.api.max-body-size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<PublishResult> publish(PublishRequest request) {
        if (request == null) {
            throw ApiProblem.badRequest(BadRequest.MISSING_FIELD,
                    "Send a JSON body {\"channel\": ..., \"data\": ...}.");
        }
        ChannelName channel = channel(request.channel());
        requireData(request.data());
        return publish(channel, request.data());
    }

    @POST
    @Path(ApiCalls.BROADCAST)
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Publish the same data to several channels",
            description = "Each channel gets its own offset; results are in the order of the request's channels.")
    @APIResponse(responseCode = "200", description = "Published to every channel")
    @APIResponse(responseCode = "400", description = "Malformed JSON, missing channels or data, invalid channel",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body over switchboard.api.max-body-size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<BroadcastResult> broadcast(BroadcastRequest request) {
        if (request == null || request.channels() == null) {
            throw ApiProblem.badRequest(BadRequest.MISSING_FIELD,
                    "Field 'channels' is required: a JSON array of channel names.");
        }
        if (request.channels().isEmpty()) {
            throw ApiProblem.badRequest(BadRequest.MISSING_FIELD, "Field 'channels' must name at least one channel.");
        }
        // Validate everything before publishing anything: a bad name must not leave a half-done broadcast.
        List<ChannelName> channels = request.channels().stream().map(this::channel).toList();
        if (new HashSet<>(request.channels()).size() != channels.size()) {
            throw ApiProblem.badRequest(BadRequest.DUPLICATE_CHANNEL,
                    "Field 'channels' names a channel more than once.");
        }
        requireData(request.data());
        List<Uni<PublishResult>> publishes = channels.stream().map(c -> publish(c, request.data())).toList();
        return Uni.join().all(publishes).andFailFast().map(BroadcastResult::new);
    }

    @GET
    @Path(ApiCalls.PRESENCE)
    @Operation(summary = "Who is subscribed to a channel",
            description = "Clients subscribed on any node, or with unique=user one entry per user. A channel "
                    + "nobody uses, or a namespace with presence off, answers an empty list; a namespace with "
                    + "presence-counts-only answers counts {clients, users} instead of the list.")
    @APIResponse(responseCode = "200", description = "The channel's clients")
    @APIResponse(responseCode = "400", description = "Invalid channel name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<PresenceResult> presence(
            @Parameter(description = "Channel name", example = "chat:lobby") @PathParam("channel") String name,
            @Parameter(description = "user: one entry per user (anonymous connections left out)")
            @QueryParam("unique") String unique) {
        ChannelName channel = channel(name);
        if (unique != null && !Command.Presence.UNIQUE_USER.equals(unique)) {
            throw ApiProblem.badRequest(BadRequest.BAD_UNIQUE, "Query parameter unique must be 'user' when given.");
        }
        NamespaceOptions options = namespaces.of(channel);
        if (!options.presence()) {
            return Uni.createFrom().item(new PresenceResult(channel.value(), List.of(), null));
        }
        if (options.presenceCountsOnly()) {
            return presence.counts(channel.value()).map(counts -> new PresenceResult(channel.value(), null, counts));
        }
        return (unique != null ? presence.users(channel.value()) : presence.clients(channel.value()))
                .map(clients -> new PresenceResult(channel.value(), clients, null));
    }

    @GET
    @Path(ApiCalls.HISTORY)
    @Operation(summary = "Read a channel's history",
            description = "Without since: the newest `limit` publications, oldest first. With since: the first "
                    + "`limit` publications after it. A since of another epoch answers an empty list with the "
                    + "current epoch and offset.")
    @APIResponse(responseCode = "200", description = "The publications and the stream's top")
    @APIResponse(responseCode = "400", description = "Invalid channel name, since or limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<ChannelHistory> history(
            @Parameter(description = "Channel name", example = "chat:lobby") @PathParam("channel") String name,
            @Parameter(description = "Last position seen, <epoch>:<offset>", example = "k3J9Qa2b:41")
            @QueryParam("since") String since,
            @Parameter(description = "At most this many publications, 1 to 1000 (default 100)")
            @QueryParam("limit") String limit) {
        ChannelName channel = channel(name);
        HistoryQuery query = new HistoryQuery(since == null ? null : position(since), limit(limit));
        return broker.history(channel.value(), query).map(result -> new ChannelHistory(channel.value(),
                result.top().epoch(), result.top().offset(), result.publications()));
    }

    @POST
    @Path(ApiCalls.DISCONNECT)
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "Disconnect a user or a connection",
            description = "On every node: each matching connection gets a `disconnect` frame (code 4003, "
                    + "reconnect false) and is closed with 4003. Give exactly one of user and client. Answers how "
                    + "many connections were closed on the nodes that answered, and which nodes did not answer "
                    + "within switchboard.cluster.answer-timeout.")
    @APIResponse(responseCode = "200", description = "How many connections were closed")
    @APIResponse(responseCode = "400", description = "Neither or both of user and client",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<DisconnectResult> disconnect(DisconnectRequest request) {
        if (request == null || (request.user() == null) == (request.client() == null)) {
            throw ApiProblem.badRequest(BadRequest.MISSING_FIELD,
                    "Send exactly one of {\"user\": ...} or {\"client\": ...}.");
        }
        Uni<ClusterControl.DisconnectOutcome> outcome = request.user() != null
                ? cluster.disconnectUser(request.user(), CloseCodes.FORBIDDEN, DISCONNECT_REASON)
                : cluster.disconnectClient(request.client(), CloseCodes.FORBIDDEN, DISCONNECT_REASON);
        return outcome.map(o -> new DisconnectResult(o.disconnected(), o.answered(), o.unanswered()));
    }

    @GET
    @Path(ApiCalls.INFO)
    @Operation(summary = "Status of every node",
            description = "Per node: name, status (ok or no-answer), milliseconds since it last announced itself, "
                    + "version, uptime in seconds, WebSocket connections, subscriptions (WebSocket, SSE and "
                    + "waiting long-polls) and channels with local subscribers; totals over the nodes that "
                    + "answered; uptime of the node that answers the request.")
    @APIResponse(responseCode = "200", description = "Status")
    public Uni<InfoResult> info() {
        return cluster.info().map(reports -> {
            List<NodeStatus> nodes = new java.util.ArrayList<>();
            int connectionsTotal = 0;
            int subscriptions = 0;
            int channels = 0;
            for (ClusterControl.NodeReport report : reports) {
                ClusterControl.NodeFigures f = report.figures();
                if (f == null) {
                    nodes.add(new NodeStatus(report.name(), "no-answer", report.lastSeenMillis(), null, null, null,
                            null, null));
                    continue;
                }
                nodes.add(new NodeStatus(report.name(), "ok", report.lastSeenMillis(), f.version(), f.uptime(),
                        f.connections(), f.subscriptions(), f.channels()));
                connectionsTotal += f.connections();
                subscriptions += f.subscriptions();
                channels += f.channels();
            }
            return new InfoResult(nodes, connectionsTotal, subscriptions, channels, clock.uptime().toSeconds());
        });
    }

    private Uni<PublishResult> publish(ChannelName channel, JsonNode data) {
        return publisher.publish(Publication.draft(channel.value(), data, null))
                .map((StreamPosition top) -> new PublishResult(channel.value(), top.epoch(), top.offset()));
    }

    private ChannelName channel(String name) {
        if (name == null) {
            throw ApiProblem.badRequest(BadRequest.MISSING_FIELD, "Field 'channel' is required: a channel name.");
        }
        if (!ChannelName.isValid(name)) {
            throw ApiProblem.invalidChannel("'" + InputExcerpt.of(name) + "' is not a channel name: " + ChannelName.RULE
                    + ".");
        }
        return ChannelName.parse(name);
    }

    private static void requireData(JsonNode data) {
        if (data == null) {
            throw ApiProblem.badRequest(BadRequest.MISSING_FIELD,
                    "Field 'data' is required: any JSON value (use null to publish an empty payload).");
        }
    }

    static Position position(String since) {
        try {
            return Position.parse(since);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(BadRequest.BAD_POSITION, "Query parameter since='" + InputExcerpt.of(since)
                    + "' is not a position: " + e.getMessage() + ".");
        }
    }

    private static int limit(String limit) {
        if (limit == null) {
            return Command.History.DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= Command.History.MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.badRequest(BadRequest.BAD_LIMIT,
                "Query parameter limit must be an integer from 1 to " + Command.History.MAX_LIMIT + ".");
    }

}
