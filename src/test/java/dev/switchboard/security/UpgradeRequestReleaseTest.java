package dev.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;

import dev.switchboard.testing.GatewayTestProfile;
import dev.switchboard.testing.TestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * An open WebSocket must not keep its HTTP upgrade request alive (about 2 KB per connection): the routing context
 * of the upgrade becomes garbage once the connection is open, while the connection keeps working.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class UpgradeRequestReleaseTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void theUpgradeRequestIsCollectedWhileTheConnectionStaysOpen() throws InterruptedException {
        UpgradeProbe.seen.clear();
        try (TestClient client = TestClient.connect(base)) {
            assertEquals(1, UpgradeProbe.seen.size(), "the probe saw the upgrade request");
            boolean collected = false;
            for (int i = 0; i < 50 && !collected; i++) {
                System.gc();
                collected = UpgradeProbe.seen.get(0).get() == null;
                if (!collected) {
                    Thread.sleep(100);
                }
            }
            assertTrue(collected, "the upgrade's RoutingContext is still reachable from the open connection");
            assertEquals("pong", client.request("ping", null).path("type").asText(), "the connection still works");
        }
    }

    /** Records every WebSocket upgrade's routing context weakly, right after {@link UpgradeRequestRelease}. */
    @Singleton
    static class UpgradeProbe {

        static final List<WeakReference<RoutingContext>> seen = new CopyOnWriteArrayList<>();

        void register(@Observes Router router) {
            router.route("/ws").order(UpgradeRequestRelease.ORDER + 1).handler(context -> {
                if (context.request().headers().contains("Sec-WebSocket-Key")) {
                    seen.add(new WeakReference<>(context));
                }
                context.next();
            });
        }
    }
}
