package io.dbbasic.common.errors;

public final class PreconditionFailed extends ApiException {
    public PreconditionFailed(String detail) {
        super(detail);
    }

    @Override public int status() { return 412; }

    @Override public String title() { return "Precondition failed"; }
}
