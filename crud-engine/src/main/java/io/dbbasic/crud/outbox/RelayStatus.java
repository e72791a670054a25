package io.dbbasic.crud.outbox;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;

/**
 * The relay of one database file as health, metrics and {@code GET /api/system/outbox} see it.
 * {@code pending}: changes after the relay's cursor, not yet confirmed by the event store;
 * {@code oldestPendingAt}: when the oldest of them was written; {@code relayed}: events the store
 * confirmed since start; {@code problem}: why the last attempt did not get through, while it did not.
 */
public record RelayStatus(String database, long pending, @JsonProperty("oldest_pending_at") Instant oldestPendingAt,
                          @JsonProperty("dead_letters") long deadLetters, long relayed, String problem) {

    /** How long the oldest pending change has waited (zero when none waits). */
    public Duration oldestAge(Instant now) {
        return oldestPendingAt == null || pending == 0 ? Duration.ZERO : Duration.between(oldestPendingAt, now);
    }
}
