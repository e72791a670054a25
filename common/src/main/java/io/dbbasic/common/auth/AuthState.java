package io.dbbasic.common.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * What the crud-engine tells the other services about credentials a signature cannot show: login
 * sessions that ended early (logout, revocation, disabled accounts), and the live API tokens (which are
 * random strings, not signed). Only hashes are written: the file names no usable secret.
 * {@code version} increases with every write.
 */
public record AuthState(long version,
                        @JsonProperty("revoked_sessions") List<RevokedSession> revokedSessions,
                        @JsonProperty("api_tokens") List<ApiTokenGrant> apiTokens) {
    public static final AuthState EMPTY = new AuthState(0, List.of(), List.of());

    public AuthState {
        revokedSessions = revokedSessions == null ? List.of() : List.copyOf(revokedSessions);
        apiTokens = apiTokens == null ? List.of() : List.copyOf(apiTokens);
    }

    /** A session that must no longer be accepted; listed until its token would have expired anyway. */
    public record RevokedSession(@JsonProperty("session_hash") String sessionHash, @JsonProperty("expires_at") Instant expiresAt) {}

    /** A live API token: the SHA-256 of the token, and who it acts as. {@code expiresAt} null: until revoked. */
    public record ApiTokenGrant(@JsonProperty("token_hash") String tokenHash, @JsonProperty("account_id") long accountId,
                                String username, List<String> roles, @JsonProperty("expires_at") Instant expiresAt) {
        public ApiTokenGrant {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }
}
