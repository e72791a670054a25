package io.dbbasic.crud.outbox;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/** An outbox row the event store refused for good, with the store's reason. The change itself stays in the change log. */
public record DeadLetter(String database, String resource, long position, @JsonProperty("record_id") long recordId,
                         @JsonProperty("event_id") UUID eventId, String stream, String type, String reason,
                         @JsonProperty("failed_at") Instant failedAt) {

    static DeadLetter of(String database, OutboxRow row, String reason, Instant failedAt) {
        return new DeadLetter(database, row.resource(), row.position(), row.recordId(), row.eventId(), row.stream(),
                row.eventType(), reason, failedAt);
    }
}
