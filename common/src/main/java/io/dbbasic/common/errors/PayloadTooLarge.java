package io.dbbasic.common.errors;

public final class PayloadTooLarge extends ApiException {
    public PayloadTooLarge(String detail) {
        super(detail);
    }

    @Override public int status() { return 413; }

    @Override public String title() { return "Payload too large"; }
}
