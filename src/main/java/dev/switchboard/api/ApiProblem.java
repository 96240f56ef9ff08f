package dev.switchboard.api;

/**
 * A request the API refuses, with the problem to answer. Control flow for bad input, so no stack trace is
 * captured.
 */
public final class ApiProblem extends RuntimeException {

    private final Problem problem;

    public ApiProblem(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ApiProblem badRequest(BadRequest kind, String detail) {
        return new ApiProblem(kind.problem(detail));
    }

    public static ApiProblem invalidChannel(String detail) {
        return new ApiProblem(Problem.of(400, "invalid-channel", "Invalid channel name", detail));
    }

    /** A back-end hook that gave no usable answer (docs/hooks.md); retrying later may work. */
    public static ApiProblem backendUnavailable(String detail) {
        return new ApiProblem(Problem.of(503, "backend-unavailable", "Back end unavailable", detail));
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(Problem.of(403, "permission-denied", "Permission denied", detail));
    }
}
