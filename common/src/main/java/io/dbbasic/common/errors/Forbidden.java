package io.dbbasic.common.errors;

public final class Forbidden extends ApiException {
    public Forbidden(String detail) {
        super(detail);
    }

    @Override public int status() { return 403; }

    @Override public String title() { return "Forbidden"; }
}
