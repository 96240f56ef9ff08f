package dev.switchboard.api;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Any other path under {@code /api/v1}: a 404 problem rather than the plain 404 page, so API clients always get
 * problem+json. The real calls have more specific templates and always win over these.
 */
@Path(ApiPaths.ROOT)
public class ApiNotFound {

    @GET
    @Path("{path: .*}")
    @Operation(hidden = true)
    public void get() {
        throw notFound();
    }

    @POST
    @Path("{path: .*}")
    @Operation(hidden = true)
    public void post() {
        throw notFound();
    }

    @PUT
    @Path("{path: .*}")
    @Operation(hidden = true)
    public void put() {
        throw notFound();
    }

    @DELETE
    @Path("{path: .*}")
    @Operation(hidden = true)
    public void delete() {
        throw notFound();
    }

    @PATCH
    @Path("{path: .*}")
    @Operation(hidden = true)
    public void patch() {
        throw notFound();
    }

    private static ApiProblem notFound() {
        return new ApiProblem(Problem.of(404, "not-found", "Not found",
                "No such API call. The calls are listed in docs/api.md and in the OpenAPI document at /q/openapi."));
    }
}
