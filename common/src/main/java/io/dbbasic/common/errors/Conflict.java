package io.dbbasic.common.errors;

import java.util.Map;

/** 409: a unique value taken, a wrong expected version, a record still referenced, an invalid transition. */
public final class Conflict extends ApiException {
    private final Map<String, Object> extensions;

    public Conflict(String detail) {
        this(detail, Map.of());
    }

    public Conflict(String detail, Map<String, Object> extensions) {
        super(detail);
        this.extensions = Map.copyOf(extensions);
    }

    @Override public int status() { return 409; }

    @Override public String title() { return "Conflict"; }

    @Override public Map<String, Object> extensions() { return extensions; }
}
