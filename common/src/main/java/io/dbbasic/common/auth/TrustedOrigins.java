package io.dbbasic.common.auth;

import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The web origins whose pages may send state-changing requests with the session cookie: the four
 * DBBasic services on the host the request was sent to (cookies ignore ports, so the services share
 * one login and call each other from their pages), plus {@code DBBASIC_CORS_ORIGINS}. Any other page on
 * the same host, such as something else on port 9999 or the public static site, is not trusted.
 */
public final class TrustedOrigins {
    private final Set<Integer> servicePorts;
    private final List<String> corsOrigins;

    public TrustedOrigins(Set<Integer> servicePorts, List<String> corsOrigins) {
        this.servicePorts = Set.copyOf(servicePorts);
        this.corsOrigins = corsOrigins.stream().map(TrustedOrigins::normalise).toList();
    }

    /** Parses {@code DBBASIC_CORS_ORIGINS}: comma-separated origins such as {@code https://app.example.com}. */
    public static List<String> parseCors(String variable) {
        if (variable == null || variable.isBlank()) {
            return List.of();
        }
        return Arrays.stream(variable.split(",")).map(String::trim).filter(s -> !s.isEmpty() && !s.equals("*")).toList();
    }

    public boolean isCorsOrigin(String origin) {
        return origin != null && corsOrigins.contains(normalise(origin));
    }

    /** Whether a page at {@code origin} may act with the cookie of a request sent to {@code ctx}'s host. */
    public boolean trusts(String origin, Context ctx) {
        if (origin == null || origin.isBlank() || origin.equals("null")) {
            return false;
        }
        if (isCorsOrigin(origin) || normalise(origin).equals(normalise(ctx.scheme() + "://" + ctx.host()))) {
            return true;   // the page's own origin, whatever port the service listens on
        }
        try {
            var uri = new URI(origin);
            var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                return false;
            }
            var port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
            var host = uri.getHost().toLowerCase(Locale.ROOT);
            return host.equals(LoginUrls.hostName(ctx).toLowerCase(Locale.ROOT)) && servicePorts.contains(port);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The origin part (scheme://host[:port]) of a Referer, or null. */
    static String originOf(String url) {
        try {
            var uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            return uri.getScheme() + "://" + uri.getRawAuthority();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String normalise(String origin) {
        var trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
