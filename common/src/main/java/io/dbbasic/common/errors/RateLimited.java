package io.dbbasic.common.errors;

import java.util.Map;

public final class RateLimited extends ApiException {
    private final long retryAfterSeconds;

    public RateLimited(String detail, long retryAfterSeconds) {
        super(detail);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    @Override public int status() { return 429; }

    @Override public String title() { return "Too many requests"; }

    @Override public Map<String, String> headers() {
        return Map.of("Retry-After", Long.toString(retryAfterSeconds));
    }
}
