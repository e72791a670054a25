package io.dbbasic.common.events;

/**
 * The {@code ?expected_version=} of an append, as the event store's API takes it (CONTRACT §8):
 * {@code any}, {@code no_stream}, {@code exists}, or the stream's last version N.
 */
public sealed interface ExpectedVersion {
    /** The query parameter's value. */
    String wire();

    ExpectedVersion ANY = new Any();
    ExpectedVersion NO_STREAM = new NoStream();
    ExpectedVersion EXISTS = new Exists();

    static ExpectedVersion exactly(long version) {
        return new Exactly(version);
    }

    record Any() implements ExpectedVersion {
        @Override public String wire() { return "any"; }
    }

    record NoStream() implements ExpectedVersion {
        @Override public String wire() { return "no_stream"; }
    }

    record Exists() implements ExpectedVersion {
        @Override public String wire() { return "exists"; }
    }

    /** The stream's last version is {@code version} (its first event has version 0). */
    record Exactly(long version) implements ExpectedVersion {
        public Exactly {
            if (version < 0) {
                throw new IllegalArgumentException("a stream's versions start at 0");
            }
        }
        @Override public String wire() { return Long.toString(version); }
    }
}
