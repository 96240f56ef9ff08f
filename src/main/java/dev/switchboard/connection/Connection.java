package dev.switchboard.connection;

import java.util.Iterator;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import dev.switchboard.connection.deflate.DeflateEncoder;
import dev.switchboard.connection.wire.WebSocketWire;
import dev.switchboard.metrics.ConnectionMetrics;
import dev.switchboard.metrics.FrameCounter;
import dev.switchboard.model.CloseCodes;
import dev.switchboard.model.ClientInfo;
import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Encoding;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * One client connection, whatever protocol it speaks: who it is, its outbound queue ({@link Outbound}) and its
 * bound, its heartbeat clock, and the way it is closed. Each protocol's session sits on top of one and gives it
 * frames already encoded; heartbeat, the node's outbound budget, the drain and the API's disconnect work on
 * connections only. Frames may be sent from any thread; they are written on the connection's event loop in the
 * order they were sent.
 */
public final class Connection {

    private static final Logger LOG = Logger.getLogger(Connection.class);
    /** Kept free under the outbound bound for the disconnect notice and the close frame that follow a cut. */
    private static final int CLOSING_ROOM = 512;
    /** How often a connection holding conflated publications looks whether its socket took some bytes. */
    private static final long CONFLATION_CHECK_MILLIS = 10;
    /** What a connection holds conflated publications for when nobody says (the configuration's default). */
    private static final long DEFAULT_MAX_CONFLATION_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final WebSocketConnection socket;
    private final Outbound outbound;
    private volatile ClientInfo client;
    private final ConnectionMetrics.Meters meters;
    private final long maxOutboundBytes;
    private final DisconnectNotice notice;
    private final long maxConflationNanos;

    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile int disconnectCode;
    private volatile String disconnectReason;
    /** Set on the event loop when the disconnect notice is written: frames sent before it still go out. */
    private boolean noticeWritten; // event loop only
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile long nextPingNanos;
    /** Publications held back by conflation; null while none are (almost always). Event loop only. */
    private Conflation conflation;

    public Connection(WebSocketConnection socket, Outbound outbound, ClientInfo client,
            ConnectionMetrics.Meters meters, long maxOutboundBytes, DisconnectNotice notice) {
        this(socket, outbound, client, meters, maxOutboundBytes, notice, DEFAULT_MAX_CONFLATION_NANOS);
    }

    /**
     * {@code maxConflationNanos}: how long the connection may hold conflated publications without its socket
     * taking any of them before it is cut with 4008 ({@code switchboard.limits.max-conflation-time}).
     */
    public Connection(WebSocketConnection socket, Outbound outbound, ClientInfo client,
            ConnectionMetrics.Meters meters, long maxOutboundBytes, DisconnectNotice notice,
            long maxConflationNanos) {
        this.socket = socket;
        this.outbound = outbound;
        this.client = client;
        this.meters = meters;
        this.maxOutboundBytes = maxOutboundBytes;
        this.notice = notice;
        this.maxConflationNanos = maxConflationNanos;
    }

    /** The connection id (the {@code client} of welcome and presence). */
    public String id() {
        return client.client();
    }

    public ClientInfo client() {
        return client;
    }

    /** The user, or null when anonymous. */
    public String user() {
        return client.user();
    }

    /**
     * Names the user of a connection that opened anonymously and authenticated in its own protocol afterwards
     * (Pusher's {@code pusher:signin}); from then on the user's connections include it (the API's disconnect of
     * a user). False when the connection already has another user: a connection's user never changes.
     */
    public synchronized boolean identify(String user) {
        ClientInfo current = client;
        if (current.user() != null) {
            return current.user().equals(user);
        }
        client = new ClientInfo(current.client(), user, current.info());
        return true;
    }

    public String protocol() {
        return meters.protocol();
    }

    /** The event loop this connection's frames are written on. */
    /** A header of the upgrade request that opened this connection, or null (for hooks that forward headers). */
    public String upgradeHeader(String name) {
        return socket.handshakeRequest().header(name);
    }

    public Executor eventLoop() {
        return outbound.loop();
    }

    // --- heartbeat bookkeeping ---

    /** Anything arrived from the client (a frame or a pong): it is alive. */
    public void markReceived() {
        lastReceivedNanos = System.nanoTime();
    }

    long lastReceivedNanos() {
        return lastReceivedNanos;
    }

    long nextPingNanos() {
        return nextPingNanos;
    }

    public void scheduleNextPing(long atNanos) {
        nextPingNanos = atNanos;
    }

    /** Pings the client; the heartbeat calls it on the connection's own loop, where it writes at once. */
    void ping() {
        if (outbound.runsNow()) {
            pingNow();
        } else {
            outbound.execute(this::pingNow);
        }
    }

    private void pingNow() {
        if (!closing.get()) {
            outbound.writePing();
        }
    }

    // --- outbound ---

    /**
     * Sends a frame; from any thread. {@code payload} may be shared with other connections (a fan-out) and is
     * never modified; {@code counter} records the frame once it is written.
     */
    public void send(byte[] payload, boolean binary, FrameCounter counter) {
        if (outbound.runsNow()) {
            writeNow(payload, binary, counter);
        } else {
            outbound.execute(() -> writeNow(payload, binary, counter));
        }
    }

    /**
     * Sends a channel event in the given encoding; from any thread. On a connection that negotiated
     * permessage-deflate it goes compressed when it is long enough, with the deflated bytes the event caches for
     * every compressed subscriber (made once per event); otherwise the plain frame every other subscriber gets.
     * Either way the whole frame, header included, is made once per event and shared ({@link WireFrame}).
     * {@code counter} records the frame's bytes before compression, as for every other frame.
     */
    public void sendEvent(ChannelEvent event, Encoding<byte[]> encoding, boolean binary, FrameCounter counter) {
        int plainLength = event.encoded(encoding).length;
        WireFrame frame = sharedFrame(event, encoding, binary, plainLength);
        // The hub delivers on this connection's own loop: then the frame is written at once, with no task.
        if (outbound.runsNow()) {
            writeEventNow(frame, plainLength, counter);
        } else {
            outbound.execute(() -> writeEventNow(frame, plainLength, counter));
        }
    }

    /** The event's whole frame as this connection sends it: deflated when negotiated and worth it, else plain. */
    private WireFrame sharedFrame(ChannelEvent event, Encoding<byte[]> encoding, boolean binary, int plainLength) {
        DeflateEncoder deflate = outbound.deflate();
        Encoding<byte[]> deflated = deflate == null ? null : deflate.sharedDeflated(event, encoding, plainLength);
        return event.encoded(deflated != null ? FramedEncoding.of(deflated, binary, true)
                : FramedEncoding.of(encoding, binary, false));
    }

    private void writeEventNow(WireFrame frame, int plainLength, FrameCounter counter) {
        if (noticeWritten || !withinOutboundBound(frame.payloadLength())) {
            return;
        }
        outbound.writeFrame(frame);
        counter.record(plainLength);
    }

    /**
     * Like {@link #sendEvent}, for a publication of a {@code slow-consumer: conflate} namespace: when the queue is
     * past half its bound (the other half stays free for replies, other channels and the close notice), the
     * publication is held instead of queued, and a newer one of the same channel replaces it; held publications
     * go out, in the order their channels were first held, as the socket takes bytes again, a replacement in the
     * face's {@code whole} form with how many it replaced. A publication of a channel with one held is held too,
     * so a channel's publications stay in offset order. The connection is cut with 4008 only when its socket takes
     * nothing for {@code max-conflation-time}.
     */
    public void sendConflatable(ChannelEvent event, Encoding<byte[]> encoding, boolean binary, FrameCounter counter,
            ConflatedEncoding whole) {
        int plainLength = event.encoded(encoding).length;
        WireFrame frame = sharedFrame(event, encoding, binary, plainLength);
        outbound.execute(() -> {
            if (noticeWritten) {
                return;
            }
            if ((conflation != null && conflation.holds(event.channel()))
                    || !belowConflationMark(frame.payloadLength())) {
                hold(new Conflation.Held(event, frame, plainLength, binary, counter, whole));
                return;
            }
            outbound.writeFrame(frame);
            counter.record(plainLength);
        });
    }

    /** Whether a frame of {@code size} bytes fits under the mark at which conflation starts. Event loop only. */
    private boolean belowConflationMark(int size) {
        long pending = outbound.pendingBytes();
        return pending == 0 || pending + size + Outbound.FRAME_HEADER_BYTES <= (maxOutboundBytes - CLOSING_ROOM) / 2;
    }

    private void hold(Conflation.Held held) {
        if (conflation == null) {
            conflation = new Conflation(System.nanoTime());
            scheduleConflationCheck();
        }
        if (conflation.hold(held)) {
            meters.conflated();
        }
    }

    private void scheduleConflationCheck() {
        outbound.loop().schedule(this::writeHeld, CONFLATION_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * On the event loop, every few milliseconds while publications are held: writes as many as fit under the
     * mark; cuts the connection when none could be written for {@code max-conflation-time}.
     */
    private void writeHeld() {
        Conflation held = conflation;
        if (held == null) {
            return;
        }
        if (noticeWritten || closing.get()) {
            conflation = null;
            return;
        }
        boolean wrote = false;
        for (Iterator<Conflation.Held> it = held.iterator(); it.hasNext();) {
            Conflation.Held next = it.next();
            if (next.skipped == 0) { // the shared frame every other subscriber got
                if (!belowConflationMark(next.frame.payloadLength())) {
                    break;
                }
                outbound.writeFrame(next.frame);
                next.counter.record(next.plainLength);
            } else { // a replacement: this connection's own frame, with how many it replaced
                byte[] bytes = next.replacement();
                if (!belowConflationMark(bytes.length)) {
                    break;
                }
                write(bytes, next.binary);
                next.counter.record(bytes.length);
            }
            it.remove();
            wrote = true;
        }
        long now = System.nanoTime();
        if (held.isEmpty()) {
            conflation = null;
            return;
        }
        if (wrote) {
            held.progressed(now);
        } else if (now - held.lastProgressNanos() > maxConflationNanos) {
            conflation = null;
            meters.slowConsumer();
            disconnect(CloseCodes.SLOW_CONSUMER, "slow consumer: not reading while publications were conflated");
            return;
        }
        scheduleConflationCheck();
    }

    /** Bytes queued for this connection and not yet taken by its socket. */
    public long outboundBytes() {
        return outbound.pendingBytes();
    }

    /**
     * On the event loop: writes the frame unless the disconnect notice is out or the frame would pass the outbound
     * bound. Frames sent before {@link #disconnect} are still written, in order, ahead of the notice.
     */
    private void writeNow(byte[] payload, boolean binary, FrameCounter counter) {
        if (noticeWritten || !withinOutboundBound(payload.length)) {
            return;
        }
        write(payload, binary);
        counter.record(payload.length);
    }

    private void write(byte[] payload, boolean binary) {
        if (binary) {
            outbound.writeBinary(payload);
        } else {
            outbound.writeText(payload);
        }
    }

    /**
     * Whether {@code size} more bytes fit under the connection's outbound bound; if not, the connection is cut
     * with 4008 (a reader that stops reading makes the queue grow). The queue never passes the bound: a frame
     * that would pass it (minus room for the disconnect notice and close frame) is not written. One frame larger
     * than the bound (a long history reply) still goes out when nothing else is waiting: asking for history must
     * not look like a slow reader. Event loop only, so the check and the write that follows cannot interleave
     * with another write.
     */
    private boolean withinOutboundBound(int size) {
        long pending = outbound.pendingBytes();
        if (pending > 0 && pending + size + Outbound.FRAME_HEADER_BYTES > maxOutboundBytes - CLOSING_ROOM) {
            if (!closing.get()) {
                meters.slowConsumer();
            }
            disconnect(CloseCodes.SLOW_CONSUMER, "slow consumer: outbound buffer full");
            return false;
        }
        return true;
    }

    /** Counts this connection as cut off for being slow (by the node's outbound budget). */
    void countSlowConsumer() {
        meters.slowConsumer();
    }

    // --- closing ---

    /**
     * The close code this server chose in {@link #disconnect}, 0 if it did not close the connection. It counts
     * even when the close frame never got through (a slow consumer's socket is full).
     */
    public int disconnectCode() {
        return disconnectCode;
    }

    public boolean isClosing() {
        return closing.get();
    }

    /**
     * Sends the protocol's notice and closes the connection with that code; later calls do nothing. The notice
     * goes out after every frame sent before this call, in the room the outbound bound keeps free for it; the
     * close frame follows through WebSockets Next, which closes the socket itself when the client does not answer.
     */
    public void disconnect(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        disconnectReason = reason;
        disconnectCode = code;
        OutboundFrame frame = notice.notice(code, reason);
        outbound.execute(() -> {
            noticeWritten = true;
            if (!outbound.isOpen() || socket.isClosed()) {
                return; // the client left first: nothing to tell it
            }
            if (frame != null) {
                write(frame.payload(), frame.binary());
                frame.counter().record(frame.payload().length);
            }
            socket.close(new CloseReason(notice.closeCode(code), reason)).subscribe().with(ignored -> {
            }, failure -> LOG.debugf("close of %s failed: %s", id(), failure.getMessage()));
        });
    }

    /**
     * The code the connection ended with, for metrics and logs: the one this server chose, else what the wire saw
     * ({@link WebSocketWire#closeCode}: the client's code, 1005 for a close frame without one, 1006 when no close
     * frame arrived at all, RFC 6455 7.1.5).
     */
    public int closeCode() {
        return disconnectCode != 0 ? disconnectCode : WebSocketWire.closeCode(socket);
    }

    /** The reason that goes with {@link #closeCode()}: this server's, else the client's; "" when none was given. */
    public String closeReason() {
        if (disconnectCode != 0) {
            return disconnectReason;
        }
        CloseReason reason = socket.closeReason();
        return reason == null || reason.getMessage() == null ? "" : reason.getMessage();
    }
}
