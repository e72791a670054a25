package io.dbbasic.crud.auth;

import io.dbbasic.common.auth.LoginUrls;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Where the login page may send the browser afterwards ({@code ?next=}): a path on this service, or a
 * page of one of the four DBBasic services on the same host. Anything else (another host,
 * {@code //evil.example}, {@code javascript:}, backslash tricks) becomes {@code /}: an open redirect
 * would let a phishing link borrow our login page.
 */
final class SafeNext {
    private SafeNext() {}

    static String resolve(String next, Context ctx, Set<Integer> servicePorts) {
        if (next == null || next.isBlank() || next.length() > 2000 || next.chars().anyMatch(c -> c < 0x21 || c == '\\' || c == 0x7f)) {
            return "/";
        }
        if (next.startsWith("/") && !next.startsWith("//")) {
            return next;
        }
        try {
            var uri = new URI(next);
            var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
                return "/";
            }
            var port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
            var sameHost = uri.getHost().equalsIgnoreCase(LoginUrls.hostName(ctx));
            return sameHost && servicePorts.contains(port) ? uri.toString() : "/";
        } catch (URISyntaxException e) {
            return "/";
        }
    }
}
