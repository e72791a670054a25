package io.dbbasic.crud.auth;

import io.dbbasic.common.auth.Caller;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A login account: a record of the account resource that has a username. */
record Account(long id, String username, String passwordHash, List<String> roles, boolean disabled, Instant createdAt) {
    Account {
        roles = List.copyOf(roles);
    }

    boolean isAdmin() {
        return roles.contains(Caller.ADMIN_ROLE);
    }

    Caller caller(String address) {
        return new Caller(id, username, roles, address);
    }

    /** The public form: never the password hash. */
    Map<String, Object> json() {
        var out = new LinkedHashMap<String, Object>();
        out.put("id", id);
        out.put("username", username);
        out.put("roles", roles);
        out.put("disabled", disabled);
        return out;
    }
}
