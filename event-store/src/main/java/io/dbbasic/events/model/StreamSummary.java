package io.dbbasic.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/** One stream in a listing: its category, last version (so {@code last_version + 1} events) and last activity. */
@JsonPropertyOrder({"stream", "category", "last_version", "last_position", "last_recorded_at"})
public record StreamSummary(String stream, String category,
                           @JsonProperty("last_version") long lastVersion,
                           @JsonProperty("last_position") long lastPosition,
                           @JsonProperty("last_recorded_at") Instant lastRecordedAt) {}
