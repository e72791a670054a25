package io.dbbasic.common.errors;

public final class BadRequest extends ApiException {
    public BadRequest(String detail) {
        super(detail);
    }

    @Override public int status() { return 400; }

    @Override public String title() { return "Bad request"; }
}
