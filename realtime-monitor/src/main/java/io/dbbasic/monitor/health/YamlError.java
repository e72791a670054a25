package io.dbbasic.monitor.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.regex.Pattern;

/** A YAML file that does not load, as the dashboard lists it: where, and what is wrong. */
public record YamlError(String service, String file, Integer line, Integer column, String message) {
    /** {@code posts.yaml:3:5: error: unknown type}, the validator's and the health problems' form. */
    private static final Pattern PROBLEM = Pattern.compile(
            "^(?<file>[^\\s:][^:]*\\.ya?ml):(?<line>\\d+)(?::(?<column>\\d+))?:\\s*(?:error:\\s*)?(?<message>.+)$");

    /** Reads a health problem; empty when it is not about a YAML file (an unreachable dependency, say). */
    static Optional<YamlError> fromProblem(String service, String problem) {
        var m = PROBLEM.matcher(problem.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        var column = m.group("column");
        return Optional.of(new YamlError(service, m.group("file"), Integer.valueOf(m.group("line")),
                column == null ? null : Integer.valueOf(column), m.group("message").strip()));
    }

    /** Reads one entry of {@code /api/models}' {@code errors} list ({@code file, line, column, message}). */
    static Optional<YamlError> fromModels(String service, JsonNode error) {
        var file = error.path("file").asText("");
        var message = error.path("message").asText("");
        if (file.isEmpty() && message.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new YamlError(service, file, number(error.get("line")), number(error.get("column")), message));
    }

    private static Integer number(JsonNode node) {
        return node != null && node.canConvertToInt() ? node.asInt() : null;
    }
}
