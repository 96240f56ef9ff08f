package dev.switchboard.bench;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fan-out ceiling of the stack: just enough of the /ws protocol (welcome, subscribe, publish without id) on
 * plain Vert.x to run the fan-out scenario, with no history, no limits, no checks. A publication is encoded once;
 * each subscriber's write is handed to that subscriber's own event loop by Vert.x. Switchboard does strictly more
 * work per delivery, so this bounds what it can reach on the same box with the same generator.
 */
final class BareVertxFanoutServer {
    private final Map<String, List<ServerWebSocket>> channels = new ConcurrentHashMap<>();
    private final AtomicLong clients = new AtomicLong();
    private final AtomicLong offsets = new AtomicLong();

    void accept(ServerWebSocket ws) {
        ws.writeTextMessage("{\"type\":\"welcome\",\"client\":\"" + clients.incrementAndGet()
                + "\",\"user\":null,\"node\":\"bare\",\"version\":\"0\",\"pingInterval\":25}");
        ws.textMessageHandler(text -> {
            JsonObject cmd = new JsonObject(text);
            String channel = cmd.getString("channel");
            switch (cmd.getString("type", "")) {
                case "subscribe" -> {
                    channels.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(ws);
                    ws.closeHandler(v -> channels.get(channel).remove(ws));
                    ws.writeTextMessage("{\"type\":\"subscribed\",\"id\":" + cmd.getValue("id") + ",\"channel\":\""
                            + channel + "\",\"epoch\":\"bare\",\"offset\":0,\"recovered\":false,\"publications\":[]}");
                }
                case "publish" -> {
                    String frame = "{\"type\":\"publication\",\"channel\":\"" + channel + "\",\"offset\":"
                            + offsets.incrementAndGet() + ",\"data\":" + cmd.getValue("data") + "}";
                    for (ServerWebSocket s : channels.getOrDefault(channel, List.of())) {
                        s.writeTextMessage(frame);
                    }
                }
                default -> ws.writeTextMessage("{\"type\":\"error\",\"code\":\"unknown_type\",\"message\":\"\"}");
            }
        });
    }
}
