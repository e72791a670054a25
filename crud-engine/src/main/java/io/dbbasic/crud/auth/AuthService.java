package io.dbbasic.crud.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dbbasic.common.auth.AuthState;
import io.dbbasic.common.auth.AuthStateFile;
import io.dbbasic.common.auth.Authentication;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.auth.Credentials;
import io.dbbasic.common.auth.Passwords;
import io.dbbasic.common.auth.Secrets;
import io.dbbasic.common.auth.TokenClaims;
import io.dbbasic.common.auth.Tokens;
import io.dbbasic.common.errors.BadRequest;
import io.dbbasic.common.errors.Conflict;
import io.dbbasic.common.errors.Forbidden;
import io.dbbasic.common.errors.NotAuthenticated;
import io.dbbasic.common.errors.NotFound;
import io.dbbasic.common.errors.ValidationFailed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accounts, login sessions and API tokens (CONTRACT §9), and the {@link Credentials} the crud-engine
 * checks every request against: a session or token counts only while its row says so and its account
 * exists and is enabled, so logout, revocation, disabling and role changes take effect here at once.
 * Every such change is also published to the shared auth state file for the other services.
 */
public final class AuthService implements Credentials {
    /** What a login gives: the signed token (also the cookie's value), its session, and the account. */
    public record Login(String token, Instant expiresAt, String sessionId, Account account) {}

    /** An API token as created: the secret is in {@code token}, shown this once. */
    record NewToken(AuthDb.TokenRow row, String token) {}

    private final AccountStore accounts;
    private final AuthDb db;
    private final AuthStateFile stateFile;
    private final Tokens tokens;
    private final Secrets secrets;
    private final Clock clock;
    private final Duration loginLifetime;
    private final LoginThrottle throttle;
    // sessions looked up per request; revocation here invalidates at once (Caffeine's load and invalidate of a key do not interleave)
    private final Cache<String, Optional<AuthDb.SessionRow>> sessions = Caffeine.newBuilder().maximumSize(20_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    AuthService(AccountStore accounts, AuthDb db, AuthStateFile stateFile, Tokens tokens, Secrets secrets, Clock clock, Duration loginLifetime) {
        if (loginLifetime.compareTo(Tokens.MAX_LOGIN) > 0) {
            throw new IllegalArgumentException("a login lasts at most " + Tokens.MAX_LOGIN);
        }
        this.accounts = accounts;
        this.db = db;
        this.stateFile = stateFile;
        this.tokens = tokens;
        this.secrets = secrets;
        this.clock = clock;
        this.loginLifetime = loginLifetime;
        this.throttle = new LoginThrottle(clock);
    }

    // ---- login, logout, password

    /**
     * Checks the password (throttled per username and per address) and opens a new session; the
     * session the request came with, if any, ends (the session id rotates on every login).
     */
    public Login login(String username, String password, String address, String previousSessionId) {
        throttle.check(username, address);
        var account = accounts.byUsername(username);
        if (account.isEmpty()) {
            accounts.passwords().verifyDecoy(password);   // the same time as a real check: no telling which usernames exist
            throttle.failed(username, address);
            throw wrongCredentials();
        }
        if (!accounts.passwords().verify(password, account.get().passwordHash())) {
            throttle.failed(username, address);
            throw wrongCredentials();
        }
        if (account.get().disabled()) {
            throw new Forbidden("this account is disabled; an admin can enable it");
        }
        throttle.succeeded(username);
        if (previousSessionId != null) {
            endSession(previousSessionId);
        }
        var now = clock.instant();
        var sessionId = secrets.sessionId();
        var expires = now.plus(loginLifetime);
        db.createSession(new AuthDb.SessionRow(Secrets.sha256(sessionId), account.get().id(), now, expires, null, address));
        var token = tokens.issue(new TokenClaims.Session(account.get().id(), account.get().username(), account.get().roles(), sessionId, expires));
        return new Login(token, expires, sessionId, account.get());
    }

    /** Ends the request's login session (a no-op for API tokens, service tokens and anonymous callers). */
    public void logout(Authentication authentication) {
        if (authentication.sessionId() != null) {
            endSession(authentication.sessionId());
        }
    }

    /** Changes the caller's own password; the caller's other sessions end. */
    void changePassword(Authentication authentication, String current, String next) {
        var caller = authentication.caller();
        var account = ownAccount(caller);
        throttle.check(account.username(), caller.address());
        var errors = new LinkedHashMap<String, String>();
        if (!accounts.passwords().verify(current == null ? "" : current, account.passwordHash())) {
            throttle.failed(account.username(), caller.address());
            errors.put("current", "is not your current password");
        }
        var problem = Passwords.problem(next);
        if (problem != null) {
            errors.put("new", problem);
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        accounts.setPassword(account.id(), next);
        var keep = authentication.sessionId() == null ? null : Secrets.sha256(authentication.sessionId());
        endSessionsOf(account.id(), keep);
    }

    Account me(Caller caller) {
        return ownAccount(caller);
    }

    // ---- users (admin)

    List<Account> users() {
        return accounts.all();
    }

    Account user(long id) {
        return accounts.byId(id).orElseThrow(() -> new NotFound("no account with id " + id));
    }

    Account createUser(String username, String password, List<?> roles, JsonNode profile, Caller by) {
        var errors = new LinkedHashMap<String, String>();
        if (username == null || !AccountStore.USERNAME.matcher(username).matches()) {
            errors.put("username", "is required: 1 to 150 letters, digits or _ . @ + -");
        }
        var problem = Passwords.problem(password);
        if (problem != null) {
            errors.put("password", problem);
        }
        var roleProblem = roles == null ? null : Roles.problem(roles);
        if (roleProblem != null) {
            errors.put("roles", roleProblem);
        }
        if (profile != null && !profile.isObject()) {
            errors.put("profile", "must be an object of the account resource's fields");
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        var cleanRoles = roles == null ? List.of("user") : Roles.clean(roles.stream().map(String.class::cast).toList());
        return accounts.create(username, password, cleanRoles, profile == null ? JsonNodeFactory.instance.objectNode() : profile, by);
    }

    /** Changes roles, the disabled flag and/or the password (null: unchanged). The last active admin cannot be demoted or disabled. */
    Account updateUser(long id, List<?> roles, Boolean disabled, String password) {
        var account = user(id);
        var errors = new LinkedHashMap<String, String>();
        var roleProblem = roles == null ? null : Roles.problem(roles);
        if (roleProblem != null) {
            errors.put("roles", roleProblem);
        }
        var passwordProblem = password == null ? null : Passwords.problem(password);
        if (passwordProblem != null) {
            errors.put("password", passwordProblem);
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        var newRoles = roles == null ? account.roles() : Roles.clean(roles.stream().map(String.class::cast).toList());
        var newDisabled = disabled == null ? account.disabled() : disabled;
        var staysAdmin = newRoles.contains(Caller.ADMIN_ROLE) && !newDisabled;
        if (account.isAdmin() && !account.disabled() && !staysAdmin && accounts.activeAdmins() <= 1) {
            throw new Conflict("this is the last active admin; make another admin first");
        }
        if (roles != null && !newRoles.equals(account.roles())) {
            accounts.setRoles(id, newRoles);
        }
        if (disabled != null && newDisabled != account.disabled()) {
            accounts.setDisabled(id, newDisabled);
        }
        if (password != null) {
            accounts.setPassword(id, password);
        }
        // tokens carry the roles they were issued with: every change here ends the account's sessions
        if (roles != null || disabled != null || password != null) {
            endSessionsOf(id, null);
        }
        return user(id);
    }

    void deleteUser(long id, Caller by) {
        var account = user(id);
        if (account.isAdmin() && !account.disabled() && accounts.activeAdmins() <= 1) {
            throw new Conflict("this is the last active admin; make another admin first");
        }
        accounts.delete(id, by);
        accountGone(id);
    }

    /** An account record was deleted (here or through the account resource's API): its sessions and tokens end. */
    public void accountGone(long id) {
        accounts.forget(id);
        var now = clock.instant();
        db.revokeSessionsOf(id, null, now).forEach(sessions::invalidate);
        db.revokeTokensOf(id, now);
        publish();
    }

    // ---- API tokens

    NewToken createToken(Caller caller, String name, Instant expiresAt) {
        var account = ownAccount(caller);
        var errors = new LinkedHashMap<String, String>();
        if (name == null || name.isBlank() || name.length() > 100) {
            errors.put("name", "is required (at most 100 characters)");
        }
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            errors.put("expires_at", "must be in the future");
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        var token = secrets.apiToken();
        var row = db.createToken(Secrets.sha256(token), account.id(), name.trim(), clock.instant(), expiresAt);
        publish();
        return new NewToken(row, token);
    }

    /** The caller's tokens; an admin may ask for everyone's. */
    List<AuthDb.TokenRow> tokens(Caller caller, boolean everyone) {
        var account = ownAccount(caller);
        return db.tokens(everyone && account.isAdmin() ? null : account.id());
    }

    /** Revokes one of the caller's tokens (an admin: any token). Someone else's token answers 404, as a missing one. */
    void revokeToken(Caller caller, long id) {
        var account = ownAccount(caller);
        var row = db.token(id).filter(t -> t.revokedAt() == null && (t.accountId() == account.id() || account.isAdmin()))
                .orElseThrow(() -> new NotFound("no API token with id " + id));
        db.revokeToken(row.id(), clock.instant());
        publish();
    }

    // ---- Credentials: checked on every request at the crud-engine

    @Override
    public Optional<Caller> session(TokenClaims.Session claims, String address) {
        var now = clock.instant();
        var hash = Secrets.sha256(claims.sessionId());
        var row = sessions.get(hash, db::session);
        if (row.isEmpty() || !row.get().liveAt(now) || row.get().accountId() != claims.accountId()) {
            return Optional.empty();
        }
        return activeAccount(claims.accountId()).map(account -> account.caller(address));
    }

    @Override
    public Optional<Caller> apiToken(String token, String address) {
        var now = clock.instant();
        return db.tokenByHash(Secrets.sha256(token)).filter(row -> row.liveAt(now))
                .flatMap(row -> activeAccount(row.accountId())).map(account -> account.caller(address));
    }

    // ---- the shared state the other services read

    /** Writes what the other services must know: ended sessions, and live API tokens with their accounts' roles. */
    public synchronized void publish() {
        var now = clock.instant();
        db.prune(now);
        var grants = new ArrayList<AuthState.ApiTokenGrant>();
        for (var row : db.tokens(null)) {
            if (row.liveAt(now)) {
                activeAccount(row.accountId()).ifPresent(account ->
                        grants.add(new AuthState.ApiTokenGrant(row.hash(), account.id(), account.username(), account.roles(), row.expiresAt())));
            }
        }
        stateFile.write(new AuthState(now.toEpochMilli(), db.revokedUnexpired(now), grants));
    }

    AccountStore accounts() {
        return accounts;
    }

    private Optional<Account> activeAccount(long id) {
        return accounts.byId(id).filter(account -> !account.disabled());
    }

    private Account ownAccount(Caller caller) {
        if (!caller.authenticated()) {
            throw new NotAuthenticated("log in first: POST /api/auth/login {\"username\",\"password\"}");
        }
        if (caller.isService()) {
            throw new BadRequest("a service token has no account");
        }
        return accounts.byId(caller.userId()).orElseThrow(() -> new NotAuthenticated("the account no longer exists"));
    }

    private void endSession(String sessionId) {
        var hash = Secrets.sha256(sessionId);
        var ended = db.revokeSession(hash, clock.instant());
        sessions.invalidate(hash);
        if (ended.isPresent()) {
            publish();
        }
    }

    private void endSessionsOf(long accountId, String keepHash) {
        accounts.forget(accountId);
        db.revokeSessionsOf(accountId, keepHash, clock.instant()).forEach(sessions::invalidate);
        publish();
    }

    private static NotAuthenticated wrongCredentials() {
        return new NotAuthenticated("wrong username or password");
    }

    static Map<String, Object> tokenJson(AuthDb.TokenRow row) {
        var out = new LinkedHashMap<String, Object>();
        out.put("id", row.id());
        out.put("name", row.name());
        out.put("account_id", row.accountId());
        out.put("created_at", row.createdAt());
        out.put("expires_at", row.expiresAt());
        return out;
    }
}
