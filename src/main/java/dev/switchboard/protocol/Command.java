package dev.switchboard.protocol;

import dev.switchboard.model.Position;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A client-to-server command (PROTOCOL.md, "Client to server"). {@code id} is optional; when present, the reply
 * carries it. Compact constructors reject missing fields, so a decoded command is always complete.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(Command.Subscribe.class),
        @JsonSubTypes.Type(Command.Unsubscribe.class),
        @JsonSubTypes.Type(Command.Publish.class),
        @JsonSubTypes.Type(Command.Presence.class),
        @JsonSubTypes.Type(Command.History.class),
        @JsonSubTypes.Type(Command.Ping.class),
        @JsonSubTypes.Type(Command.Rpc.class)
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Command {

    Long id();

    /**
     * {@code delta}: null, or {@value #FOSSIL} for Fossil deltas where the namespace allows them; {@code latest}:
     * whether the reply carries the newest publication when there is nothing to recover (null: the namespace's
     * default).
     */
    @JsonTypeName("subscribe")
    record Subscribe(Long id, String channel, Position since, String token, String delta, Boolean latest)
            implements Command {
        public static final String FOSSIL = "fossil";

        public Subscribe {
            RequiredField.check(channel, "channel");
            if (delta != null && !FOSSIL.equals(delta)) {
                throw new IllegalArgumentException("'delta' must be \"fossil\" (the only delta format)");
            }
        }

        public Subscribe(Long id, String channel, Position since, String token) {
            this(id, channel, since, token, null, null);
        }
    }

    @JsonTypeName("unsubscribe")
    record Unsubscribe(Long id, String channel) implements Command {
        public Unsubscribe {
            RequiredField.check(channel, "channel");
        }
    }

    @JsonTypeName("publish")
    record Publish(Long id, String channel, JsonNode data) implements Command {
        public Publish {
            RequiredField.check(channel, "channel");
            RequiredField.check(data, "data");
        }
    }

    @JsonTypeName("presence")
    /** {@code unique: "user"} asks for one entry per user instead of one per connection. */
    record Presence(Long id, String channel, String unique) implements Command {
        public static final String UNIQUE_USER = "user";

        public Presence {
            RequiredField.check(channel, "channel");
            if (unique != null && !UNIQUE_USER.equals(unique)) {
                throw new IllegalArgumentException("'unique' must be \"user\" when given");
            }
        }

        public boolean uniquePerUser() {
            return UNIQUE_USER.equals(unique);
        }
    }

    @JsonTypeName("history")
    record History(Long id, String channel, Position since, Integer limit) implements Command {
        public static final int DEFAULT_LIMIT = 100;
        public static final int MAX_LIMIT = 1000;

        public History {
            RequiredField.check(channel, "channel");
            if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
                throw new IllegalArgumentException("'limit' must be between 1 and " + MAX_LIMIT);
            }
        }

        public int effectiveLimit() {
            return limit == null ? DEFAULT_LIMIT : limit;
        }
    }

    @JsonTypeName("ping")
    record Ping(Long id) implements Command {
    }

    /** A call the back end answers ({@code switchboard.hooks.rpc}); {@code data} is optional. */
    @JsonTypeName("rpc")
    record Rpc(Long id, String method, JsonNode data) implements Command {
        public Rpc {
            RequiredField.check(method, "method");
        }
    }
}
