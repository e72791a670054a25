package io.dbbasic.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.UUID;

/**
 * An event as the log holds it (CONTRACT §8): {@code data} and {@code metadata} are JSON text, written
 * into responses as they are, without being parsed again. Immutable, so it is shared freely between
 * the writer, the recent-events ring and every subscriber.
 */
@JsonPropertyOrder({"id", "stream", "version", "position", "type", "data", "metadata", "recorded_at"})
public record RecordedEvent(UUID id, String stream, long version, long position, String type,
                            @JsonRawValue String data, @JsonRawValue String metadata,
                            @JsonProperty("recorded_at") Instant recordedAt) {

    public String category() {
        return StreamName.categoryOf(stream);
    }
}
