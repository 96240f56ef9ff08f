package dev.switchboard.gateway;

import java.io.IOException;

import io.vertx.core.http.HttpClosedException;

/**
 * Recognises failures that only say the peer went away (broken pipe, reset, or Vert.x's report that frames
 * were still being written when the connection closed): the close follows, and none of them is a fault of the
 * server, so they are neither answered nor logged above debug.
 */
final class TransportFailure {
    private TransportFailure() {
    }

    static boolean is(Throwable failure) {
        return failure instanceof IOException || failure instanceof HttpClosedException;
    }
}
