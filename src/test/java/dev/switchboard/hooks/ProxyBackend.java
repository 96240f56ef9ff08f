package dev.switchboard.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.hooks.HookBackend.Reply;
import dev.switchboard.hooks.HookBackend.Request;

/**
 * The test back end's answers to the four proxies, chosen by what the request carries (a cookie, a channel name, a
 * publication's data, an rpc method) so each test drives the outcome it checks.
 */
final class ProxyBackend {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longer than every proxy timeout of {@link HookTestProfile}. */
    static final long TOO_SLOW_MILLIS = 2000;

    private ProxyBackend() {
    }

    static HookBackend start() {
        return new HookBackend(HookBackend.port("proxy"), ProxyBackend::answer).start();
    }

    static Reply answer(Request request) {
        return switch (request.path()) {
            case "/connect" -> connect(request);
            case "/subscribe" -> subscribe(request.body());
            case "/publish" -> publish(request.body());
            case "/rpc" -> rpc(request.body());
            default -> new Reply(404, "{}", 0);
        };
    }

    /** The user is the session cookie's value; some values stand for the back end's other answers. */
    private static Reply connect(Request request) {
        String cookie = request.header("Cookie");
        String session = cookie == null ? null : cookie.replaceFirst(".*session=([^;]*).*", "$1");
        if (session == null) {
            return Reply.json("{\"result\":{}}");
        }
        return switch (session) {
            case "banned" -> Reply.json("{\"error\":{\"status\":403,\"message\":\"banned\"}}");
            case "stranger" -> Reply.json("{\"error\":{\"status\":401}}");
            case "slow" -> new Reply(200, "{\"result\":{}}", TOO_SLOW_MILLIS);
            case "broken" -> new Reply(500, "oops", 0);
            case "garbled" -> new Reply(200, "{\"result\": [1, 2", 0);
            case "numbered" -> Reply.json("{\"result\":{\"user\":42}}");
            case "brief" -> Reply.json("{\"result\":{\"user\":\"brief\",\"expireAt\":"
                    + (System.currentTimeMillis() / 1000 + 2) + "}}");
            default -> Reply.json("{\"result\":{\"user\":\"" + session + "\",\"info\":{\"name\":\"" + session
                    + " from the back end\"},\"channels\":[\"vip:lounge\"]}}");
        };
    }

    private static Reply subscribe(JsonNode body) {
        String channel = body.path("channel").asText();
        if (channel.endsWith("-closed")) {
            return Reply.json("{\"error\":{\"message\":\"members only\"}}");
        }
        if (channel.endsWith("-slow")) {
            return new Reply(200, "{\"result\":{}}", TOO_SLOW_MILLIS);
        }
        return Reply.json("{\"result\":{}}");
    }

    private static Reply publish(JsonNode body) {
        return switch (body.path("data").path("action").asText()) {
            case "refuse" -> Reply.json("{\"error\":{\"message\":\"not in this channel\"}}");
            case "rewrite" -> {
                ObjectNode data = JSON.createObjectNode().put("text", "rewritten by the back end")
                        .put("by", body.path("user").asText(null));
                yield Reply.json("{\"result\":{\"data\":" + data + "}}");
            }
            case "fail" -> new Reply(503, "{}", 0);
            default -> Reply.json("{\"result\":{}}");
        };
    }

    private static Reply rpc(JsonNode body) {
        return switch (body.path("method").asText()) {
            case "echo" -> {
                ObjectNode data = JSON.createObjectNode();
                data.set("echo", body.path("data"));
                data.put("client", body.path("client").asText());
                yield Reply.json("{\"result\":{\"data\":" + data + "}}");
            }
            case "slow" -> new Reply(200, "{\"result\":{}}", TOO_SLOW_MILLIS);
            case "fail" -> new Reply(500, "{\"error\":\"boom\"}", 0);
            case "garbage" -> new Reply(200, "this is not json", 0);
            case "refuse" -> Reply.json("{\"error\":{\"message\":\"unknown method\"}}");
            default -> Reply.json("{\"result\":{}}");
        };
    }
}
