package dev.switchboard.api;

import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.switchboard.broker.BrokerUnavailableException;
import dev.switchboard.metrics.ServerFaults;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import dev.switchboard.model.Refusal;
import dev.switchboard.protocol.InvalidUnicodeException;

/**
 * Turns every failure of an API call into an RFC 9457 problem. Nothing of a stack trace or of the server's
 * internals reaches the client; unexpected failures are logged here and answered with a bare 500.
 */
public class ProblemMappers {

    @jakarta.inject.Inject
    ServerFaults faults;

    static Response response(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem.toJson())
                .build();
    }

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem e) {
        return response(e.problem());
    }

    /**
     * The core's refusals: a bad channel name is 400, a missing permission 403, a back-end hook that cannot answer
     * 503, anything else 400.
     */
    @ServerExceptionMapper
    public Response refusal(Refusal e) {
        return response(problemOf(e));
    }

    static Problem problemOf(Refusal e) {
        return switch (e.reason()) {
            case INVALID_CHANNEL -> ApiProblem.invalidChannel(e.getMessage()).problem();
            case PERMISSION_DENIED -> ApiProblem.forbidden(e.getMessage()).problem();
            case BACKEND_UNAVAILABLE -> ApiProblem.backendUnavailable(e.getMessage()).problem();
            default -> ApiProblem.badRequest(BadRequest.BAD_REQUEST, e.getMessage()).problem();
        };
    }

    @ServerExceptionMapper(priority = 1)
    public Response malformedJson(JsonParseException e) {
        return response(BadRequest.MALFORMED_JSON.problem(
                "The body is not valid JSON (" + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                        + ", column " + e.getLocation().getColumnNr() + ")."));
    }

    /** A string that is not valid Unicode (docs/protocol.md, "Text must be Unicode"): nothing was published. */
    @ServerExceptionMapper(priority = 1)
    public Response invalidUnicode(InvalidUnicodeException e) {
        return response(ApiProblem.badRequest(BadRequest.NOT_UNICODE, e.reason() + ".").problem());
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e) {
        return response(BadRequest.BAD_REQUEST.problem(JsonErrors.describe(e)));
    }

    @ServerExceptionMapper(priority = 1)
    public Response invalidValue(ValueInstantiationException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return response(BadRequest.BAD_REQUEST.problem(cause.getMessage()));
    }

    @ServerExceptionMapper(priority = 1)
    public Response otherJson(JsonProcessingException e) {
        return response(BadRequest.MALFORMED_JSON.problem(
                "The body could not be read as the JSON object this call expects."));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return response(ApiNotFoundRoute.NOT_FOUND);
    }

    /** A known path with another method: 405, with the {@code Allow} header the REST layer leaves out. */
    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        Set<String> methods = ApiCalls.allowedMethods(uri.getPath())
                .orElseGet(() -> new TreeSet<>(e.getResponse().getAllowedMethods()));
        if (methods.isEmpty()) {
            return response(Problem.of(405, "method-not-allowed", "Method not allowed",
                    "This path does not take that HTTP method."));
        }
        String allowed = String.join(", ", methods);
        return Response.fromResponse(response(Problem.of(405, "method-not-allowed", "Method not allowed",
                "This path does not take that HTTP method; it takes " + allowed + ".")))
                .header(HttpHeaders.ALLOW, allowed)
                .build();
    }

    @ServerExceptionMapper
    public Response unsupportedType(NotSupportedException e) {
        return response(Problem.of(415, "unsupported-media-type", "Unsupported media type",
                "Send the body as JSON with the header Content-Type: application/json."));
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e) {
        return response(Problem.of(406, "not-acceptable", "Not acceptable",
                "The API answers application/json (errors application/problem+json); accept one of them."));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        // The JSON body reader wraps what went wrong while reading (our size limit, Jackson's errors) in a 400;
        // the size limit may sit under Jackson's own wrapper, so it is looked for first.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiProblem p) {
                return apiProblem(p);
            }
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            switch (cause) {
                case JsonParseException p -> {
                    return malformedJson(p);
                }
                case InvalidUnicodeException u -> {
                    return invalidUnicode(u);
                }
                case MismatchedInputException m -> {
                    return mismatchedInput(m);
                }
                case ValueInstantiationException v -> {
                    return invalidValue(v);
                }
                case JsonProcessingException j -> {
                    return otherJson(j);
                }
                default -> {
                }
            }
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            faults.record("http api", e);
            return internal();
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        return response(Problem.of(status, "http-" + status, reason, reason + "."));
    }

    /** The broker (Redis) is unreachable: nothing was published; the caller should retry shortly. */
    @ServerExceptionMapper
    public Response brokerUnavailable(BrokerUnavailableException e) {
        return Response.fromResponse(response(Problem.of(503, "broker-unavailable", "Broker unavailable",
                "The message broker is unreachable, so nothing was published or read; retry in a few seconds.")))
                .header("Retry-After", "2")
                .build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        faults.record("http api", e); // counted, logged once a minute per cause
        return internal();
    }

    private static Response internal() {
        return response(Problem.of(500, "internal", "Internal server error",
                "The server failed to handle this call; it has been logged. Retry later."));
    }
}
