package io.dbbasic.crud.records;

import io.dbbasic.common.model.AppModel;
import io.dbbasic.common.model.Resource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A request path under a resource's base path: which resource, and the segments after its base path.
 * Base paths come from the live model, so routing follows every reload without re-registering routes.
 */
record ApiPath(Resource resource, List<String> rest) {
    static Optional<ApiPath> resolve(AppModel model, String path) {
        var trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        Resource best = null;
        for (var resource : model.resources()) {
            var base = resource.basePath();
            if ((trimmed.equals(base) || trimmed.startsWith(base + "/")) && (best == null || base.length() > best.basePath().length())) {
                best = resource;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        var remainder = trimmed.substring(best.basePath().length());
        var rest = remainder.isEmpty() ? List.<String>of() : Arrays.asList(remainder.substring(1).split("/", -1));
        return Optional.of(new ApiPath(best, rest));
    }

    boolean is(String... segments) {
        return rest.equals(List.of(segments));
    }

    /** The record id when the path is {@code {base}/{id}...}; empty when the first segment is not a number. */
    Optional<Long> id() {
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        try {
            var id = Long.parseLong(rest.get(0));
            return id > 0 ? Optional.of(id) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
