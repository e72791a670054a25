package io.dbbasic.events.model;

import java.util.Objects;
import java.util.UUID;

/**
 * An event on its way into the log, already checked: its id (the client's, or one the server made),
 * a valid type, and data and metadata as compact JSON text (metadata may be {@code null}).
 */
public record ProposedEvent(UUID id, String type, String data, String metadata) {
    public ProposedEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(data, "data");
        if (!EventType.valid(type)) {
            throw new IllegalArgumentException("invalid event type " + type);
        }
    }

    /** Roughly how many bytes the event takes in memory, for bounding queues. */
    public int weight() {
        return 100 + type.length() + data.length() + (metadata == null ? 0 : metadata.length());
    }
}
