package dev.switchboard.hooks;

import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The proxies' real back end ({@link ProxyBackend}) for one test class: started before its tests, stopped after,
 * on the ports {@link HookTestProfile} points the hooks at. Register it with {@code @RegisterExtension}.
 */
final class ProxyBackendExtension implements BeforeAllCallback, AfterAllCallback {

    private HookBackend backend;

    @Override
    public void beforeAll(ExtensionContext context) {
        backend = ProxyBackend.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (backend != null) {
            backend.close();
        }
    }

    /** What the back end was asked on this path, in arrival order. */
    List<HookBackend.Request> requests(String path) {
        return backend.requests(path);
    }

    /** Everything the back end was asked, in arrival order. */
    List<HookBackend.Request> requests() {
        return backend.requests();
    }
}
