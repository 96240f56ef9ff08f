package dev.switchboard.api;

/** Where the HTTP API lives. */
final class ApiPaths {
    static final String ROOT = "/api/v1";

    private ApiPaths() {
    }

    static boolean isApi(String path) {
        return path != null && (path.equals(ROOT) || path.startsWith(ROOT + "/"));
    }
}
