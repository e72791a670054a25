package io.dbbasic.crud.auth;

import io.dbbasic.common.auth.AuthGate;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.model.Operation;
import io.dbbasic.common.model.Resource;
import io.dbbasic.crud.records.Records;
import io.dbbasic.crud.ui.UiAuth;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Auth as the admin UI sees it: the caller the gate found, the session's CSRF token for forms and
 * scripts, the permission rules (so pages offer only what the API would allow), and an account for
 * every page (a browser without one goes to {@code /login?next=…}).
 */
final class PageAuth implements UiAuth {
    private final AuthGate gate;
    private final Records records;

    PageAuth(AuthGate gate, Records records) {
        this.gate = gate;
        this.records = records;
    }

    @Override
    public Caller caller(Context ctx) {
        return AuthGate.caller(ctx);
    }

    @Override
    public String csrfToken(Context ctx) {
        return AuthGate.csrfToken(ctx);
    }

    @Override
    public boolean may(Operation operation, Resource resource, Caller caller, Map<String, Object> record) {
        return records.may(operation, resource, caller, record);
    }

    @Override
    public boolean admit(Context ctx) {
        return gate.requireCaller(ctx);
    }
}
