package io.dbbasic.common.errors;

import java.util.Map;

/**
 * A failure a client caused or must know about. The one {@link ProblemMapper} turns every subclass
 * into an RFC 9457 problem body; handlers throw these and never write error bodies themselves.
 */
public abstract sealed class ApiException extends RuntimeException
        permits BadRequest, NotAuthenticated, Forbidden, NotFound, Conflict, PreconditionFailed,
                PayloadTooLarge, ValidationFailed, RateLimited, DependencyDown {

    protected ApiException(String detail) {
        super(detail);
    }

    public abstract int status();

    public abstract String title();

    public String detail() {
        return getMessage();
    }

    /** Extra members of the problem body (RFC 9457 extensions), such as per-field errors. */
    public Map<String, Object> extensions() {
        return Map.of();
    }

    /** Response headers that belong to this error, such as {@code Retry-After}. */
    public Map<String, String> headers() {
        return Map.of();
    }
}
