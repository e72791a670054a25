package io.dbbasic.common.tasks;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** pending: waits for its time; running: claimed by a worker; done; dead: gave up after the last attempt. */
public enum TaskStatus {
    PENDING, RUNNING, DONE, DEAD;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TaskStatus> parse(String text) {
        for (var status : values()) {
            if (status.json().equals(text)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
