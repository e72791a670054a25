package io.dbbasic.common.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One operation a service reports to the monitor (CONTRACT §7): a request it served, a record it
 * changed, a hook it called, a reload, a YAML error. Only {@code service}, {@code type} and {@code at}
 * are always present; the rest depends on the type. {@code detail} is a short string or a JSON object.
 * Unknown keys are ignored on the way in, so a newer service can talk to an older monitor.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"service", "type", "method", "path", "status", "duration_ms", "resource", "at", "detail"})
public record Activity(String service, String type, String method, String path, Integer status,
                       @JsonProperty("duration_ms") Double durationMs, String resource, Instant at, Object detail) {
    public static final String REQUEST = "request";
    public static final String CHANGE = "change";
    public static final String HOOK = "hook";
    public static final String RELOAD = "reload";
    public static final String CONFIG_ERROR = "config_error";
    /** Written by the monitor itself when a service's health changes (up, degraded, down). */
    public static final String HEALTH = "health";

    /** A request a service answered; {@code path} is the raw path without the query string. */
    public static Activity request(String service, String method, String path, int status, double durationMs,
                                   String resource, Instant at) {
        return new Activity(service, REQUEST, method, path, status, durationMs, resource, at, null);
    }

    /** A record created, updated or deleted: {@code detail} holds {@code {"op","id"}}. */
    public static Activity change(String service, String resource, String op, Object id, Instant at) {
        var detail = new LinkedHashMap<String, Object>();
        detail.put("op", op);
        detail.put("id", id);
        return new Activity(service, CHANGE, null, null, null, null, resource, at, detail);
    }

    /**
     * A hook call: {@code detail} holds {@code {"hook","event","outcome"}} (outcome such as continue,
     * reject, missing, failed), with the time it took.
     */
    public static Activity hook(String service, String resource, String hook, String event, String outcome,
                                double durationMs, Instant at) {
        return new Activity(service, HOOK, null, null, null, durationMs, resource, at,
                Map.of("hook", hook, "event", event, "outcome", outcome));
    }

    /** A configuration file (re)loaded: {@code detail} is a one-line summary such as "posts.yaml loaded". */
    public static Activity reload(String service, String resource, String detail, Instant at) {
        return new Activity(service, RELOAD, null, null, null, null, resource, at, detail);
    }

    /** A YAML file that does not load: {@code detail} holds {@code {"file","line","column","message"}}. */
    public static Activity configError(String service, String file, int line, int column, String message, Instant at) {
        var detail = new LinkedHashMap<String, Object>();
        detail.put("file", file);
        detail.put("line", line);
        detail.put("column", column);
        detail.put("message", message);
        return new Activity(service, CONFIG_ERROR, null, null, null, null, null, at, detail);
    }
}
