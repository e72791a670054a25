package io.dbbasic.monitor;

import io.dbbasic.common.storage.DuckDbFile;
import java.nio.file.Path;

/**
 * {@code monitor.duckdb} under the data dir: the last hour of activity and metric samples, so that a
 * restart does not blank the feed and the charts. Creates the tables it needs; nothing else is kept.
 */
final class MonitorDb {
    static final String FILE = "monitor.duckdb";

    private MonitorDb() {}

    static DuckDbFile open(Path dataDir) {
        var db = DuckDbFile.open(dataDir.resolve(FILE));
        db.inTransaction(conn -> {
            try (var st = conn.createStatement()) {
                st.execute("""
                        CREATE TABLE IF NOT EXISTS activity (
                            id          BIGINT PRIMARY KEY,
                            service     VARCHAR NOT NULL,
                            type        VARCHAR NOT NULL,
                            method      VARCHAR,
                            path        VARCHAR,
                            status      INTEGER,
                            duration_ms DOUBLE,
                            resource    VARCHAR,
                            occurred_at TIMESTAMP NOT NULL,
                            detail      VARCHAR
                        )""");
                st.execute("""
                        CREATE TABLE IF NOT EXISTS samples (
                            sampled_at       TIMESTAMP NOT NULL,
                            service          VARCHAR NOT NULL,
                            requests         BIGINT NOT NULL,
                            server_errors    BIGINT NOT NULL,
                            client_errors    BIGINT NOT NULL,
                            requests_per_s   DOUBLE NOT NULL,
                            p50_ms           DOUBLE,
                            p95_ms           DOUBLE,
                            p99_ms           DOUBLE,
                            error_rate       DOUBLE,
                            heap_used_bytes  BIGINT,
                            heap_max_bytes   BIGINT,
                            threads          BIGINT
                        )""");
            }
            return null;
        });
        return db;
    }
}
