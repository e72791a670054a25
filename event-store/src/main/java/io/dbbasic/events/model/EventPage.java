package io.dbbasic.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A page of the whole log in position order. {@code next_position} is the position to ask for next:
 * one past the last event returned, or, when the page is not full, one past everything scanned (so a
 * filtered reader never scans the same positions twice).
 */
@JsonPropertyOrder({"events", "next_position"})
public record EventPage(List<RecordedEvent> events, @JsonProperty("next_position") long nextPosition) {
    public EventPage {
        events = List.copyOf(events);
    }
}
