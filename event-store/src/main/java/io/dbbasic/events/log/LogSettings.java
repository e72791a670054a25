package io.dbbasic.events.log;

import java.time.Duration;

/**
 * Sizes and limits of the event log.
 *
 * @param ringCapacity    recent events kept in memory for live readers (a power of two)
 * @param queueCapacity   appends that may wait for the writer before new ones are refused (503)
 * @param maxGroupEvents  events one group commit takes at most (a single request may exceed it alone)
 * @param appendTimeout   how long a request waits for its commit before answering 503
 * @param headCacheSize   stream heads the writer remembers
 */
public record LogSettings(int ringCapacity, int queueCapacity, int maxGroupEvents, Duration appendTimeout, int headCacheSize) {
    public static final LogSettings DEFAULTS = new LogSettings(16_384, 10_000, 20_000, Duration.ofSeconds(30), 100_000);

    public LogSettings withRingCapacity(int capacity) {
        return new LogSettings(capacity, queueCapacity, maxGroupEvents, appendTimeout, headCacheSize);
    }
}
