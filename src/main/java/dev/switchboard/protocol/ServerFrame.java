package dev.switchboard.protocol;

import dev.switchboard.model.PublisherInfo;
import dev.switchboard.model.ClientInfo;
import dev.switchboard.model.Publication;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A server-to-client frame: a reply to a command (carrying the command's {@code id}) or a push (PROTOCOL.md,
 * "Server to client"). {@code id} is left out when null; every other field is always written.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(ServerFrame.Welcome.class),
        @JsonSubTypes.Type(ServerFrame.Subscribed.class),
        @JsonSubTypes.Type(ServerFrame.Unsubscribed.class),
        @JsonSubTypes.Type(ServerFrame.Published.class),
        @JsonSubTypes.Type(ServerFrame.PresenceReply.class),
        @JsonSubTypes.Type(ServerFrame.HistoryReply.class),
        @JsonSubTypes.Type(ServerFrame.Pong.class),
        @JsonSubTypes.Type(ServerFrame.RpcResult.class),
        @JsonSubTypes.Type(ServerFrame.PublicationPush.class),
        @JsonSubTypes.Type(ServerFrame.Join.class),
        @JsonSubTypes.Type(ServerFrame.Leave.class),
        @JsonSubTypes.Type(ServerFrame.Error.class),
        @JsonSubTypes.Type(ServerFrame.Disconnect.class)
})
public sealed interface ServerFrame {

    /** {@code maxMessageSize}: the largest message (bytes) this server accepts; a larger one is closed with 1009. */
    @JsonTypeName("welcome")
    record Welcome(String client, String user, String node, String version, long pingInterval, int maxMessageSize)
            implements ServerFrame {
    }

    @JsonTypeName("subscribed")
    record Subscribed(@JsonInclude(JsonInclude.Include.NON_NULL) Long id, String channel, String epoch, long offset,
            boolean recovered, List<Publication> publications) implements ServerFrame {
    }

    @JsonTypeName("unsubscribed")
    record Unsubscribed(@JsonInclude(JsonInclude.Include.NON_NULL) Long id, String channel) implements ServerFrame {
    }

    @JsonTypeName("published")
    record Published(@JsonInclude(JsonInclude.Include.NON_NULL) Long id, String channel, long offset)
            implements ServerFrame {
    }

    @JsonTypeName("presence")
    /** Either the member list ({@code clients}) or, in a counts-only namespace, {@code counts}. */
    record PresenceReply(@JsonInclude(JsonInclude.Include.NON_NULL) Long id, String channel,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<ClientInfo> clients,
            @JsonInclude(JsonInclude.Include.NON_NULL) PresenceCounts counts) implements ServerFrame {
    }

    /** Connections present, and distinct users among them (anonymous connections not counted). */
    record PresenceCounts(int clients, int users) {
    }

    @JsonTypeName("history")
    record HistoryReply(@JsonInclude(JsonInclude.Include.NON_NULL) Long id, String channel, String epoch, long offset,
            List<Publication> publications) implements ServerFrame {
    }

    @JsonTypeName("pong")
    record Pong(@JsonInclude(JsonInclude.Include.NON_NULL) Long id) implements ServerFrame {
    }

    /** The back end's answer to an {@code rpc} command. */
    @JsonTypeName("rpc_result")
    record RpcResult(@JsonInclude(JsonInclude.Include.NON_NULL) Long id, JsonNode data) implements ServerFrame {
    }

    /** A publication pushed to a subscriber; the same fields as {@link Publication}, plus the frame type. */
    @JsonTypeName("publication")
    record PublicationPush(String channel, long offset, JsonNode data,
            @JsonInclude(JsonInclude.Include.NON_NULL) PublisherInfo info,
            @JsonInclude(JsonInclude.Include.NON_NULL) String event,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> tags) implements ServerFrame {

        public static PublicationPush of(Publication p) {
            return new PublicationPush(p.channel(), p.offset(), p.data(), p.info(), p.event(), p.tags());
        }
    }

    @JsonTypeName("join")
    record Join(String channel, ClientInfo info) implements ServerFrame {
    }

    @JsonTypeName("leave")
    record Leave(String channel, ClientInfo info) implements ServerFrame {
    }

    @JsonTypeName("error")
    record Error(@JsonInclude(JsonInclude.Include.NON_NULL) Long id, ErrorCode code, String message)
            implements ServerFrame {
    }

    @JsonTypeName("disconnect")
    record Disconnect(int code, String reason, boolean reconnect) implements ServerFrame {
    }
}
