package io.dbbasic.crud.records;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One committed change to one record, as realtime subscribers, the cache, hooks and the event store
 * see it. {@code record} is the record after the change in its JSON form (before it, for a delete);
 * {@code changes} maps each changed field to {@code [old, new]}; {@code user} is who made it
 * ({@code {"id","username","roles"}}, or null for an anonymous caller). {@code position} is the resource's
 * change sequence: it increases by exactly one per change, in commit order.
 */
public record Change(String resource, long position, Type type, long id, Map<String, Object> record,
                     Map<String, List<Object>> changes, Map<String, Object> user, Instant at, UUID eventId) {
    public enum Type {
        CREATED, UPDATED, DELETED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Change {
        record = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(record));
        changes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(changes));
    }

    public List<String> changed() {
        return List.copyOf(changes.keySet());
    }
}
