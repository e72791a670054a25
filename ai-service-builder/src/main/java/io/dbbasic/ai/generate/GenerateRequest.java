package io.dbbasic.ai.generate;

import java.util.List;
import java.util.Map;

/** The body of {@code POST /api/services/generate} (CONTRACT §6); resource, event and examples are optional. */
public record GenerateRequest(String name, String description, String resource, String event, List<Map<String, Object>> examples) {
    public GenerateRequest {
        examples = examples == null ? List.of() : examples;
        event = event == null || event.isBlank() ? "before_create" : event;
    }
}
