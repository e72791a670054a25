package io.dbbasic.common.errors;

public final class NotFound extends ApiException {
    public NotFound(String detail) {
        super(detail);
    }

    @Override public int status() { return 404; }

    @Override public String title() { return "Not found"; }
}
