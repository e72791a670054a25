package io.dbbasic.events.model;

import java.util.List;

/** Events of one stream in the order asked for: {@code {"stream","events":[…]}}. */
public record StreamSlice(String stream, List<RecordedEvent> events) {
    public StreamSlice {
        events = List.copyOf(events);
    }
}
