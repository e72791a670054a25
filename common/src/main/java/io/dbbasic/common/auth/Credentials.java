package io.dbbasic.common.auth;

import java.util.Optional;

/**
 * What a signature cannot tell: whether a login session is still open, and whom an API token acts as.
 * The crud-engine answers from its account store (at once); the other services from the shared
 * {@link AuthStateFile} (within seconds).
 */
public interface Credentials {
    /** The caller of a verified login token; empty when the session was ended or the account may no longer log in. */
    Optional<Caller> session(TokenClaims.Session claims, String address);

    /** The caller an API token acts for; empty when it is unknown, revoked or expired. */
    Optional<Caller> apiToken(String token, String address);
}
