package io.dbbasic.events.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which events of the whole log a reader wants: any of {@code types} (empty: all), any of
 * {@code categories} (empty: all), recorded at or after {@code since} and before {@code until}.
 */
public record EventFilter(List<String> types, List<String> categories, Optional<Instant> since, Optional<Instant> until) {
    public static final EventFilter ALL = new EventFilter(List.of(), List.of(), Optional.empty(), Optional.empty());

    public EventFilter {
        types = List.copyOf(types);
        categories = List.copyOf(categories);
    }

    public boolean matches(RecordedEvent event) {
        return (types.isEmpty() || types.contains(event.type()))
                && (categories.isEmpty() || categories.contains(event.category()))
                && since.map(s -> !event.recordedAt().isBefore(s)).orElse(true)
                && until.map(u -> event.recordedAt().isBefore(u)).orElse(true);
    }

    public boolean isAll() {
        return types.isEmpty() && categories.isEmpty() && since.isEmpty() && until.isEmpty();
    }
}
