package dev.switchboard.ops;

import jakarta.inject.Singleton;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;

/**
 * Refuses WebSocket upgrades with 503 while the node drains: a client that reaches a draining node (its load
 * balancer has not yet seen readiness DOWN) fails fast and retries, landing on another node.
 */
@Singleton
public class DrainUpgradeCheck implements HttpUpgradeCheck {

    private static final Uni<CheckResult> PERMIT = CheckResult.permitUpgrade();
    private static final Uni<CheckResult> REFUSE = CheckResult.rejectUpgrade(503);

    private final DrainState drain;

    public DrainUpgradeCheck(DrainState drain) {
        this.drain = drain;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return drain.isDraining() ? REFUSE : PERMIT;
    }
}
