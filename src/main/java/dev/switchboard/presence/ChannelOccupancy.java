package dev.switchboard.presence;

/** A channel over the cluster: its subscriptions (every face's) and the distinct users present in it. */
public record ChannelOccupancy(int subscriptions, int users) {

    public static final ChannelOccupancy EMPTY = new ChannelOccupancy(0, 0);

    public boolean occupied() {
        return subscriptions > 0;
    }
}
