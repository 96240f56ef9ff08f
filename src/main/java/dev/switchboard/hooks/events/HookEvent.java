package dev.switchboard.hooks.events;

/**
 * One fact the back end is told about, protocol-neutral: its unique {@code id} (the same on every retry, so the
 * back end can drop duplicates), its kind, when it happened (Unix milliseconds), the connection it is about
 * (client id, user or null, protocol), and per kind: the channel, the close code and reason (disconnected), the
 * event name and its data as text (client_event). Fields that do not apply are null.
 */
public record HookEvent(String id, EventKind kind, long time, String client, String user, String protocol,
        String channel, Integer code, String reason, String event, String data) {
}
