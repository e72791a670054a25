package io.dbbasic.common.errors;

public final class DependencyDown extends ApiException {
    public DependencyDown(String detail) {
        super(detail);
    }

    @Override public int status() { return 503; }

    @Override public String title() { return "Service unavailable"; }
}
