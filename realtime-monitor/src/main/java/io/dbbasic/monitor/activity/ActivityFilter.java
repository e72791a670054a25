package io.dbbasic.monitor.activity;

import io.dbbasic.common.errors.BadRequest;
import java.util.Optional;

/** {@code GET /api/activity?service=&type=&resource=&limit=}: empty means "any"; newest first. */
public record ActivityFilter(Optional<String> service, Optional<String> type, Optional<String> resource, int limit) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public ActivityFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit out of range: " + limit);
        }
    }

    /** Reads the query parameters; a limit above {@link #MAX_LIMIT} is clamped, a malformed one is a 400. */
    static ActivityFilter parse(String service, String type, String resource, String limit) {
        var n = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                throw new BadRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ", not '" + limit + "'");
            }
            if (n < 1) {
                throw new BadRequest("limit must be at least 1, not " + n);
            }
        }
        return new ActivityFilter(blankToEmpty(service), blankToEmpty(type), blankToEmpty(resource), Math.min(n, MAX_LIMIT));
    }

    private static Optional<String> blankToEmpty(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }
}
