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
    /** The role of a service calling another with a service token; it owns no records and is no admin. */
    public static final String SERVICE_ROLE = "service";
    /** The account id service callers carry: no account has it (ids start at 1), so it owns nothing. */
    public static final long SERVICE_ACCOUNT_ID = 0L;

    public Caller {
        roles = List.copyOf(roles);
    }

    public static Caller anonymous(String address) {
        return new Caller(null, null, List.of(), address);
    }

    /** Another DBBasic service, calling with a service token signed by the shared key. */
    public static Caller service(String name, String address) {
        return new Caller(SERVICE_ACCOUNT_ID, "service:" + name, List.of(SERVICE_ROLE), address);
    }

    public boolean isService() {
        return userId != null && userId == SERVICE_ACCOUNT_ID && roles.contains(SERVICE_ROLE);
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
