package io.dbbasic.common.model;

import java.util.List;
import java.util.Map;

/**
 * A GET endpoint under the resource's base path: a fixed list query. Filter values may hold
 * {@code {param}} placeholders filled from the path; {@code ordering} uses the list's sort grammar.
 */
public record CustomEndpoint(String path, Map<String, String> filter, List<String> ordering, String description) {
    public CustomEndpoint {
        filter = Map.copyOf(filter);
        ordering = List.copyOf(ordering);
    }
}
