package dev.switchboard.api;

import dev.switchboard.model.Refusal;
import io.vertx.core.http.HttpServerResponse;

/** Writes a {@link Problem} as the answer of a plain Vert.x route (/sse, /poll). */
final class HttpProblems {
    private HttpProblems() {
    }

    static void send(HttpServerResponse response, Problem problem) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(problem.status())
                .putHeader("content-type", Problem.MEDIA_TYPE)
                .putHeader("cache-control", "no-store")
                .end(problem.toJson());
    }

    static void send(HttpServerResponse response, Throwable failure) {
        send(response, problemOf(failure));
    }

    static Problem problemOf(Throwable failure) {
        if (failure instanceof ApiProblem p) {
            return p.problem();
        }
        if (failure instanceof Refusal r) { // the core's no on the way in (a subscribe hook)
            return ProblemMappers.problemOf(r);
        }
        // A server fault (bad input is an ApiProblem): counted, and logged once a minute per cause.
        io.quarkus.arc.Arc.container().instance(dev.switchboard.metrics.ServerFaults.class).get()
                .record("http fallback", failure);
        return Problem.of(500, "internal", "Internal server error",
                "The server failed to handle this request; it has been logged. Retry later.");
    }
}
