package io.dbbasic.monitor.metrics;

import io.dbbasic.common.storage.DuckDbFile;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The {@code samples} table: one row per service per tick, kept for an hour, read back as {@link Series}. */
final class SampleStore {
    private final DuckDbFile db;

    SampleStore(DuckDbFile db) {
        this.db = db;
    }

    void append(List<Sample> samples) {
        if (samples.isEmpty()) {
            return;
        }
        db.inTransaction(conn -> {
            try (var appender = conn.createAppender("main", "samples")) {
                for (var s : samples) {
                    appender.beginRow();
                    appender.append(LocalDateTime.ofInstant(s.at(), ZoneOffset.UTC));
                    appender.append(s.service());
                    appender.append(s.requests());
                    appender.append(s.serverErrors());
                    appender.append(s.clientErrors());
                    appender.append(s.requestsPerSecond());
                    appender.append(s.p50Ms());
                    appender.append(s.p95Ms());
                    appender.append(s.p99Ms());
                    appender.append(s.errorRate());
                    appender.append(s.heapUsedBytes());
                    appender.append(s.heapMaxBytes());
                    appender.append(s.threads());
                    appender.endRow();
                }
            }
            return null;
        });
    }

    /** Every sample since {@code from}, as columns aligned on the sample times. */
    Series since(Instant from) {
        var rows = db.withConnection(conn -> {
            try (var ps = conn.prepareStatement("""
                    SELECT sampled_at, service, requests_per_s, p50_ms, p95_ms, p99_ms, error_rate, heap_used_bytes, threads
                    FROM samples WHERE sampled_at >= ? ORDER BY sampled_at, service""")) {
                ps.setObject(1, LocalDateTime.ofInstant(from, ZoneOffset.UTC));
                try (var rs = ps.executeQuery()) {
                    var list = new ArrayList<Row>();
                    while (rs.next()) {
                        list.add(Row.of(rs));
                    }
                    return list;
                }
            }
        });
        var times = new TreeSet<Long>();
        rows.forEach(r -> times.add(r.at()));
        var index = new HashMap<Long, Integer>();
        var at = new ArrayList<Long>(times);
        for (int i = 0; i < at.size(); i++) {
            index.put(at.get(i), i);
        }
        var builders = new TreeMap<String, Builder>();
        for (var row : rows) {
            builders.computeIfAbsent(row.service(), s -> new Builder(at.size())).set(index.get(row.at()), row);
        }
        var services = new TreeMap<String, Series.Columns>();
        builders.forEach((name, b) -> services.put(name, b.build()));
        return new Series(at, services);
    }

    long prune(Instant before) {
        return db.inTransaction(conn -> {
            try (var ps = conn.prepareStatement("DELETE FROM samples WHERE sampled_at < ?")) {
                ps.setObject(1, LocalDateTime.ofInstant(before, ZoneOffset.UTC));
                return (long) ps.executeUpdate();
            }
        });
    }

    private record Row(long at, String service, double rps, Double p50, Double p95, Double p99, Double errorRate,
                       Long heap, Long threads) {
        static Row of(ResultSet rs) throws SQLException {
            return new Row(rs.getObject("sampled_at", LocalDateTime.class).toEpochSecond(ZoneOffset.UTC), rs.getString("service"),
                    rs.getDouble("requests_per_s"), (Double) rs.getObject("p50_ms"), (Double) rs.getObject("p95_ms"),
                    (Double) rs.getObject("p99_ms"), (Double) rs.getObject("error_rate"),
                    (Long) rs.getObject("heap_used_bytes"), (Long) rs.getObject("threads"));
        }
    }

    /** Fills one service's columns; a tick where the service has no row stays null. */
    private static final class Builder {
        final Double[] rps;
        final Double[] p50;
        final Double[] p95;
        final Double[] p99;
        final Double[] errorRate;
        final Long[] heap;
        final Long[] threads;

        Builder(int size) {
            rps = new Double[size];
            p50 = new Double[size];
            p95 = new Double[size];
            p99 = new Double[size];
            errorRate = new Double[size];
            heap = new Long[size];
            threads = new Long[size];
        }

        void set(int i, Row row) {
            rps[i] = row.rps();
            p50[i] = row.p50();
            p95[i] = row.p95();
            p99[i] = row.p99();
            errorRate[i] = row.errorRate();
            heap[i] = row.heap();
            threads[i] = row.threads();
        }

        Series.Columns build() {
            return new Series.Columns(Arrays.asList(rps), Arrays.asList(p50), Arrays.asList(p95), Arrays.asList(p99),
                    Arrays.asList(errorRate), Arrays.asList(heap), Arrays.asList(threads));
        }
    }

    /** For tests: every stored row count by service. */
    Map<String, Long> counts() {
        return db.withConnection(conn -> {
            try (var st = conn.createStatement(); var rs = st.executeQuery("SELECT service, count(*) FROM samples GROUP BY service")) {
                var map = new TreeMap<String, Long>();
                while (rs.next()) {
                    map.put(rs.getString(1), rs.getLong(2));
                }
                return map;
            }
        });
    }
}
