package io.dbbasic.crud.realtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dbbasic.crud.records.Change;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the server sends on {@code /ws} (CONTRACT §5, docs/api.md "Realtime"). Each record's components
 * are its JSON members, in order; {@code type} comes first so a client can switch on it.
 */
sealed interface ServerMessage {
    /** A change to a record the subscriber's filter selects: {@code created}, {@code updated} or {@code deleted}. */
    record Event(String type, String resource, long id, Map<String, Object> record, List<String> changed, long position,
                 Instant at) implements ServerMessage {
        static Event of(Change change) {
            return new Event(change.type().wireName(), change.resource(), change.id(), change.record(), change.changed(),
                    change.position(), change.at());
        }
    }

    /** The reply to a subscribe: events follow from {@code since} (or from {@code position} when there was none). */
    record Subscribed(String type, String resource, long position) implements ServerMessage {
        Subscribed(String resource, long position) {
            this("subscribed", resource, position);
        }
    }

    record Unsubscribed(String type, String resource) implements ServerMessage {
        Unsubscribed(String resource) {
            this("unsubscribed", resource);
        }
    }

    /** The resource's YAML changed (fields, options): cached forms and field lists may be stale. */
    record SchemaChanged(String type, String resource) implements ServerMessage {
        SchemaChanged(String resource) {
            this("schema_changed", resource);
        }
    }

    /** A message was not understood, or a subscription ended; never a stack trace. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String type, String resource, String message) implements ServerMessage {
        Error(String resource, String message) {
            this("error", resource, message);
        }
    }
}
