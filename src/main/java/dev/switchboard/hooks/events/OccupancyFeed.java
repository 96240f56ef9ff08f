package dev.switchboard.hooks.events;

import jakarta.inject.Singleton;

import dev.switchboard.channel.ChannelActivity;
import dev.switchboard.presence.Occupancy;

/**
 * Tells the cluster-wide {@link Occupancy} this node's subscriber count of each channel, as the hub changes it
 * (every face's subscribers, {@code /sse} and {@code /poll} readers included). Always on: the Pusher HTTP API's
 * channel queries read the counts even when no event is sent.
 */
@Singleton
public class OccupancyFeed implements ChannelActivity {

    private final Occupancy occupancy;

    public OccupancyFeed(Occupancy occupancy) {
        this.occupancy = occupancy;
    }

    @Override
    public void subscribers(String channel, int count) {
        occupancy.subscribers(channel, count);
    }

    @Override
    public void occupied(String channel) {
        // the count above carries it
    }

    @Override
    public void vacated(String channel) {
        // the count above carries it
    }
}
