package io.dbbasic.hooks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a hook decides: go on with a (possibly changed) record, or reject the write with a message
 * and per-field errors. These become {@code {"action":"continue","record":…}} and
 * {@code {"action":"reject","message":…,"errors":…}} (CONTRACT §6).
 */
public sealed interface HookResult permits HookResult.Continue, HookResult.Reject {

    /** Go on with {@code record} (named so because {@code continue} is a Java keyword). */
    static Continue proceed(Row record) {
        return new Continue(record, List.of());
    }

    static Reject reject(String message) {
        return new Reject(message, Map.of());
    }

    /** Rejects with one field error; the message names the field. */
    static Reject reject(String field, String error) {
        return new Reject(field + " " + error, Map.of(field, error));
    }

    record Continue(Row record, List<Notification> notifications) implements HookResult {
        public Continue {
            if (record == null) {
                throw new IllegalArgumentException("continue needs a record");
            }
            notifications = List.copyOf(notifications);
        }

        /** The same decision, also recording a notification. */
        public Continue withNotification(String to, String subject, String body) {
            var all = new ArrayList<>(notifications);
            all.add(new Notification(to, subject, body));
            return new Continue(record, all);
        }
    }

    record Reject(String message, Map<String, String> errors) implements HookResult {
        public Reject {
            message = message == null || message.isBlank() ? "rejected by a hook" : message;
            errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        }

        /** The same rejection with one more field error. */
        public Reject error(String field, String error) {
            var all = new LinkedHashMap<>(errors);
            all.put(field, error);
            return new Reject(message, all);
        }
    }
}
