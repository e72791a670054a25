package io.dbbasic.events.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The answer to an append (CONTRACT §8). {@code replayed} is true when every event of the request was
 * already in the stream (an idempotent re-post): the body is then the original append's.
 */
@JsonPropertyOrder({"stream", "first_version", "last_version", "first_position", "last_position"})
public record AppendResult(String stream,
                           @JsonProperty("first_version") long firstVersion,
                           @JsonProperty("last_version") long lastVersion,
                           @JsonProperty("first_position") long firstPosition,
                           @JsonProperty("last_position") long lastPosition,
                           @JsonIgnore boolean replayed) {
    public AppendResult {
        if (lastVersion < firstVersion || lastPosition < firstPosition) {
            throw new IllegalArgumentException("an append covers at least one event");
        }
    }
}
