package io.dbbasic.ai;

import io.javalin.http.Context;

/**
 * The seam where authentication plugs in (issue 5, CONTRACT §9): every {@code /api/*} request passes
 * here before its handler. Write endpoints will need an admin, invoke a service token, the rest an
 * account. Until accounts exist, {@link #OPEN} lets everything through.
 */
@FunctionalInterface
public interface AccessPolicy {
    AccessPolicy OPEN = ctx -> { };

    /** Throws {@code NotAuthenticated} or {@code Forbidden} to refuse the request. */
    void check(Context ctx);
}
