package io.dbbasic.common.errors;

public final class NotAuthenticated extends ApiException {
    public NotAuthenticated(String detail) {
        super(detail);
    }

    @Override public int status() { return 401; }

    @Override public String title() { return "Not authenticated"; }

    /** RFC 6750: tells clients the scheme to use. */
    @Override public java.util.Map<String, String> headers() {
        return java.util.Map.of("WWW-Authenticate", "Bearer realm=\"dbbasic\"");
    }
}
