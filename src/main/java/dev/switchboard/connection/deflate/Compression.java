package dev.switchboard.connection.deflate;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.switchboard.SwitchboardConfig;
import dev.switchboard.model.Encoding;
import io.micrometer.core.instrument.FunctionCounter;
import io.netty.channel.ChannelPipeline;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * The node's permessage-deflate: its settings, the per-event-loop compressor and decompressor every compressed
 * connection shares, and the deflated encodings of channel events. Nothing here belongs to one connection.
 */
@Singleton
public class Compression {

    /** The Quarkus switch that makes Vert.x accept RSV1 and offer Netty's own compressor (which we replace). */
    static final String QUARKUS_SWITCH = "quarkus.websockets-next.server.per-message-compression-supported";

    private final boolean enabled;
    private final int minSize;
    private final int maxMessageSize;
    private final MessageDeflater deflater;
    private final MessageInflater inflater = new MessageInflater();
    /**
     * (plain encoding, its deflated encoding) pairs, looked up by identity on every compressed delivery: a node has
     * two or three plain encodings, so a scan of a copy-on-write array beats a map's hashing.
     */
    private volatile Object[] deflated = new Object[0];
    /** The encoder of connections whose client left the server's window alone (nearly all): shared. */
    private final DeflateEncoder defaultEncoder;

    public Compression(CompressionConfig config, SwitchboardConfig node, MeterRegistry registry) {
        if (config.level() < 1 || config.level() > 9) {
            throw new IllegalArgumentException("switchboard.compression.level must be 1 to 9, not " + config.level());
        }
        this.enabled = config.enabled();
        this.minSize = Math.max(1, config.minSize());
        this.maxMessageSize = node.limits().maxMessageSize();
        this.deflater = new MessageDeflater(config.level());
        this.defaultEncoder = new DeflateEncoder(this, DeflateAgreement.DEFAULT);
        FunctionCounter.builder("switchboard.compression.deflate.runs", deflater, MessageDeflater::deflations)
                .description("messages run through deflate (a publication once for all its compressed subscribers)")
                .register(registry);
        FunctionCounter.builder("switchboard.compression.deflated.bytes", deflater, MessageDeflater::bytesIn)
                .description("bytes of the messages that went out compressed, before compression").register(registry);
        FunctionCounter.builder("switchboard.compression.compressed.bytes", deflater, MessageDeflater::bytesOut)
                .description("what those messages became (one copy per message, however many receive it)")
                .register(registry);
        FunctionCounter.builder("switchboard.compression.inflated.bytes", inflater, MessageInflater::inflatedBytes)
                .description("bytes inflated from compressed client messages").register(registry);
    }

    /**
     * One switch: application.properties derives the Quarkus property from switchboard.compression.enabled; a
     * deployment that sets the Quarkus property apart would get RSV1 frames it cannot read, or none at all.
     */
    void checkOneSwitch(@Observes StartupEvent started) {
        boolean quarkus = ConfigProvider.getConfig().getOptionalValue(QUARKUS_SWITCH, Boolean.class).orElse(false);
        if (quarkus != enabled) {
            throw new IllegalStateException(QUARKUS_SWITCH + "=" + quarkus + " disagrees with switchboard.compression"
                    + ".enabled=" + enabled + ": set only switchboard.compression.enabled");
        }
    }

    /**
     * Whether this channel negotiated permessage-deflate (its inflater is in the pipeline): for handlers that check
     * RSV bits against what was negotiated (RFC 6455 5.2), which cannot look for Netty's decoder any more.
     */
    public static boolean negotiatedOn(ChannelPipeline pipeline) {
        return pipeline.get(InflateDecoder.NAME) != null;
    }

    public boolean enabled() {
        return enabled;
    }

    public int minSize() {
        return minSize;
    }

    int maxMessageSize() {
        return maxMessageSize;
    }

    public MessageDeflater deflater() {
        return deflater;
    }

    public MessageInflater inflater() {
        return inflater;
    }

    DeflateEncoder encoderFor(DeflateAgreement agreement) {
        return agreement.equals(DeflateAgreement.DEFAULT) ? defaultEncoder : new DeflateEncoder(this, agreement);
    }

    /** The deflated form of {@code plain}: one instance per plain encoding, so events cache it like any other. */
    @SuppressWarnings("unchecked")
    public Encoding<byte[]> deflated(Encoding<byte[]> plain) {
        Object[] known = deflated;
        for (int i = 0; i < known.length; i += 2) {
            if (known[i] == plain) {
                return (Encoding<byte[]>) known[i + 1];
            }
        }
        return addDeflated(plain);
    }

    @SuppressWarnings("unchecked")
    private synchronized Encoding<byte[]> addDeflated(Encoding<byte[]> plain) {
        Object[] known = deflated;
        for (int i = 0; i < known.length; i += 2) {
            if (known[i] == plain) {
                return (Encoding<byte[]>) known[i + 1];
            }
        }
        Object[] grown = java.util.Arrays.copyOf(known, known.length + 2);
        grown[known.length] = plain;
        grown[known.length + 1] = new DeflatedEncoding(plain, deflater, minSize);
        deflated = grown;
        return (Encoding<byte[]>) grown[known.length + 1];
    }
}
