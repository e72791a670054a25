package io.dbbasic.events.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/audit/{resource}/{id}}: a record's versions, each with its field changes. */
public record AuditTrail(String resource, Object id, List<Version> versions) {
    public AuditTrail {
        versions = List.copyOf(versions);
    }

    /** One change: {@code changes} maps a field to {@code [old, new]}; {@code user} is as the writer sent it. */
    public record Version(long version, String type, Instant at, JsonNode user, JsonNode changes) {}
}
