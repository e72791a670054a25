package io.dbbasic.common.hooks;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a hook call ended, seen from the crud-engine. A before-hook chain goes on after {@link Continue},
 * turns {@link Reject} into 422 with its message, skips {@link Missing} (unless the resource's hooks
 * are strict) and fails closed with 503 on the rest ({@link #failsClosed()}).
 */
public sealed interface HookOutcome {
    /** The hook accepts the write, with this (possibly changed) record. */
    record Continue(Map<String, Object> record) implements HookOutcome {
        public Continue {
            record = Collections.unmodifiableMap(new LinkedHashMap<>(record));
        }
    }

    /** The hook vetoes the write. */
    record Reject(String message, Map<String, String> errors) implements HookOutcome {
        public Reject {
            errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        }
    }

    /** No active service has this name (the builder answered 404). */
    record Missing(String name) implements HookOutcome {}

    /** The builder did not answer within the client's timeout. */
    record TimedOut(String name, Duration after) implements HookOutcome {}

    /** The builder answered but gave no decision: the hook was stopped or failed (503), or the reply was unusable. */
    record Failed(String name, int status, String detail) implements HookOutcome {}

    /** The builder could not be reached at all. */
    record Unreachable(String name, String reason) implements HookOutcome {}

    /** True for outcomes that must stop a write when the hook is a before-hook (503, nothing written). */
    default boolean failsClosed() {
        return this instanceof TimedOut || this instanceof Failed || this instanceof Unreachable;
    }

    /** One line for logs, the monitor and 503 details. */
    default String describe() {
        if (this instanceof Continue) {
            return "continue";
        }
        if (this instanceof Reject r) {
            return "reject: " + r.message();
        }
        if (this instanceof Missing m) {
            return "no active service named " + m.name();
        }
        if (this instanceof TimedOut t) {
            return "hook " + t.name() + " did not answer within " + t.after().toMillis() + " ms";
        }
        if (this instanceof Failed f) {
            return "hook " + f.name() + " failed (" + f.status() + "): " + f.detail();
        }
        var u = (Unreachable) this;
        return "the AI service builder is unreachable for hook " + u.name() + ": " + u.reason();
    }
}
