package dev.switchboard.pusher;

import jakarta.inject.Singleton;

import dev.switchboard.metrics.ConnectionMetrics;
import dev.switchboard.metrics.FrameCounter;

/** The Pusher face's meters: the shared connection meters under {@code protocol="pusher"}, and its frame types. */
@Singleton
public class PusherFrameMetrics {

    private final ConnectionMetrics.Meters connections;
    private final FrameCounter event;
    private final FrameCounter member;
    private final FrameCounter control;
    private final FrameCounter error;
    private final FrameCounter inbound;
    private final FrameCounter invalidInbound;

    public PusherFrameMetrics(ConnectionMetrics metrics) {
        this.connections = metrics.of("pusher");
        this.event = connections.frames(false, "event");
        this.member = connections.frames(false, "member");
        this.control = connections.frames(false, "control");
        this.error = connections.frames(false, "error");
        this.inbound = connections.frames(true, "message");
        this.invalidInbound = connections.frames(true, "invalid");
    }

    ConnectionMetrics.Meters connections() {
        return connections;
    }

    FrameCounter event() {
        return event;
    }

    FrameCounter member() {
        return member;
    }

    /** connection_established, pong, subscription replies. */
    FrameCounter control() {
        return control;
    }

    FrameCounter error() {
        return error;
    }

    FrameCounter inbound() {
        return inbound;
    }

    FrameCounter invalidInbound() {
        return invalidInbound;
    }
}
