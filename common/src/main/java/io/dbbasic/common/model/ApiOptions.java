package io.dbbasic.common.model;

import java.util.List;

/** The {@code api:} block. A rate limit that is {@code null} means no limit for that kind of request. */
public record ApiOptions(String basePath, boolean enableBulk, boolean enableExport,
                         RateLimit readLimit, RateLimit writeLimit, List<CustomEndpoint> customEndpoints) {
    public ApiOptions {
        customEndpoints = List.copyOf(customEndpoints);
    }

    public static ApiOptions defaults(String resource) {
        return new ApiOptions("/api/" + resource, false, false, null, null, List.of());
    }
}
