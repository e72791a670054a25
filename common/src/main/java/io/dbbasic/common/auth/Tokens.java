package io.dbbasic.common.auth;

import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Signed tokens (JWT, HS256) for logins and for service-to-service calls. Every service holds the same
 * {@link SigningKey}, so each can check a token the crud-engine issued without asking it.
 */
public final class Tokens {
    /** The longest a login lasts (CONTRACT §9). */
    public static final Duration MAX_LOGIN = Duration.ofHours(12);
    /** Service tokens are minted by each service for itself and renewed long before they run out. */
    public static final Duration SERVICE_TOKEN_LIFETIME = Duration.ofMinutes(15);
    static final String ISSUER = "dbbasic";
    private static final String TYPE = "typ";
    private static final String SESSION = "session";
    private static final String SERVICE = "service";

    /** A token that is not ours, was changed, or has run out. The message says which, for logs only. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private final SigningKey key;
    private final Clock clock;

    public Tokens(SigningKey key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    public String issue(TokenClaims.Session session) {
        var latest = clock.instant().plus(MAX_LOGIN);
        if (session.expiresAt().isAfter(latest)) {
            throw new IllegalArgumentException("a login token lasts at most " + MAX_LOGIN.toHours() + " h");
        }
        return Jwts.builder()
                .issuer(ISSUER)
                .subject(Long.toString(session.accountId()))
                .claim(TYPE, SESSION)
                .claim("name", session.username())
                .claim("roles", session.roles())
                .claim("sid", session.sessionId())
                .issuedAt(Date.from(clock.instant()))
                .expiration(Date.from(session.expiresAt()))
                .signWith(key.secretKey(), Jwts.SIG.HS256)
                .compact();
    }

    public String issueService(String service) {
        return Jwts.builder()
                .issuer(ISSUER)
                .subject("service:" + service)
                .claim(TYPE, SERVICE)
                .claim("name", service)
                .issuedAt(Date.from(clock.instant()))
                .expiration(Date.from(clock.instant().plus(SERVICE_TOKEN_LIFETIME)))
                .signWith(key.secretKey(), Jwts.SIG.HS256)
                .compact();
    }

    /** The claims of a token with a valid signature that has not expired. */
    public TokenClaims verify(String token) throws Invalid {
        if (token == null || token.isBlank() || token.length() > 8192) {
            throw new Invalid("no token");
        }
        io.jsonwebtoken.Claims claims;
        try {
            claims = Jwts.parser()
                    .verifyWith(key.secretKey())
                    .requireIssuer(ISSUER)
                    .clock(() -> Date.from(clock.instant()))
                    .build()
                    .parseSignedClaims(token)
                    .getPayload();
        } catch (JwtException | IllegalArgumentException e) {
            throw new Invalid(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        var expiration = claims.getExpiration();
        if (expiration == null) {
            throw new Invalid("the token has no expiry");
        }
        var expires = expiration.toInstant();
        var type = claims.get(TYPE, String.class);
        var name = claims.get("name", String.class);
        if (SERVICE.equals(type) && name != null) {
            return new TokenClaims.Service(name, expires);
        }
        if (!SESSION.equals(type) || name == null) {
            throw new Invalid("unknown token type");
        }
        var sessionId = claims.get("sid", String.class);
        long accountId;
        try {
            accountId = Long.parseLong(claims.getSubject());
        } catch (NumberFormatException e) {
            throw new Invalid("the subject is not an account id");
        }
        if (sessionId == null || sessionId.length() < 22) {
            throw new Invalid("the token has no session id");
        }
        var roles = new ArrayList<String>();
        if (claims.get("roles") instanceof List<?> list) {
            list.forEach(role -> roles.add(String.valueOf(role)));
        }
        return new TokenClaims.Session(accountId, name, roles, sessionId, expires);
    }

    public Instant now() {
        return clock.instant();
    }
}
