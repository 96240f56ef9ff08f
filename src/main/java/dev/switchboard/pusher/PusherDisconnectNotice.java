package dev.switchboard.pusher;

import dev.switchboard.connection.DisconnectNotice;
import dev.switchboard.connection.OutboundFrame;

/**
 * How a Pusher client learns why it is closed: {@code pusher:error} with the Pusher code, then the close frame
 * with that same code, so pusher-js picks the right reaction (reconnect at once, back off, or give up).
 */
final class PusherDisconnectNotice implements DisconnectNotice {

    private final PusherFrameMetrics metrics;

    PusherDisconnectNotice(PusherFrameMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public OutboundFrame notice(int code, String reason) {
        return new OutboundFrame(PusherFrames.error(closeCode(code), reason), false, metrics.error());
    }

    @Override
    public int closeCode(int code) {
        return PusherCodes.forCoreClose(code);
    }
}
