package dev.switchboard.bench;

import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;

/** A ws:// or http:// URL split into the pieces Vert.x clients want. */
record Endpoint(String host, int port, String pathAndQuery) {

    static Endpoint parse(String url) {
        URI u = URI.create(url);
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        if (u.getRawQuery() != null) {
            path = path + "?" + u.getRawQuery();
        }
        int port = u.getPort() > 0 ? u.getPort() : 80;
        return new Endpoint(u.getHost(), port, path);
    }

    WebSocketConnectOptions webSocket() {
        return new WebSocketConnectOptions().setHost(host).setPort(port).setURI(pathAndQuery);
    }

    /** The same host and port with another path, e.g. the HTTP API next to the /ws endpoint. */
    Endpoint withPath(String otherPathAndQuery) {
        return new Endpoint(host, port, otherPathAndQuery);
    }
}
