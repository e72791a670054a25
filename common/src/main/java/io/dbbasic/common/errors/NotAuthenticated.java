package io.dbbasic.common.errors;

public final class NotAuthenticated extends ApiException {
    public NotAuthenticated(String detail) {
        super(detail);
    }

    @Override public int status() { return 401; }

    @Override public String title() { return "Not authenticated"; }
}
