package dev.switchboard.node;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code switchboard.cluster.*}: how the nodes of one deployment answer cluster-wide requests ({@link ClusterControl}). */
@ConfigMapping(prefix = "switchboard.cluster")
public interface ClusterConfig {

    /** A node that has not answered a cluster-wide request after this long is reported as not answering. */
    @WithDefault("2s")
    Duration answerTimeout();

    /** How often each node tells the others it is alive. */
    @WithDefault("2s")
    Duration heartbeat();

    /** A node not heard from for this long is no longer expected to answer (it stopped or died). */
    @WithDefault("10s")
    Duration nodeTtl();
}
