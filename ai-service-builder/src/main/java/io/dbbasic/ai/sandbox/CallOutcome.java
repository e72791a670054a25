package io.dbbasic.ai.sandbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How one hook call ended, as the builder sees it. */
public sealed interface CallOutcome {
    /** The hook let the write go on, with this record (and asked for these notifications to be recorded). */
    record Continued(Map<String, Object> record, List<Map<String, String>> notifications) implements CallOutcome {
        public Continued {
            record = Collections.unmodifiableMap(new LinkedHashMap<>(record));
            notifications = List.copyOf(notifications);
        }
    }

    record Rejected(String message, Map<String, String> errors) implements CallOutcome {
        public Rejected {
            errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        }
    }

    /** Stopped by the sandbox: its loop budget or wall time ran out, or it recursed too deep. */
    record Stopped(String message) implements CallOutcome {}

    /** The hook threw, returned nothing, or took its worker down (out of memory). */
    record Failed(String message) implements CallOutcome {}
}
