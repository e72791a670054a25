package io.dbbasic.crud.ui;

import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.errors.Forbidden;
import io.dbbasic.common.model.Operation;
import io.dbbasic.common.model.Resource;
import io.javalin.http.Context;
import java.util.Map;

/**
 * What the admin UI needs from auth, and nothing more: who is asking, whether they may do something (so
 * pages offer only what is allowed; the API enforces it anyway), the CSRF token their forms and scripts
 * send, and the gate before every page.
 */
public interface UiAuth {
    Caller caller(Context ctx);

    /** The token forms carry in {@code _csrf} and scripts in {@code X-CSRF-Token}; empty without a session. */
    String csrfToken(Context ctx);

    /** Whether {@code caller} may do {@code operation}: on {@code record}, or on some record when it is null. */
    boolean may(Operation operation, Resource resource, Caller caller, Map<String, Object> record);

    /** Throws 403 unless {@code caller} may do {@code operation}: a page for what the API would refuse is refused too. */
    default void require(Operation operation, Resource resource, Caller caller, Map<String, Object> record) {
        if (!may(operation, resource, caller, record)) {
            throw new Forbidden(operation.yamlName() + " on " + resource.name() + " is not allowed for " + caller.username());
        }
    }

    /** Runs before every page: false when the browser was sent to log in instead (and the page must not run). */
    boolean admit(Context ctx);
}
