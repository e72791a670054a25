package io.dbbasic.common.tasks;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One unit of work in the {@link TaskQueue}, as {@code GET /api/system/tasks} shows it. {@code kind}
 * says which handler runs it (for hooks: {@code hook}); {@code payload} is its JSON input.
 */
public record Task(long id, String kind, Map<String, Object> payload, TaskStatus status, int attempts,
                   @JsonProperty("max_attempts") int maxAttempts,
                   @JsonProperty("created_at") Instant createdAt,
                   @JsonProperty("next_run_at") Instant nextRunAt,
                   @JsonProperty("updated_at") Instant updatedAt,
                   @JsonProperty("last_error") String lastError) {
    public Task {
        payload = Collections.unmodifiableMap(new LinkedHashMap<>(payload));
    }
}
