package io.dbbasic.crud.auth;

import io.dbbasic.common.auth.AuthState;
import io.dbbasic.common.auth.SecretFiles;
import io.dbbasic.common.storage.DuckDbFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Login sessions and API tokens, in {@code data/secrets/auth.duckdb} (the secrets folder is mode 700).
 * Both are stored by the SHA-256 of their secret only: the file cannot be used to log in. Writes are
 * serialised here (they are rare and small: a login, a logout, a new token), so they never conflict.
 */
final class AuthDb implements AutoCloseable {
    static final String FILE_NAME = "auth.duckdb";

    record SessionRow(String hash, long accountId, Instant createdAt, Instant expiresAt, Instant revokedAt, String address) {
        boolean liveAt(Instant now) {
            return revokedAt == null && expiresAt.isAfter(now);
        }
    }

    record TokenRow(long id, String hash, long accountId, String name, Instant createdAt, Instant expiresAt, Instant revokedAt) {
        boolean liveAt(Instant now) {
            return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
        }
    }

    private final DuckDbFile db;

    private AuthDb(DuckDbFile db) {
        this.db = db;
        db.inTransaction(conn -> {
            try (var statement = conn.createStatement()) {
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS sessions (
                          hash VARCHAR PRIMARY KEY, account_id BIGINT NOT NULL, created_at TIMESTAMP NOT NULL,
                          expires_at TIMESTAMP NOT NULL, revoked_at TIMESTAMP, address VARCHAR)""");
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS api_tokens (
                          id BIGINT PRIMARY KEY, hash VARCHAR NOT NULL, account_id BIGINT NOT NULL, name VARCHAR NOT NULL,
                          created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP, revoked_at TIMESTAMP)""");
            }
            return null;
        });
    }

    static AuthDb open(Path dataDir) {
        return new AuthDb(DuckDbFile.open(SecretFiles.secretsDir(dataDir).resolve(FILE_NAME)));
    }

    // ---- sessions

    synchronized void createSession(SessionRow row) {
        db.inTransaction(conn -> {
            try (var statement = conn.prepareStatement("INSERT INTO sessions VALUES (?, ?, ?, ?, NULL, ?)")) {
                statement.setString(1, row.hash());
                statement.setLong(2, row.accountId());
                statement.setObject(3, utc(row.createdAt()));
                statement.setObject(4, utc(row.expiresAt()));
                statement.setString(5, row.address());
                statement.executeUpdate();
            }
            return null;
        });
    }

    Optional<SessionRow> session(String hash) {
        return db.withConnection(conn -> sessions(conn, "WHERE hash = ?", hash).stream().findFirst());
    }

    /** Ends one session; returns it when it was open. */
    synchronized Optional<SessionRow> revokeSession(String hash, Instant at) {
        return db.inTransaction(conn -> {
            var open = sessions(conn, "WHERE hash = ? AND revoked_at IS NULL", hash);
            update(conn, "UPDATE sessions SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL", utc(at), hash);
            return open.stream().findFirst();
        });
    }

    /** Ends every open session of an account, except {@code keepHash} (may be null); returns the hashes ended. */
    synchronized List<String> revokeSessionsOf(long accountId, String keepHash, Instant at) {
        return db.inTransaction(conn -> {
            var open = sessions(conn, "WHERE account_id = ? AND revoked_at IS NULL", accountId).stream()
                    .map(SessionRow::hash).filter(h -> !h.equals(keepHash)).toList();
            for (var hash : open) {
                update(conn, "UPDATE sessions SET revoked_at = ? WHERE hash = ?", utc(at), hash);
            }
            return open;
        });
    }

    /** Sessions ended early whose tokens would still be within their lifetime: what the other services must refuse. */
    List<AuthState.RevokedSession> revokedUnexpired(Instant now) {
        return db.withConnection(conn -> sessions(conn, "WHERE revoked_at IS NOT NULL AND expires_at > ?", utc(now)).stream()
                .map(s -> new AuthState.RevokedSession(s.hash(), s.expiresAt())).toList());
    }

    /** Forgets sessions that expired more than a day ago: their tokens are refused by their expiry anyway. */
    synchronized void prune(Instant now) {
        db.inTransaction(conn -> {
            update(conn, "DELETE FROM sessions WHERE expires_at < ?", utc(now.minusSeconds(86_400)));
            return null;
        });
    }

    // ---- API tokens

    synchronized TokenRow createToken(String hash, long accountId, String name, Instant createdAt, Instant expiresAt) {
        return db.inTransaction(conn -> {
            long id;
            try (var statement = conn.prepareStatement("SELECT coalesce(max(id), 0) + 1 FROM api_tokens"); var rows = statement.executeQuery()) {
                rows.next();
                id = rows.getLong(1);
            }
            try (var statement = conn.prepareStatement("INSERT INTO api_tokens VALUES (?, ?, ?, ?, ?, ?, NULL)")) {
                statement.setLong(1, id);
                statement.setString(2, hash);
                statement.setLong(3, accountId);
                statement.setString(4, name);
                statement.setObject(5, utc(createdAt));
                statement.setObject(6, expiresAt == null ? null : utc(expiresAt));
                statement.executeUpdate();
            }
            return new TokenRow(id, hash, accountId, name, createdAt, expiresAt, null);
        });
    }

    Optional<TokenRow> tokenByHash(String hash) {
        return db.withConnection(conn -> tokens(conn, "WHERE hash = ?", hash).stream().findFirst());
    }

    Optional<TokenRow> token(long id) {
        return db.withConnection(conn -> tokens(conn, "WHERE id = ?", id).stream().findFirst());
    }

    /** Tokens not revoked (expired ones included, so their owners can see them), of one account or of all (null). */
    List<TokenRow> tokens(Long accountId) {
        return db.withConnection(conn -> accountId == null
                ? tokens(conn, "WHERE revoked_at IS NULL ORDER BY id")
                : tokens(conn, "WHERE revoked_at IS NULL AND account_id = ? ORDER BY id", accountId));
    }

    synchronized boolean revokeToken(long id, Instant at) {
        return db.inTransaction(conn -> update(conn, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", utc(at), id) > 0);
    }

    synchronized void revokeTokensOf(long accountId, Instant at) {
        db.inTransaction(conn -> update(conn, "UPDATE api_tokens SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL", utc(at), accountId));
    }

    @Override
    public void close() {
        db.close();
    }

    // ---- rows

    private static List<SessionRow> sessions(Connection conn, String where, Object... params) throws SQLException {
        try (var statement = prepare(conn, "SELECT hash, account_id, created_at, expires_at, revoked_at, address FROM sessions " + where, params);
             var rows = statement.executeQuery()) {
            var out = new ArrayList<SessionRow>();
            while (rows.next()) {
                out.add(new SessionRow(rows.getString(1), rows.getLong(2), instant(rows, 3), instant(rows, 4), instant(rows, 5), rows.getString(6)));
            }
            return out;
        }
    }

    private static List<TokenRow> tokens(Connection conn, String where, Object... params) throws SQLException {
        try (var statement = prepare(conn, "SELECT id, hash, account_id, name, created_at, expires_at, revoked_at FROM api_tokens " + where, params);
             var rows = statement.executeQuery()) {
            var out = new ArrayList<TokenRow>();
            while (rows.next()) {
                out.add(new TokenRow(rows.getLong(1), rows.getString(2), rows.getLong(3), rows.getString(4), instant(rows, 5),
                        instant(rows, 6), instant(rows, 7)));
            }
            return out;
        }
    }

    private static PreparedStatement prepare(Connection conn, String sql, Object... params) throws SQLException {
        var statement = conn.prepareStatement(sql);
        for (var i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }

    private static int update(Connection conn, String sql, Object... params) throws SQLException {
        try (var statement = prepare(conn, sql, params)) {
            return statement.executeUpdate();
        }
    }

    /** TIMESTAMP columns hold UTC wall time, whatever the JVM's zone. */
    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        var value = rows.getObject(column);
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        return null;
    }
}
