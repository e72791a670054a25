package io.dbbasic.events.model;

import io.dbbasic.common.errors.BadRequest;

/**
 * What an append expects of its stream ({@code ?expected_version=}): {@code any} (no check), {@code no_stream}
 * (the stream has no events), {@code exists} (it has at least one), or a number N (its last version is N).
 */
public sealed interface ExpectedVersion {
    /** Whether a stream whose last version is {@code head} ({@link #NO_STREAM} when it has none) passes. */
    boolean admits(long head);

    /** The expectation as it appears in a 409 body: a string for the symbolic ones, a number for N. */
    Object asJson();

    /** The head of a stream that has no events. */
    long NO_STREAM = -1;

    record Any() implements ExpectedVersion {
        @Override public boolean admits(long head) { return true; }
        @Override public Object asJson() { return "any"; }
    }

    record NoStream() implements ExpectedVersion {
        @Override public boolean admits(long head) { return head == NO_STREAM; }
        @Override public Object asJson() { return "no_stream"; }
    }

    record Exists() implements ExpectedVersion {
        @Override public boolean admits(long head) { return head != NO_STREAM; }
        @Override public Object asJson() { return "exists"; }
    }

    record Exactly(long version) implements ExpectedVersion {
        public Exactly {
            if (version < 0) {
                throw new IllegalArgumentException("an expected version is at least 0");
            }
        }
        @Override public boolean admits(long head) { return head == version; }
        @Override public Object asJson() { return version; }
    }

    ExpectedVersion ANY = new Any();

    /** Parses the query parameter; absent or blank means {@code any}. */
    static ExpectedVersion parse(String text) {
        if (text == null || text.isBlank()) {
            return ANY;
        }
        switch (text.trim()) {
            case "any": return ANY;
            case "no_stream": return new NoStream();
            case "exists": return new Exists();
            default: break;
        }
        var trimmed = text.trim();
        if (trimmed.matches("[0-9]{1,18}")) {
            return new Exactly(Long.parseLong(trimmed));
        }
        throw new BadRequest("expected_version must be any, no_stream, exists or a version number (0 or more), not '"
                + StreamName.printable(text) + "'");
    }

    /** How a stream's head appears in a 409 body: its last version, or {@code "no_stream"}. */
    static Object headAsJson(long head) {
        return head == NO_STREAM ? "no_stream" : head;
    }
}
