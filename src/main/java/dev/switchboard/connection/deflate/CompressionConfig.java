package dev.switchboard.connection.deflate;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code switchboard.compression.*}: permessage-deflate (RFC 7692) for every WebSocket endpoint. The one switch:
 * {@code quarkus.websockets-next.server.per-message-compression-supported} follows {@link #enabled()}
 * (application.properties), and {@link Compression} refuses to start when the two are set apart.
 */
@ConfigMapping(prefix = "switchboard.compression")
public interface CompressionConfig {

    /** Negotiate permessage-deflate with clients that offer it (browsers, Python websockets and Node ws do). */
    @WithDefault("true")
    boolean enabled();

    /** Deflate level, 1 (fastest) to 9 (smallest); a publication is deflated once, whatever its audience. */
    @WithDefault("6")
    int level();

    /** Messages shorter than this (bytes before compression) go out uncompressed; deflate does not pay below. */
    @WithDefault("256")
    int minSize();
}
