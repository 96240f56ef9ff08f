package dev.switchboard.presence;

import java.util.List;

/** Writes each occupancy fact as one line ("occupied room:a", "joined room:a ada", "lost c1 ada native"...). */
public record OccupancyRecorder(List<String> facts) implements OccupancyListener {

    @Override
    public void occupied(String channel) {
        facts.add("occupied " + channel);
    }

    @Override
    public void vacated(String channel) {
        facts.add("vacated " + channel);
    }

    @Override
    public void joined(String channel, String user) {
        facts.add("joined " + channel + " " + user);
    }

    @Override
    public void left(String channel, String user) {
        facts.add("left " + channel + " " + user);
    }

    @Override
    public void online(String user) {
        facts.add("online " + user);
    }

    @Override
    public void offline(String user) {
        facts.add("offline " + user);
    }

    @Override
    public void connectionLost(String client, String user, String protocol) {
        facts.add("lost " + client + " " + user + " " + protocol);
    }
}
