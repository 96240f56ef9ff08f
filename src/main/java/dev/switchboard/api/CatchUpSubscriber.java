package dev.switchboard.api;

import java.util.List;

import dev.switchboard.channel.CatchUpBuffer;
import dev.switchboard.channel.Subscriber;
import dev.switchboard.protocol.Publication;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.SharedFrame;

/**
 * A hub subscriber for the HTTP fallbacks, with the exactly-once rule of PROTOCOL.md kept by a
 * {@link CatchUpBuffer}, as the WebSocket gateway's Subscription does: it joins the hub before the history is
 * read, buffers what the hub delivers until {@link #activate} hands over the catch-up read from history, and then
 * passes on only buffered publications newer than that read. Joins and leaves are not relayed: the fallbacks carry publications only.
 */
final class CatchUpSubscriber implements Subscriber {

    /** Where publications go, in offset order; called under this subscriber's lock. */
    interface Sink {
        void publication(long offset, SharedFrame frame);

        /** Publications may have been lost on their way to this node: the client must recover from history. */
        void interrupted();
    }

    private final String channel;
    private final Sink sink;
    private final CatchUpBuffer buffer = new CatchUpBuffer();

    CatchUpSubscriber(String channel, Sink sink) {
        this.channel = channel;
        this.sink = sink;
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public void deliver(long offset, SharedFrame frame) {
        if (offset <= 0) {
            return;
        }
        synchronized (this) {
            if (buffer.admit(offset, frame)) {
                sink.publication(offset, frame);
            }
        }
    }

    @Override
    public void interrupted() {
        sink.interrupted();
    }

    /**
     * Passes on {@code catchUp} (read from history after joining the hub), then the buffered publications after
     * {@code readTop} (the stream's top at that read), then goes live.
     */
    void activate(List<Publication> catchUp, long readTop) {
        synchronized (this) {
            for (Publication p : catchUp) {
                sink.publication(p.offset(), new SharedFrame(ServerFrame.PublicationPush.of(p)));
            }
            for (CatchUpBuffer.Buffered p : buffer.activate(readTop)) {
                sink.publication(p.offset(), p.frame());
            }
        }
    }

    /** The publication a frame delivered by the hub carries. */
    static Publication publicationOf(SharedFrame frame) {
        ServerFrame.PublicationPush push = (ServerFrame.PublicationPush) frame.frame();
        return new Publication(push.channel(), push.offset(), push.data(), push.info());
    }
}
