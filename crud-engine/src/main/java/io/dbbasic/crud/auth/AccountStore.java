package io.dbbasic.crud.auth;

import static io.dbbasic.common.storage.Sql.ident;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.auth.Passwords;
import io.dbbasic.common.errors.NotFound;
import io.dbbasic.common.model.Resource;
import io.dbbasic.crud.records.Records;
import io.dbbasic.crud.storage.Databases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The accounts: records of the account resource (the app's {@code auth: true} resource, else the
 * built-in one) with a username in their hidden system fields. Reads go straight to the table; writes go
 * through {@link Records}, so they take their turn on the file's single writer thread like every other
 * write (ids, change events and the cache stay right).
 *
 * <p>Accounts are cached by id for the per-request check of sessions and API tokens; every change made
 * here, and every account record deleted through the API, drops the cached entry.
 */
public final class AccountStore {
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.@+-]{1,150}");
    private static final Map<String, String> UNIQUE = Map.of(AccountFields.USERNAME, "username");

    private final Databases databases;
    private final AccountResource location;
    private final Records records;
    private final Passwords passwords;
    private final Map<Long, Optional<Account>> cache = new ConcurrentHashMap<>();
    private volatile Resource cachedFor;

    public AccountStore(Databases databases, AccountResource location, Records records, Passwords passwords) {
        this.databases = databases;
        this.location = location;
        this.records = records;
        this.passwords = passwords;
    }

    /** The account resource as the API knows it (no system fields); the cache follows it when it moves. */
    public Resource resource() {
        var resource = location.current();
        if (resource != cachedFor && !resource.equals(cachedFor)) {
            cache.clear();
            cachedFor = resource;
        }
        return resource;
    }

    public Passwords passwords() {
        return passwords;
    }

    Optional<Account> byId(long id) {
        var resource = resource();
        return cache.computeIfAbsent(id, key -> query(resource, "WHERE " + ident(resource.primaryKey().name()) + " = ?", id).stream().findFirst());
    }

    Optional<Account> byUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            return Optional.empty();
        }
        var resource = resource();
        return query(resource, "WHERE lower(" + ident(AccountFields.USERNAME) + ") = lower(?)", username).stream().findFirst();
    }

    /** Every login account, by id. */
    List<Account> all() {
        var resource = resource();
        return query(resource, "WHERE " + ident(AccountFields.USERNAME) + " IS NOT NULL ORDER BY " + ident(resource.primaryKey().name()));
    }

    boolean hasAccounts() {
        return !all().isEmpty();
    }

    long activeAdmins() {
        return all().stream().filter(a -> a.isAdmin() && !a.disabled()).count();
    }

    /** A new account (a new record of the account resource, with {@code profile} as its own fields). */
    Account create(String username, String password, List<String> roles, JsonNode profile, Caller by) {
        var resource = resource();
        var hidden = new LinkedHashMap<String, Object>();
        hidden.put(AccountFields.USERNAME, username);
        hidden.put(AccountFields.PASSWORD_HASH, passwords.hash(password));
        hidden.put(AccountFields.ROLES, Roles.store(roles));
        hidden.put(AccountFields.DISABLED, false);
        var created = records.createAccount(resource, profile, hidden, UNIQUE, by);
        var id = ((Number) created.record().get(resource.primaryKey().name())).longValue();
        cache.remove(id);
        return byId(id).orElseThrow();
    }

    void setPassword(long id, String password) {
        set(id, Map.of(AccountFields.PASSWORD_HASH, passwords.hash(password)));
    }

    void setRoles(long id, List<String> roles) {
        set(id, Map.of(AccountFields.ROLES, Roles.store(roles)));
    }

    void setDisabled(long id, boolean disabled) {
        set(id, Map.of(AccountFields.DISABLED, disabled));
    }

    void delete(long id, Caller by) {
        records.deleteAccount(resource(), id, by);
        cache.remove(id);
    }

    /** Drops a cached account (its record changed or went elsewhere). */
    public void forget(long id) {
        cache.remove(id);
    }

    private void set(long id, Map<String, Object> hidden) {
        var resource = resource();
        byId(id).orElseThrow(() -> new NotFound("no account with id " + id));
        records.setHidden(resource, id, hidden, UNIQUE);
        cache.remove(id);
    }

    private List<Account> query(Resource resource, String where, Object... params) {
        var idColumn = ident(resource.primaryKey().name());
        var created = resource.field("created_at").filter(f -> f.type() instanceof io.dbbasic.common.model.FieldType.Timestamp)
                .map(f -> ident(f.name())).orElse("NULL");
        var sql = "SELECT " + idColumn + ", " + ident(AccountFields.USERNAME) + ", " + ident(AccountFields.PASSWORD_HASH) + ", "
                + ident(AccountFields.ROLES) + ", " + ident(AccountFields.DISABLED) + ", " + created
                + " FROM " + ident(resource.name()) + " " + where;
        return databases.file(resource.database()).withConnection(conn -> read(conn, sql, params));
    }

    private static List<Account> read(Connection conn, String sql, Object... params) throws SQLException {
        try (var statement = conn.prepareStatement(sql)) {
            for (var i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (var rows = statement.executeQuery()) {
                var accounts = new ArrayList<Account>();
                while (rows.next()) {
                    var username = rows.getString(2);
                    if (username != null) {
                        accounts.add(account(rows, username));
                    }
                }
                return accounts;
            }
        }
    }

    private static Account account(ResultSet rows, String username) throws SQLException {
        // TIMESTAMP columns hold UTC wall time
        var created = rows.getObject(6) instanceof java.sql.Timestamp t ? t.toLocalDateTime().toInstant(java.time.ZoneOffset.UTC) : null;
        return new Account(rows.getLong(1), username, rows.getString(3), Roles.parse(rows.getString(4)), rows.getBoolean(5), created);
    }
}
