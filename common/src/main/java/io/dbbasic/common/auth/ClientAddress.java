package io.dbbasic.common.auth;

import io.javalin.http.Context;

/**
 * The client's address as the socket reports it. {@code X-Forwarded-For} is anyone's to write, so it
 * counts only when {@code DBBASIC_TRUST_PROXY=1} says a trusted reverse proxy sets it (then its last
 * entry, the one that proxy added). Login throttling and rate limits key on this.
 */
public final class ClientAddress {
    private ClientAddress() {}

    public static String of(Context ctx, boolean trustProxy) {
        var socket = ctx.req().getRemoteAddr();
        if (!trustProxy) {
            return socket;
        }
        var forwarded = ctx.header("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return socket;
        }
        var parts = forwarded.split(",");
        var last = parts[parts.length - 1].trim();
        return last.isEmpty() || last.length() > 64 ? socket : last;
    }
}
