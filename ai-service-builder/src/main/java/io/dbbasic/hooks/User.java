package io.dbbasic.hooks;

import java.util.List;

/** The account that made the write (CONTRACT §6 {@code user}). */
public record User(long id, String username, List<String> roles) {
    public User {
        username = username == null ? "" : username;
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return hasRole("admin");
    }
}
