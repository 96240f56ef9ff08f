package dev.switchboard.broker.redis;

import java.time.Duration;

import dev.switchboard.broker.BrokerUnavailableException;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.impl.types.ErrorType;

/** How every Redis call of the broker and the presence store is made. */
final class RedisCalls {

    private RedisCalls() {
    }

    /**
     * Bounds a Redis call by the command timeout and turns "cannot reach Redis" into
     * {@link BrokerUnavailableException}. Errors Redis itself answered (a script error) stay what they are.
     */
    static <T> Uni<T> bounded(Uni<T> request, Duration timeout) {
        return request
                .ifNoItem().after(timeout).failWith(() -> new BrokerUnavailableException(
                        "broker unavailable: Redis did not answer within " + timeout.toMillis() + " ms"))
                .onFailure(f -> !(f instanceof ErrorType) && !(f instanceof BrokerUnavailableException))
                .transform(f -> new BrokerUnavailableException("broker unavailable: "
                        + FanOutConnection.describe(f), f));
    }
}
