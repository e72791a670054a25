package io.dbbasic.common.auth;

/**
 * Who made a request and how they proved it. {@code sessionId} is set for login sessions (Bearer or
 * cookie): the CSRF token is bound to it, and logout ends it.
 */
public record Authentication(Caller caller, Via via, String sessionId) {
    public enum Via {
        /** No credentials: an anonymous caller. */
        NONE,
        /** {@code Authorization: Bearer …}: a login token, an API token or a service token. Not sent by browsers on their own. */
        BEARER,
        /** The {@code dbbasic_session} cookie, which browsers attach on their own: state changes need a CSRF token. */
        COOKIE
    }

    public static Authentication anonymous(String address) {
        return new Authentication(Caller.anonymous(address), Via.NONE, null);
    }
}
