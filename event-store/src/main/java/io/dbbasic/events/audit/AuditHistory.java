package io.dbbasic.events.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbbasic.common.errors.BadRequest;
import io.dbbasic.events.log.EventLog;
import io.dbbasic.events.model.RecordedEvent;
import io.dbbasic.events.model.StreamName;
import io.dbbasic.events.model.StreamRead;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A record's history from its stream {@code {resource}-{id}}, whose events are
 * {@code {resource}.created|updated|deleted} with data {@code {"record","changes":{"field":[old,new]},"user"}}
 * (CONTRACT §8). Other event types in the stream are left out. When {@code changes} is missing, a
 * created event lists every field of {@code record} as {@code [null, value]} and a deleted one as
 * {@code [value, null]}. {@code at} is the write's own time when the writer put it in
 * {@code metadata.occurred_at} (the outbox does: an event may reach the store later), else when
 * the store recorded it.
 */
public final class AuditHistory {
    static final int MAX_VERSIONS = 10_000;
    private static final Pattern RESOURCE = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final EventLog log;
    private final ObjectMapper json;

    public AuditHistory(EventLog log, ObjectMapper json) {
        this.log = log;
        this.json = json;
    }

    public AuditTrail of(String resource, String id) {
        if (!RESOURCE.matcher(resource).matches()) {
            throw new BadRequest("'" + printable(resource) + "' is not a resource name: [a-z][a-z0-9_]*");
        }
        var stream = StreamName.of(resource + "-" + id);
        var versions = new ArrayList<AuditTrail.Version>();
        var slice = log.readStream(stream, new StreamRead(OptionalLong.of(0), MAX_VERSIONS, false));
        for (var event : slice.events()) {
            var kind = event.type().startsWith(resource + ".") ? event.type().substring(resource.length() + 1) : "";
            if (kind.equals("created") || kind.equals("updated") || kind.equals("deleted")) {
                versions.add(version(event, kind));
            }
        }
        return new AuditTrail(resource, id.matches("[0-9]{1,18}") ? (Object) Long.parseLong(id) : id, versions);
    }

    private AuditTrail.Version version(RecordedEvent event, String kind) {
        var data = parse(event.data());
        var changes = data.get("changes");
        if (changes == null || !changes.isObject()) {
            changes = derivedChanges(data.get("record"), kind);
        }
        var user = data.get("user");
        return new AuditTrail.Version(event.version(), event.type(), occurredAt(event), user == null ? NODES.nullNode() : user, changes);
    }

    private static JsonNode derivedChanges(JsonNode record, String kind) {
        var changes = NODES.objectNode();
        if (record != null && record.isObject() && !kind.equals("updated")) {
            record.properties().forEach(field -> {
                var pair = changes.putArray(field.getKey());
                if (kind.equals("created")) {
                    pair.addNull().add(field.getValue());
                } else {
                    pair.add(field.getValue()).addNull();
                }
            });
        }
        return changes;
    }

    private Instant occurredAt(RecordedEvent event) {
        if (event.metadata() != null) {
            var at = parse(event.metadata()).get("occurred_at");
            if (at != null && at.isTextual()) {
                try {
                    return OffsetDateTime.parse(at.asText()).toInstant();
                } catch (DateTimeParseException e) {
                    // not a time: fall back to when the store recorded it
                }
            }
        }
        return event.recordedAt();
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            // Stored text was written by this service from parsed JSON; unreadable means a damaged row.
            ObjectNode empty = NODES.objectNode();
            return empty;
        }
    }

    private static String printable(String s) {
        var cut = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
