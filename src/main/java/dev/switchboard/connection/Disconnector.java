package dev.switchboard.connection;

import java.util.List;

import jakarta.inject.Singleton;

/**
 * Disconnects a user's connections or one connection of this node on a back end's request: each connection gets
 * its protocol's disconnect notice and close code for {@code code}. This node's connections only: faces call
 * {@code node.ClusterControl} (the native {@code /api/v1/disconnect}, Pusher's {@code terminate_connections}),
 * which asks every node to run this on its own connections.
 */
@Singleton
public class Disconnector {

    private final ConnectionRegistry connections;

    public Disconnector(ConnectionRegistry connections) {
        this.connections = connections;
    }

    /** Disconnects every connection of {@code user} on this node; answers how many. */
    public int user(String user, int code, String reason) {
        return disconnect(connections.byUser(user), code, reason);
    }

    /** Disconnects the connection {@code client}, if it is on this node; answers 1 or 0. */
    public int client(String client, int code, String reason) {
        return disconnect(connections.byClient(client).stream().toList(), code, reason);
    }

    private static int disconnect(List<Connection> targets, int code, String reason) {
        targets.forEach(connection -> connection.disconnect(code, reason));
        return targets.size();
    }
}
