package dev.switchboard.channel;

import java.util.List;

import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Publication;

/**
 * A hub subscriber that keeps the exactly-once rule of PROTOCOL.md ({@link CatchUpBuffer}), for every face: the
 * native WebSocket session, the SSE and long-poll fallbacks, any other protocol. It joins the hub before the
 * history is read, buffers what the hub delivers until {@link #activate} hands over the catch-up, and then passes
 * on only publications newer than that read. Subclasses say where events go ({@link #push}); they are called
 * under this subscriber's lock, in offset order, never after {@link #cancel}.
 */
public abstract class CatchUpSubscriber implements Subscriber {

    private final String channel;
    private final CatchUpBuffer buffer = new CatchUpBuffer();
    private boolean cancelled;

    protected CatchUpSubscriber(String channel) {
        this.channel = channel;
    }

    @Override
    public final String channel() {
        return channel;
    }

    @Override
    public final void deliver(ChannelEvent event) {
        synchronized (this) {
            if (!cancelled && buffer.admit(event)) {
                push(event);
            }
        }
    }

    /**
     * Goes live: runs {@code first} (a face's subscribe reply, or nothing), pushes {@code catchUp} (publications
     * read from history after joining the hub, for faces that send them as events), then the buffered
     * publications after {@code readTop} (the stream's top at that read).
     */
    public final void activate(Runnable first, List<Publication> catchUp, long readTop) {
        synchronized (this) {
            if (cancelled) {
                return;
            }
            if (first != null) {
                first.run();
            }
            for (Publication p : catchUp) {
                push(ChannelEvent.publication(p));
            }
            for (ChannelEvent buffered : buffer.activate(readTop)) {
                push(buffered);
            }
        }
    }

    /** No more events: the client unsubscribed or went away. */
    public final synchronized void cancel() {
        cancelled = true;
    }

    /** Sends one event on to the client. Called under this subscriber's lock. */
    protected abstract void push(ChannelEvent event);
}
