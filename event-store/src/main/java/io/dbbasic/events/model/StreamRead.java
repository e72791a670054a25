package io.dbbasic.events.model;

import java.util.OptionalLong;

/**
 * How to read one stream: from which version (inclusive; absent means the first going forward and the
 * last going backward), how many events at most, and in which direction.
 */
public record StreamRead(OptionalLong fromVersion, int limit, boolean backward) {
    public StreamRead {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        if (fromVersion.isPresent() && fromVersion.getAsLong() < 0) {
            throw new IllegalArgumentException("from_version must be at least 0");
        }
    }
}
