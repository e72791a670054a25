package io.dbbasic.monitor.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.activity.Activity;
import io.dbbasic.common.errors.BadRequest;
import io.dbbasic.common.errors.PayloadTooLarge;
import io.dbbasic.common.errors.ValidationFailed;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a {@code POST /api/activity} body: one event or an array of them. All or nothing: one invalid
 * event rejects the batch with a 422 naming each bad field by index ({@code {"errors":{"3":{"type":"is required"}}}}),
 * as the CRUD bulk endpoints do. Unknown members are ignored (a newer service may send more).
 */
final class IncomingActivity {
    static final int MAX_BATCH = 1000;
    static final int MAX_DETAIL_CHARS = 8192;
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");

    private IncomingActivity() {}

    /** The events of a body; {@code receivedAt} stands in for a missing {@code at}. */
    static List<Activity> read(JsonNode body, ObjectMapper json, Instant receivedAt) {
        if (body == null || !(body.isArray() || body.isObject())) {
            throw new BadRequest("the body must be an activity object or an array of them");
        }
        var items = new ArrayList<JsonNode>();
        if (body.isArray()) {
            body.forEach(items::add);
        } else {
            items.add(body);
        }
        if (items.size() > MAX_BATCH) {
            throw new PayloadTooLarge("a batch holds at most " + MAX_BATCH + " events, this one " + items.size());
        }
        var events = new ArrayList<Activity>(items.size());
        var errors = new LinkedHashMap<String, Map<String, String>>();
        for (int i = 0; i < items.size(); i++) {
            var fieldErrors = new LinkedHashMap<String, String>();
            var event = one(items.get(i), json, receivedAt, fieldErrors);
            if (fieldErrors.isEmpty()) {
                events.add(event);
            } else {
                errors.put(Integer.toString(i), fieldErrors);
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors.size() == 1 ? "1 event is invalid" : errors.size() + " events are invalid", errors);
        }
        return events;
    }

    private static Activity one(JsonNode node, ObjectMapper json, Instant receivedAt, Map<String, String> errors) {
        if (!node.isObject()) {
            errors.put("event", "must be a JSON object");
            return null;
        }
        var service = text(node, "service", true, SERVICE, "a lower-case service name such as crud-engine", errors);
        var type = text(node, "type", true, TYPE, "a lower-case word such as request, change, hook, reload or config_error", errors);
        var method = text(node, "method", false, METHOD, "an HTTP method such as GET", errors);
        var path = bounded(node, "path", 2048, errors);
        var resource = bounded(node, "resource", 128, errors);
        Integer status = null;
        if (present(node, "status")) {
            var s = node.get("status");
            if (!s.canConvertToInt() || !s.isIntegralNumber() || s.asInt() < 100 || s.asInt() > 599) {
                errors.put("status", "must be an HTTP status from 100 to 599");
            } else {
                status = s.asInt();
            }
        }
        Double duration = null;
        if (present(node, "duration_ms")) {
            var d = node.get("duration_ms");
            if (!d.isNumber() || d.asDouble() < 0 || d.asDouble() > 86_400_000 || Double.isNaN(d.asDouble())) {
                errors.put("duration_ms", "must be a number of milliseconds from 0 to 86400000");
            } else {
                duration = d.asDouble();
            }
        }
        var at = receivedAt;
        if (present(node, "at")) {
            try {
                at = Instant.parse(node.get("at").asText());
            } catch (DateTimeParseException e) {
                errors.put("at", "must be an ISO-8601 UTC time such as 2026-11-25T20:00:00Z");
            }
        }
        Object detail = null;
        if (present(node, "detail")) {
            var d = node.get("detail");
            try {
                if (json.writeValueAsString(d).length() > MAX_DETAIL_CHARS) {
                    errors.put("detail", "must be at most " + MAX_DETAIL_CHARS + " characters of JSON");
                } else {
                    detail = d.isTextual() ? d.asText() : json.treeToValue(d, Object.class);
                }
            } catch (JsonProcessingException e) {
                errors.put("detail", "must be JSON");
            }
        }
        return new Activity(service, type, method, path, status, duration, resource, at, detail);
    }

    private static boolean present(JsonNode node, String name) {
        return node.hasNonNull(name);
    }

    private static String text(JsonNode node, String name, boolean required, Pattern pattern, String expected,
                               Map<String, String> errors) {
        if (!present(node, name)) {
            if (required) {
                errors.put(name, "is required");
            }
            return null;
        }
        var value = node.get(name);
        if (!value.isTextual() || !pattern.matcher(value.asText()).matches()) {
            errors.put(name, "must be " + expected);
            return null;
        }
        return value.asText();
    }

    private static String bounded(JsonNode node, String name, int max, Map<String, String> errors) {
        if (!present(node, name)) {
            return null;
        }
        var value = node.get(name);
        if (!value.isTextual()) {
            errors.put(name, "must be a string");
            return null;
        }
        if (value.asText().length() > max) {
            errors.put(name, "must be at most " + max + " characters");
            return null;
        }
        return value.asText();
    }
}
