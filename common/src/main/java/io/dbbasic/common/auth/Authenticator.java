package io.dbbasic.common.auth;

import io.dbbasic.common.errors.NotAuthenticated;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request into an {@link Authentication}: an {@code Authorization: Bearer} token (a login token,
 * an API token or a service token) or else the {@code dbbasic_session} cookie, else anonymous. Nothing a
 * client merely claims counts: an {@code X-User} header, say, is ignored.
 *
 * <p>A Bearer token that does not check out is an error (401), even on a public endpoint: the client
 * meant to authenticate and should hear that it failed. A stale cookie just leaves the browser anonymous,
 * so public pages keep working after a logout elsewhere.
 */
public final class Authenticator {
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

    private final Tokens tokens;
    private final Credentials credentials;
    private final LoginUrls loginUrls;
    private final boolean trustProxy;

    public Authenticator(Tokens tokens, Credentials credentials, LoginUrls loginUrls, boolean trustProxy) {
        this.tokens = tokens;
        this.credentials = credentials;
        this.loginUrls = loginUrls;
        this.trustProxy = trustProxy;
    }

    public Authentication authenticate(Context ctx) {
        var address = ClientAddress.of(ctx, trustProxy);
        var header = ctx.header("Authorization");
        if (header != null && !header.isBlank()) {
            return bearer(ctx, header.trim(), address);
        }
        var cookie = ctx.cookie(SessionCookie.NAME);
        if (cookie != null && !cookie.isBlank()) {
            var fromCookie = login(cookie, address, Authentication.Via.COOKIE);
            if (fromCookie.isPresent()) {
                return fromCookie.get();
            }
        }
        return Authentication.anonymous(address);
    }

    public String clientAddress(Context ctx) {
        return ClientAddress.of(ctx, trustProxy);
    }

    private Authentication bearer(Context ctx, String header, String address) {
        if (!header.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            throw new NotAuthenticated("only `Authorization: Bearer <token>` is understood; " + loginUrls.howTo(ctx));
        }
        var token = header.substring(7).trim();
        if (Secrets.looksLikeApiToken(token)) {
            return credentials.apiToken(token, address)
                    .map(caller -> new Authentication(caller, Authentication.Via.BEARER, null))
                    .orElseThrow(() -> refused(ctx, "the API token is unknown, revoked or expired"));
        }
        return login(token, address, Authentication.Via.BEARER)
                .orElseThrow(() -> refused(ctx, "the token is not valid (forged, expired, or its session has ended)"));
    }

    private Optional<Authentication> login(String token, String address, Authentication.Via via) {
        TokenClaims claims;
        try {
            claims = tokens.verify(token);
        } catch (Tokens.Invalid e) {
            log.debug("token refused: {}", e.getMessage());
            return Optional.empty();
        }
        if (claims instanceof TokenClaims.Service service) {
            // a service token only ever travels in a header between services, never in a browser's cookie
            return via == Authentication.Via.BEARER
                    ? Optional.of(new Authentication(Caller.service(service.service(), address), via, null))
                    : Optional.empty();
        }
        var session = (TokenClaims.Session) claims;
        return credentials.session(session, address).map(caller -> new Authentication(caller, via, session.sessionId()));
    }

    private NotAuthenticated refused(Context ctx, String why) {
        return new NotAuthenticated(why + "; " + loginUrls.howTo(ctx));
    }
}
