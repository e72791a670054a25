package io.dbbasic.monitor.activity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.dbbasic.common.activity.Activity;

/** An activity event as the monitor keeps and serves it: the reported event with the monitor's sequence number. */
@JsonPropertyOrder({"id"})
public record StoredActivity(long id, @JsonUnwrapped Activity activity) {}
