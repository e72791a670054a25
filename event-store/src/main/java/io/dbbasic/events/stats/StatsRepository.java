package io.dbbasic.events.stats;

import io.dbbasic.common.storage.DuckDbFile;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** SQL over the log for {@code /api/stats}; every query stops at the published high-water mark. */
final class StatsRepository {
    static final int TOP = 100;

    private final DuckDbFile file;

    StatsRepository(DuckDbFile file) {
        this.file = file;
    }

    record Totals(long events, long streams, Instant first, Instant last) {}

    Totals totals(long highWater) {
        return file.withConnection(conn -> {
            try (var ps = conn.prepareStatement("SELECT count(*), count(DISTINCT stream), epoch_us(min(recorded_at)), "
                    + "epoch_us(max(recorded_at)) FROM events WHERE position <= ?")) {
                ps.setLong(1, highWater);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    var first = rs.getLong(3);
                    var firstNull = rs.wasNull();
                    var last = rs.getLong(4);
                    return new Totals(rs.getLong(1), rs.getLong(2), firstNull ? null : micros(first), firstNull ? null : micros(last));
                }
            }
        });
    }

    /** Counts per type ({@code column = "type"}) or per category, largest first. */
    Map<String, Long> countsBy(String column, long highWater) {
        if (!column.equals("type") && !column.equals("category")) {
            throw new IllegalArgumentException(column);
        }
        var sql = "SELECT " + column + ", count(*) AS n FROM events WHERE position <= ? GROUP BY " + column
                + " ORDER BY n DESC, " + column + " LIMIT " + TOP;
        return file.withConnection(conn -> {
            try (var ps = conn.prepareStatement(sql)) {
                ps.setLong(1, highWater);
                var counts = new LinkedHashMap<String, Long>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.put(rs.getString(1), rs.getLong(2));
                    }
                }
                return counts;
            }
        });
    }

    /** Events per minute since {@code from} (keys are the minutes' starts); minutes without events are absent. */
    Map<Instant, Long> perMinute(Instant from, long highWater) {
        return file.withConnection(conn -> {
            try (var ps = conn.prepareStatement("SELECT epoch_us(date_trunc('minute', recorded_at)) AS m, count(*) FROM events "
                    + "WHERE position <= ? AND recorded_at >= make_timestamp(?) GROUP BY m ORDER BY m")) {
                ps.setLong(1, highWater);
                ps.setLong(2, ChronoUnit.MICROS.between(Instant.EPOCH, from));
                var counts = new LinkedHashMap<Instant, Long>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.put(micros(rs.getLong(1)), rs.getLong(2));
                    }
                }
                return counts;
            }
        });
    }

    private static Instant micros(long us) {
        return Instant.EPOCH.plus(us, ChronoUnit.MICROS);
    }
}
