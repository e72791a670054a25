package io.dbbasic.crud.openapi;

import static io.dbbasic.crud.openapi.Nodes.object;
import static io.dbbasic.crud.openapi.Nodes.ref;
import static io.dbbasic.crud.openapi.Nodes.string;
import static io.dbbasic.crud.openapi.Nodes.type;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbbasic.common.errors.ProblemMapper;

/**
 * The parts of the document every resource shares: the one error body (RFC 9457, CONTRACT §2) and a
 * response per error status that refers to it, the security schemes of CONTRACT §9, and the
 * conditional-request headers.
 */
final class Components {
    static final String PROBLEM = "Problem";
    static final String BEARER = "bearerAuth";
    static final String COOKIE = "sessionCookie";

    /** The error responses, by status; each refers to {@link #PROBLEM}. */
    enum Error {
        BAD_REQUEST(400, "BadRequest", "Malformed request, or a filter, sort or field name that does not exist (the detail lists the allowed ones)."),
        UNAUTHORIZED(401, "Unauthorized", "Not authenticated; the detail says how to authenticate."),
        FORBIDDEN(403, "Forbidden", "Authenticated, but not allowed."),
        NOT_FOUND(404, "NotFound", "No such record or path."),
        CONFLICT(409, "Conflict", "A unique value taken, a workflow transition not allowed, or a record still referenced."),
        PRECONDITION_FAILED(412, "PreconditionFailed", "`If-Match` does not match the record's current ETag."),
        TOO_LARGE(413, "TooLarge", "The body is larger than this endpoint accepts."),
        INVALID(422, "ValidationFailed", "Validation failed, or a hook rejected the write; `errors` says why, per field."),
        RATE_LIMITED(429, "RateLimited", "Over the resource's rate limit; retry after `Retry-After` seconds."),
        UNAVAILABLE(503, "Unavailable", "A dependency is down (for example a before-hook could not run); nothing was written.");

        final int status;
        final String component;
        final String description;

        Error(int status, String component, String description) {
            this.status = status;
            this.component = component;
            this.description = description;
        }

        String code() {
            return Integer.toString(status);
        }
    }

    private Components() {}

    static void addTo(ObjectNode components) {
        var schemas = components.putObject("schemas");
        schemas.set(PROBLEM, problem());

        var responses = components.putObject("responses");
        for (var error : Error.values()) {
            var response = object().put("description", error.description);
            response.set("content", Nodes.content(ProblemMapper.CONTENT_TYPE, ref(PROBLEM)));
            if (error == Error.RATE_LIMITED) {
                response.putObject("headers").set("Retry-After", headerRef("RetryAfter"));
            }
            responses.set(error.component, response);
        }

        var headers = components.putObject("headers");
        headers.set("ETag", header("The record's version; send it back in `If-None-Match` or `If-Match`.", type("string")));
        headers.set("Location", header("The URL of the new record.", type("string").put("format", "uri-reference")));
        headers.set("RetryAfter", header("Seconds until a request will be accepted again.", type("integer").put("minimum", 0)));

        var parameters = components.putObject("parameters");
        parameters.set("IfNoneMatch", headerParameter("If-None-Match",
                "An ETag from an earlier read: when the record is unchanged the answer is 304 with no body."));
        parameters.set("IfMatch", headerParameter("If-Match",
                "Write only if the record's ETag is still this one; otherwise 412 and nothing changes."));

        var security = components.putObject("securitySchemes");
        security.set(BEARER, object().put("type", "http").put("scheme", "bearer")
                .put("description", "A login token (`POST /api/auth/login`) or an API token (`POST /api/auth/tokens`)."));
        security.set(COOKIE, object().put("type", "apiKey").put("in", "cookie").put("name", "dbbasic_session")
                .put("description", "The session cookie set by `POST /api/auth/login` (HttpOnly; shared by the four services of a host)."));
    }

    /** RFC 9457 problem details, with DBBasic's {@code errors} map; other extension members may appear. */
    private static ObjectNode problem() {
        var schema = type("object");
        schema.put("description", "An error (RFC 9457 problem details), served as `application/problem+json`. Never a stack trace.");
        var properties = schema.putObject("properties");
        properties.set("type", string("a URI naming the problem type; `about:blank` when the status says it all")
                .put("format", "uri-reference").put("default", "about:blank"));
        properties.set("status", type("integer").put("minimum", 400).put("maximum", 599).put("description", "the HTTP status"));
        properties.set("title", string("a short summary of the problem type"));
        properties.set("detail", string("what went wrong this time, for a person to read"));
        var messages = type("object").put("description", "field name → message");
        messages.set("additionalProperties", type("string"));
        var types = Nodes.strings("string", "object");
        var entry = object().put("description", "a message, or (bulk and import) field name → message for one item");
        entry.set("type", types);
        entry.set("additionalProperties", type("string"));
        var errors = type("object").put("description",
                "With 422 (and per item with bulk writes): field name → message, e.g. `{\"title\":\"is required\"}`; "
                        + "bulk writes key it by the index of the failing item, `{\"3\":{\"title\":\"is required\"}}`.");
        errors.set("additionalProperties", entry);
        properties.set("errors", errors);
        schema.putArray("required").add("status").add("title");
        schema.set("example", object().put("type", "about:blank").put("status", 422).put("title", "Validation failed")
                .put("detail", "2 fields are invalid")
                .set("errors", object().put("title", "is required").put("price", "must be ≥ 0")));
        return schema;
    }

    static ObjectNode headerRef(String name) {
        return object().put("$ref", "#/components/headers/" + name);
    }

    static ObjectNode parameterRef(String name) {
        return object().put("$ref", "#/components/parameters/" + name);
    }

    private static ObjectNode header(String description, ObjectNode schema) {
        var header = object().put("description", description);
        header.set("schema", schema);
        return header;
    }

    private static ObjectNode headerParameter(String name, String description) {
        var parameter = object().put("name", name).put("in", "header").put("description", description);
        parameter.set("schema", type("string"));
        return parameter;
    }
}
