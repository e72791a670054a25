package io.dbbasic.common.model;

import java.time.Duration;

/** {@code 100/hour}: at most {@code requests} per {@code window}, per caller. */
public record RateLimit(int requests, Duration window) {
    public RateLimit {
        if (requests < 1 || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("a rate limit needs a positive count and window");
        }
    }
}
