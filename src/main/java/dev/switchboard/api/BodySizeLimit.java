package dev.switchboard.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses API bodies over {@code switchboard.api.max-body-size} with a 413 problem: at once when
 * {@code Content-Length} says so, and while reading for chunked bodies that carry no length.
 */
@Provider
public class BodySizeLimit implements ReaderInterceptor {

    private final Instance<ApiConfig> config;
    private volatile int maxBytes = -1;

    public BodySizeLimit(Instance<ApiConfig> config) {
        // Interceptors are built before runtime configuration exists; the limit is read on first use.
        this.config = config;
    }

    private int maxBytes() {
        int max = maxBytes;
        if (max < 0) {
            max = config.get().maxBodySize();
            maxBytes = max;
        }
        return max;
    }

    @ServerRequestFilter(preMatching = true, priority = 1100)
    public Response checkDeclaredLength(ContainerRequestContext request) {
        if (!ApiPaths.isApi(request.getUriInfo().getPath())) {
            return null;
        }
        String length = request.getHeaderString("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBytes()) {
                    return ProblemMappers.response(tooLarge().problem());
                }
            } catch (NumberFormatException e) {
                return ProblemMappers.response(BadRequest.BAD_REQUEST.problem(
                        "Content-Length must be a number"));
            }
        }
        return null;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        context.setInputStream(new LimitedStream(context.getInputStream(), maxBytes()));
        return context.proceed();
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(Problem.of(413, "body-too-large", "Request body too large",
                "The body is larger than " + maxBytes() + " bytes (switchboard.api.max-body-size). "
                        + "Send a smaller payload, or raise the limit."));
    }

    /** Counts bytes as they are read and fails once the limit is passed. */
    private final class LimitedStream extends FilterInputStream {
        private long remaining;

        LimitedStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            remaining -= n;
            if (remaining < 0) {
                throw tooLarge();
            }
        }
    }
}
