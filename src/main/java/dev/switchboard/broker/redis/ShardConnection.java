package dev.switchboard.broker.redis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import io.vertx.core.Context;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * One sharded Pub/Sub connection ({@code SSUBSCRIBE}) to one Redis Cluster primary. It only reports; what to
 * subscribe where, and what to do when a subscription is refused or dropped, is {@link ShardedFanOut}'s.
 *
 * <p>Redis answers the commands of one connection in order, one reply per {@code SSUBSCRIBE} or
 * {@code SUNSUBSCRIBE} of one channel: a confirmation, or an error such as {@code MOVED} when the slot is served
 * elsewhere. So the n-th reply belongs to the n-th command sent ({@code sent}); a {@code sunsubscribe} that
 * answers no command of ours is Redis dropping the channel because its slot left this shard.
 *
 * <p>Everything runs on the fan-out's context. Not reconnected on loss: the fan-out opens a new one wherever
 * the cluster then says the slots are.
 */
final class ShardConnection {

    interface Listener {
        void confirmed(ShardConnection shard, String topic, long seq);

        void refused(ShardConnection shard, String topic, long seq, String error);

        void dropped(ShardConnection shard, String topic);

        void message(String topic, String payload);

        void connected(ShardConnection shard);

        void lost(ShardConnection shard, String reason);
    }

    private record Sent(boolean subscribe, String topic, long seq) {
    }

    private final String endpoint;
    private final Redis client;
    private final Context context;
    private final Listener listener;
    private final Queue<Sent> sent = new ArrayDeque<>();
    private final List<Sent> beforeConnected = new ArrayList<>();
    private RedisConnection connection;
    private boolean over;

    ShardConnection(String endpoint, Redis client, Context context, Listener listener) {
        this.endpoint = endpoint;
        this.client = client;
        this.context = context;
        this.listener = listener;
    }

    String endpoint() {
        return endpoint;
    }

    boolean isConnected() {
        return connection != null && !over;
    }

    void open() {
        client.connect().subscribe().with(
                c -> context.runOnContext(v -> connected(c)),
                failure -> context.runOnContext(v -> end(FanOutConnection.describe(failure))));
    }

    void subscribe(String topic, long seq) {
        request(new Sent(true, topic, seq));
    }

    void unsubscribe(String topic) {
        request(new Sent(false, topic, 0));
    }

    void close() {
        over = true;
        if (connection != null) {
            connection.close().subscribe().with(ok -> {
            }, failure -> {
            });
            connection = null;
        }
    }

    private void request(Sent command) {
        if (over) {
            return;
        }
        if (connection == null) {
            beforeConnected.add(command);
        } else {
            send(command);
        }
    }

    private void connected(RedisConnection newConnection) {
        if (over) {
            newConnection.close().subscribe().with(ok -> {
            }, failure -> {
            });
            return;
        }
        connection = newConnection;
        newConnection.handler(message -> context.runOnContext(v -> received(message)));
        newConnection.exceptionHandler(failure -> context.runOnContext(v -> end(FanOutConnection.describe(failure))));
        newConnection.endHandler(() -> context.runOnContext(v -> end("connection to " + endpoint + " closed")));
        beforeConnected.forEach(this::send);
        beforeConnected.clear();
        listener.connected(this);
    }

    private void send(Sent command) {
        sent.add(command);
        Request request = Request.cmd(command.subscribe() ? Command.SSUBSCRIBE : Command.SUNSUBSCRIBE)
                .arg(command.topic());
        connection.send(request).subscribe().with(ok -> {
        }, failure -> context.runOnContext(v -> end(FanOutConnection.describe(failure))));
    }

    private void received(Response message) {
        if (over || message == null) {
            return;
        }
        if (message.type() == ResponseType.ERROR) {
            Sent command = sent.poll();
            if (command != null && command.subscribe()) {
                listener.refused(this, command.topic(), command.seq(), message.toString());
            }
            return;
        }
        if (message.size() < 2) {
            return;
        }
        String kind = message.get(0).toString();
        String topic = message.get(1).toString();
        switch (kind) {
            case "smessage" -> {
                if (message.size() >= 3) {
                    listener.message(topic, message.get(2).toString());
                }
            }
            case "ssubscribe" -> {
                Sent command = sent.peek();
                if (command != null && command.subscribe() && command.topic().equals(topic)) {
                    sent.poll();
                    listener.confirmed(this, topic, command.seq());
                }
            }
            case "sunsubscribe" -> {
                Sent command = sent.peek();
                if (command != null && !command.subscribe() && command.topic().equals(topic)) {
                    sent.poll(); // the answer to our own SUNSUBSCRIBE
                } else {
                    listener.dropped(this, topic);
                }
            }
            default -> {
                // nothing else is sent on this connection
            }
        }
    }

    private void end(String reason) {
        if (over) {
            return;
        }
        over = true;
        if (connection != null) {
            connection.close().subscribe().with(ok -> {
            }, failure -> {
            });
            connection = null;
        }
        listener.lost(this, reason);
    }
}
