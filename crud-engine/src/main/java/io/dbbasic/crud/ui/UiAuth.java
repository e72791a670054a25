package io.dbbasic.crud.ui;

import io.dbbasic.common.auth.Caller;
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

    /** Runs before every page: false when the browser was sent to log in instead (and the page must not run). */
    boolean admit(Context ctx);

    /** Until accounts exist: everyone is anonymous and may do everything, and there is no session to protect. */
    UiAuth OPEN = new UiAuth() {
        @Override public Caller caller(Context ctx) { return Caller.anonymous(ctx.ip()); }

        @Override public String csrfToken(Context ctx) { return ""; }

        @Override public boolean may(Operation operation, Resource resource, Caller caller, Map<String, Object> record) { return true; }

        @Override public boolean admit(Context ctx) { return true; }
    };
}
