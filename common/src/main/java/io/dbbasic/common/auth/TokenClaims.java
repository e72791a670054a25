package io.dbbasic.common.auth;

import java.time.Instant;
import java.util.List;

/** What a verified signed token says. The signature proves DBBasic issued it; revocation is checked separately. */
public sealed interface TokenClaims permits TokenClaims.Session, TokenClaims.Service {
    Instant expiresAt();

    /**
     * A login: the account, its roles when the token was issued, and the session id (at least 256 random
     * bits; stored only as a hash, so it can be revoked at logout).
     */
    record Session(long accountId, String username, List<String> roles, String sessionId, Instant expiresAt) implements TokenClaims {
        public Session {
            roles = List.copyOf(roles);
        }
    }

    /** One service calling another: signed with the same key, short-lived, no account. */
    record Service(String service, Instant expiresAt) implements TokenClaims {}
}
