package io.dbbasic.common.auth;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where to log in: the crud-engine's {@code /login} page and API, on the host the browser used. The
 * crud-engine itself ({@code onCrudEngine}) links to its own paths, right whatever port it listens on.
 */
public final class LoginUrls {
    private final int crudPort;
    private final boolean onCrudEngine;

    public LoginUrls(int crudPort, boolean onCrudEngine) {
        this.crudPort = crudPort;
        this.onCrudEngine = onCrudEngine;
    }

    /** {@code http://<host>:<crud port>/login?next=<the URL asked for>}; on the crud-engine, {@code /login?next=<path?query>}. */
    public String page(Context ctx) {
        if (onCrudEngine) {
            var query = ctx.queryString();
            return "/login?next=" + URLEncoder.encode(ctx.path() + (query == null ? "" : "?" + query), StandardCharsets.UTF_8);
        }
        return crudOrigin(ctx) + "/login?next=" + URLEncoder.encode(ctx.fullUrl(), StandardCharsets.UTF_8);
    }

    public String api(Context ctx) {
        return crudOrigin(ctx) + "/api/auth/login";
    }

    private String crudOrigin(Context ctx) {
        return "http://" + hostName(ctx) + ":" + (onCrudEngine ? ctx.port() : crudPort);
    }

    /** What a 401 says: how to get and send credentials. */
    public String howTo(Context ctx) {
        return "log in with POST " + api(ctx) + " {\"username\",\"password\"} and send the token it returns as "
                + "`Authorization: Bearer <token>` (browsers keep the dbbasic_session cookie instead; an API token works the same way)";
    }

    /** The host the browser used, without its port; only a plain host name or address is trusted. */
    public static String hostName(Context ctx) {
        var host = ctx.host();
        if (host == null || host.isBlank()) {
            return "localhost";
        }
        if (host.startsWith("[")) {
            var end = host.indexOf(']');
            var literal = end > 0 ? host.substring(0, end + 1) : "";
            return literal.matches("\\[[0-9A-Fa-f:.]+]") ? literal : "localhost";
        }
        var colon = host.indexOf(':');
        var name = colon >= 0 ? host.substring(0, colon) : host;
        return name.matches("[A-Za-z0-9.-]+") ? name : "localhost";
    }
}
