package io.dbbasic.monitor.metrics;

import org.HdrHistogram.Histogram;

/**
 * A sliding window over one service's requests: a ring of one-second slots, each with its counts and
 * an HdrHistogram of durations in microseconds (2 significant digits: percentiles within 1%).
 * Statistics cover the last {@code seconds} complete seconds; the current second joins when it ends,
 * so a half-filled second never drags the rate down. Every method is synchronized: ingestion threads
 * record, the sampler thread reads, and both are brief.
 */
final class RequestWindow {
    private final int seconds;
    private final Slot[] slots;

    RequestWindow(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("a window needs at least one second");
        }
        this.seconds = seconds;
        this.slots = new Slot[seconds + 1];   // the complete seconds plus the one in progress
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot();
        }
    }

    /** Records one request that ended in {@code epochSecond}; ignored when older than the window. */
    synchronized void record(long epochSecond, long nowSecond, long durationMicros, int status) {
        var second = Math.min(epochSecond, nowSecond);   // a clock a little ahead of ours counts as now
        if (second <= nowSecond - slots.length) {
            return;
        }
        var slot = slots[(int) Math.floorMod(second, (long) slots.length)];
        if (slot.second != second) {
            slot.reset(second);
        }
        slot.count++;
        if (status >= 500) {
            slot.serverErrors++;
        } else if (status >= 400) {
            slot.clientErrors++;
        }
        slot.durations.recordValue(Math.max(0, durationMicros));
    }

    /** The statistics of the complete seconds {@code nowSecond - seconds} … {@code nowSecond - 1}. */
    synchronized WindowStats stats(long nowSecond) {
        var merged = new Histogram(2);
        long requests = 0;
        long serverErrors = 0;
        long clientErrors = 0;
        for (var slot : slots) {
            if (slot.second >= nowSecond - seconds && slot.second < nowSecond) {
                requests += slot.count;
                serverErrors += slot.serverErrors;
                clientErrors += slot.clientErrors;
                merged.add(slot.durations);
            }
        }
        if (requests == 0) {
            return WindowStats.empty(seconds);
        }
        return new WindowStats(seconds, requests, serverErrors, clientErrors,
                millis(merged, 50), millis(merged, 95), millis(merged, 99));
    }

    private static double millis(Histogram histogram, double percentile) {
        return Math.round(histogram.getValueAtPercentile(percentile) / 10.0) / 100.0;   // µs → ms, 2 decimals
    }

    private static final class Slot {
        long second = Long.MIN_VALUE;
        long count;
        long serverErrors;
        long clientErrors;
        final Histogram durations = new Histogram(2);   // auto-resizing: small until long requests show up

        void reset(long newSecond) {
            second = newSecond;
            count = 0;
            serverErrors = 0;
            clientErrors = 0;
            durations.reset();
        }
    }
}
