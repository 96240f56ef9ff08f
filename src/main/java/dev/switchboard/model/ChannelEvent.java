package dev.switchboard.model;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import dev.switchboard.model.delta.DeltaBase;

/**
 * Something that happened in a channel and goes to all its subscribers: a publication, or a client joining or
 * leaving. Protocol-neutral: each subscriber asks for its own wire form with {@link #encoded}, and every form is
 * made once per event and then shared (encode once, send many, for every protocol at once).
 */
public final class ChannelEvent {

    public enum Kind { PUBLICATION, JOIN, LEAVE }

    private static final Object[] NONE = new Object[0];
    private static final AtomicReferenceFieldUpdater<ChannelEvent, Object[]> ENCODINGS =
            AtomicReferenceFieldUpdater.newUpdater(ChannelEvent.class, Object[].class, "encodings");

    private final Kind kind;
    private final String channel;
    private final Publication publication; // PUBLICATION only
    private final ClientInfo client; // JOIN and LEAVE only
    private final String exceptClient; // PUBLICATION only; may be null
    /**
     * Encodings made so far, as (encoding, value) pairs; replaced (compare-and-set), never changed, so readers
     * need no lock and no entry is lost to a concurrent one.
     */
    private volatile Object[] encodings = NONE;
    /**
     * The previous publication of the channel, for delta subscribers; set by the hub before it hands the event to
     * any subscriber (the hand-over to the subscribers' executors publishes it), null in namespaces without deltas.
     */
    private DeltaBase deltaBase;

    private ChannelEvent(Kind kind, String channel, Publication publication, ClientInfo client, String exceptClient) {
        this.kind = kind;
        this.channel = channel;
        this.publication = publication;
        this.client = client;
        this.exceptClient = exceptClient;
    }

    /** A publication for every subscriber but the connection {@code exceptClient} (null: for every one). */
    public static ChannelEvent publication(Publication publication, String exceptClient) {
        return new ChannelEvent(Kind.PUBLICATION, publication.channel(), publication, null, exceptClient);
    }

    public static ChannelEvent publication(Publication publication) {
        return publication(publication, null);
    }

    public static ChannelEvent join(String channel, ClientInfo client) {
        return new ChannelEvent(Kind.JOIN, channel, null, Objects.requireNonNull(client), null);
    }

    public static ChannelEvent leave(String channel, ClientInfo client) {
        return new ChannelEvent(Kind.LEAVE, channel, null, Objects.requireNonNull(client), null);
    }

    public Kind kind() {
        return kind;
    }

    public String channel() {
        return channel;
    }

    /** The publication; null for joins and leaves. */
    public Publication publication() {
        return publication;
    }

    /** The offset of the publication in its stream; 0 for events outside the stream (join, leave). */
    public long offset() {
        return publication == null ? 0 : publication.offset();
    }

    /** The publication this one may be sent as a delta of, or null (no deltas here, or no previous publication). */
    public DeltaBase deltaBase() {
        return deltaBase;
    }

    /** Called by the hub only, once, before the event is handed out. */
    public void deltaBase(DeltaBase base) {
        this.deltaBase = base;
    }

    /** Who joined or left; null for publications. */
    public ClientInfo client() {
        return client;
    }

    /** Whether the connection with this id is the one this publication must not be sent to. */
    public boolean excludes(String connectionId) {
        return exceptClient != null && exceptClient.equals(connectionId);
    }

    /**
     * This event in the given wire form, encoded on first use and shared afterwards. Two threads asking at once
     * may both encode (the results are equal, one is kept); no lock is taken on the fan-out path.
     */
    public <T> T encoded(Encoding<T> encoding) {
        Object[] known = encodings;
        int at = indexOf(known, encoding);
        if (at >= 0) {
            return value(known, at);
        }
        return store(encoding, encoding.encode(this));
    }

    /**
     * Like {@link #encoded}, but encoded by one thread only, however many ask at once (the others wait for its
     * result): for forms that cost more than a lock, such as a deflated frame, which every event loop of a fan-out
     * asks for at about the same moment.
     */
    public <T> T encodedOnce(Encoding<T> encoding) {
        Object[] known = encodings;
        int at = indexOf(known, encoding);
        if (at >= 0) {
            return value(known, at);
        }
        synchronized (this) {
            known = encodings;
            at = indexOf(known, encoding);
            return at >= 0 ? value(known, at) : store(encoding, encoding.encode(this));
        }
    }

    private static int indexOf(Object[] known, Encoding<?> encoding) {
        for (int i = 0; i < known.length; i += 2) {
            if (known[i] == encoding) {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    private static <T> T value(Object[] known, int at) {
        return (T) known[at + 1];
    }

    /** Adds a value unless another thread stored one first (then that one is kept); never loses an entry. */
    private <T> T store(Encoding<T> encoding, T value) {
        while (true) {
            Object[] known = encodings;
            int at = indexOf(known, encoding);
            if (at >= 0) {
                return value(known, at);
            }
            Object[] grown = new Object[known.length + 2];
            System.arraycopy(known, 0, grown, 0, known.length);
            grown[known.length] = encoding;
            grown[known.length + 1] = value;
            if (ENCODINGS.compareAndSet(this, known, grown)) {
                return value;
            }
        }
    }

    @Override
    public String toString() {
        return kind + " " + channel + (publication != null ? "@" + publication.offset() : " " + client.client());
    }
}
