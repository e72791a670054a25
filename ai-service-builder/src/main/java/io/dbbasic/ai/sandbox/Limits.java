package io.dbbasic.ai.sandbox;

import java.time.Duration;

/**
 * The bounds of one hook call: loop iterations and calls ({@code ticks}), wall time, and the heap of
 * the worker JVMs that run calls.
 */
public record Limits(long ticks, Duration wallTime, int workerHeapMb, int workers) {
    public static final Limits DEFAULT = new Limits(10_000_000L, Duration.ofMillis(1_000), 128, 2);

    public Limits {
        if (ticks < 1 || wallTime.isNegative() || wallTime.isZero() || workerHeapMb < 16 || workers < 1) {
            throw new IllegalArgumentException("hook limits must be positive (heap at least 16 MB)");
        }
    }
}
