package io.dbbasic.common.events;

import java.util.Objects;
import java.util.UUID;

/**
 * An event to append. The id is required here (the API would make one up, but then a retry could not
 * be recognised): make it once, store it with the change it describes, and send that same id on every
 * attempt. {@code data} is a JSON object (a {@code Map}, a record, a Jackson node); {@code metadata}
 * is one too, or {@code null}.
 */
public record NewEvent(UUID id, String type, Object data, Object metadata) {
    public NewEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    public NewEvent(UUID id, String type, Object data) {
        this(id, type, data, null);
    }
}
