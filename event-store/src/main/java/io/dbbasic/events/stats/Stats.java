package io.dbbasic.events.stats;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/stats}: totals, counts per type and per category (the 100 largest of each, largest
 * first), and events per minute over the last hour (oldest first, minutes without events included).
 */
@JsonPropertyOrder({"total_events", "total_streams", "last_position", "first_recorded_at", "last_recorded_at",
        "events_last_minute", "types", "categories", "events_per_minute"})
public record Stats(@JsonProperty("total_events") long totalEvents,
                    @JsonProperty("total_streams") long totalStreams,
                    @JsonProperty("last_position") long lastPosition,
                    @JsonProperty("first_recorded_at") Instant firstRecordedAt,
                    @JsonProperty("last_recorded_at") Instant lastRecordedAt,
                    @JsonProperty("events_last_minute") long eventsLastMinute,
                    Map<String, Long> types,
                    Map<String, Long> categories,
                    @JsonProperty("events_per_minute") List<Minute> eventsPerMinute) {

    /** Events recorded in the minute starting at {@code minute}. */
    public record Minute(Instant minute, long count) {}
}
