package io.dbbasic.common.errors;

import java.util.LinkedHashMap;
import java.util.Map;

/** 422 with one message per field: {@code {"errors":{"title":"is required"}}}. */
public final class ValidationFailed extends ApiException {
    private final Map<String, ?> errors;

    public ValidationFailed(Map<String, ?> errors) {
        this(describe(errors), errors);
    }

    public ValidationFailed(String detail, Map<String, ?> errors) {
        super(detail);
        this.errors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    public Map<String, ?> errors() {
        return errors;
    }

    @Override public int status() { return 422; }

    @Override public String title() { return "Validation failed"; }

    @Override public Map<String, Object> extensions() { return Map.of("errors", errors); }

    private static String describe(Map<String, ?> errors) {
        return errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid";
    }
}
