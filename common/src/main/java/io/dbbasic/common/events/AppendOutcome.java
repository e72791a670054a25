package io.dbbasic.common.events;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What became of an append, as far as the caller needs to act on it:
 * <ul>
 *   <li>{@link Appended}: written now. {@link AlreadyAppended}: every event of the request was already
 *       in the stream (an earlier attempt got through); nothing was written twice. Both mean delivered.</li>
 *   <li>{@link VersionConflict}: the stream is not at the expected version. Permanent for this request.</li>
 *   <li>{@link Rejected}: the store refused the request for good (an id used in another stream, a bad
 *       stream name or event): retrying the same request cannot succeed.</li>
 *   <li>{@link Unreachable}: no answer, a timeout, or a temporary refusal (5xx, 408, 429, 401/403 until
 *       the caller's credentials are fixed). The append may or may not have been written: re-send the
 *       same events with the same ids, which is safe.</li>
 * </ul>
 */
public sealed interface AppendOutcome {
    /** Appended or already appended: the events are durably in the stream. */
    default boolean delivered() {
        return this instanceof Appended || this instanceof AlreadyAppended;
    }

    /** Worth sending again later, unchanged. */
    default boolean retryable() {
        return this instanceof Unreachable;
    }

    /** The stream, versions and positions the events have: the body of the store's 201. */
    record Result(String stream, long firstVersion, long lastVersion, long firstPosition, long lastPosition) {}

    record Appended(Result result) implements AppendOutcome {}

    record AlreadyAppended(Result result) implements AppendOutcome {}

    /**
     * The 409 of a version check. {@code expected} and {@code actual} are as the store wrote them: a
     * version number, or {@code no_stream}/{@code exists}.
     */
    record VersionConflict(String expected, String actual, String detail) implements AppendOutcome {
        /** The stream's last version, when it has events. */
        public OptionalLong actualVersion() {
            return actual.matches("[0-9]+") ? OptionalLong.of(Long.parseLong(actual)) : OptionalLong.empty();
        }
    }

    /** A permanent refusal: the HTTP status, the problem's detail and its whole body. */
    record Rejected(int status, String detail, String body) implements AppendOutcome {}

    /**
     * Try again later; {@code retryAfter} when the store said how long to wait. {@code answered}: the store
     * answered (busy, 5xx), rather than not at all (refused, reset, timed out): only the latter says the store
     * itself is down.
     */
    record Unreachable(String reason, Optional<Duration> retryAfter, boolean answered) implements AppendOutcome {}
}
