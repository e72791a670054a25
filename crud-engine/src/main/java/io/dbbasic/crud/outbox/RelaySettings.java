package io.dbbasic.crud.outbox;

import java.time.Duration;

/**
 * How the relay works through its backlog.
 *
 * @param rowsPerPass      change rows of one resource read and sent per pass, at most …
 * @param bytesPerPass     … about this much JSON (records, changes, callers), but at least one row
 * @param eventsPerAppend  events of one stream in one append request, at most …
 * @param bytesPerAppend   … about this much JSON, but at least one event (the store takes requests up to 10 MB)
 * @param concurrentAppends streams appended at the same time (the store group-commits them together)
 * @param firstRetry       the wait after the first failed attempt; doubled per failure …
 * @param maxRetry         … up to this
 * @param safetyPoll       a pass runs at least this often even when no commit woke the relay
 */
public record RelaySettings(int rowsPerPass, long bytesPerPass, int eventsPerAppend, long bytesPerAppend, int concurrentAppends,
                            Duration firstRetry, Duration maxRetry, Duration safetyPoll) {
    public static final RelaySettings DEFAULTS = new RelaySettings(5_000, 32L << 20, 100, 4L << 20, 16, Duration.ofMillis(250),
            Duration.ofSeconds(5), Duration.ofSeconds(5));

    public RelaySettings {
        if (rowsPerPass < 1 || bytesPerPass < 1 || eventsPerAppend < 1 || bytesPerAppend < 1 || concurrentAppends < 1) {
            throw new IllegalArgumentException("relay sizes must be positive");
        }
        if (firstRetry.isNegative() || firstRetry.isZero() || maxRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("retry waits must be positive, the first no longer than the longest");
        }
    }

    /** The same sizes, with other retry waits. */
    public RelaySettings withRetries(Duration first, Duration max) {
        return new RelaySettings(rowsPerPass, bytesPerPass, eventsPerAppend, bytesPerAppend, concurrentAppends, first, max, safetyPoll);
    }

    /** The wait before attempt {@code failures + 1}: doubling from {@code firstRetry}, at most {@code maxRetry}. */
    Duration retryAfter(int failures) {
        var shift = Math.min(Math.max(failures - 1, 0), 30);
        var millis = firstRetry.toMillis() << shift;
        return millis <= 0 || millis > maxRetry.toMillis() ? maxRetry : Duration.ofMillis(millis);
    }
}
