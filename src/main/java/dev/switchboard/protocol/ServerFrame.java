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

    /** {@code delta}: true when this subscription's publications come as Fossil deltas (absent otherwise). */
    @JsonTypeName("subscribed")
    record Subscribed(@JsonInclude(JsonInclude.Include.NON_NULL) Long id, String channel, String epoch, long offset,
            boolean recovered, List<Publication> publications,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean delta) implements ServerFrame {

        public Subscribed(Long id, String channel, String epoch, long offset, boolean recovered,
                List<Publication> publications) {
            this(id, channel, epoch, offset, recovered, publications, null);
        }
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

    /**
     * A publication pushed to a subscriber; the same fields as {@link Publication}, plus the frame type. On a delta
     * subscription {@code data} is a string: the data's JSON text, or with {@code delta: true} the Fossil delta
     * that turns the {@code base} publication's text into it. {@code skipped}: how many publications of the channel
     * a conflating connection replaced by this one. All three are left out when absent.
     */
    @JsonTypeName("publication")
    record PublicationPush(String channel, long offset, JsonNode data,
            @JsonInclude(JsonInclude.Include.NON_NULL) PublisherInfo info,
            @JsonInclude(JsonInclude.Include.NON_NULL) String event,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> tags,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean delta,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long base,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer skipped) implements ServerFrame {

        public PublicationPush(String channel, long offset, JsonNode data, PublisherInfo info, String event,
                Map<String, String> tags) {
            this(channel, offset, data, info, event, tags, null, null, null);
        }

        public static PublicationPush of(Publication p) {
            return new PublicationPush(p.channel(), p.offset(), p.data(), p.info(), p.event(), p.tags());
        }

        /** The publication with other data and the delta and conflation fields (null: absent). */
        public static PublicationPush of(Publication p, JsonNode data, Boolean delta, Long base, Integer skipped) {
            return new PublicationPush(p.channel(), p.offset(), data, p.info(), p.event(), p.tags(), delta, base,
                    skipped);
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
