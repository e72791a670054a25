package io.dbbasic.common.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is making a request: an account ({@code userId} set) or an anonymous client. {@code address}
 * is the client address, used where there is no account (rate limits, logs).
 */
public record Caller(Long userId, String username, List<String> roles, String address) {
    public static final String ADMIN_ROLE = "admin";

    public Caller {
        roles = List.copyOf(roles);
    }

    public static Caller anonymous(String address) {
        return new Caller(null, null, List.of(), address);
    }

    public boolean authenticated() {
        return userId != null;
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN_ROLE);
    }

    /** The key rate limits count against: the account, else the address. */
    public String rateKey() {
        return authenticated() ? "user:" + userId : "ip:" + address;
    }

    /** The {@code user} member of hook calls and change events: {@code {"id","username","roles"}} or null. */
    public Map<String, Object> asJson() {
        if (!authenticated()) {
            return null;
        }
        var json = new LinkedHashMap<String, Object>();
        json.put("id", userId);
        json.put("username", username);
        json.put("roles", roles);
        return json;
    }
}
