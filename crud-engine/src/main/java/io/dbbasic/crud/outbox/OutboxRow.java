package io.dbbasic.crud.outbox;

import com.fasterxml.jackson.databind.util.RawValue;
import io.dbbasic.common.events.NewEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One change-log row as the relay sends it: the JSON columns stay the text the writer stored, passed
 * through to the event store unparsed. {@code type} is {@code created}, {@code updated} or {@code deleted}.
 * {@code deadLettered}: the store refused it in an earlier pass (while a row before it still waited).
 */
record OutboxRow(String resource, long position, String type, long recordId, String record, String changes,
                 String caller, Instant changedAt, UUID eventId, boolean deadLettered) {

    /** CONTRACT §8: every change of a record goes to the stream {@code {resource}-{id}}. */
    String stream() {
        return resource + "-" + recordId;
    }

    /** About how large its event is, in JSON characters. */
    long size() {
        return record.length() + changes.length() + (caller == null ? 4 : caller.length()) + 200L;
    }

    String eventType() {
        return resource + "." + type;
    }

    /**
     * The event: data {@code {"record","changes","user"}} (CONTRACT §8); metadata {@code occurred_at}, the
     * write's own time (the audit shows it, since the event may reach the store much later), and the
     * change's per-resource {@code change_position} (the realtime position of CONTRACT §5).
     */
    NewEvent event() {
        var data = new LinkedHashMap<String, Object>();
        data.put("record", new RawValue(record));
        data.put("changes", new RawValue(changes));
        data.put("user", caller == null ? null : new RawValue(caller));
        return new NewEvent(eventId, eventType(), data, Map.of("occurred_at", changedAt.toString(), "change_position", position));
    }
}
