package io.dbbasic.events.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dbbasic.common.errors.BadRequest;
import io.dbbasic.common.errors.ValidationFailed;
import io.dbbasic.events.model.EventType;
import io.dbbasic.events.model.ProposedEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads the body of {@code POST /streams/{stream}}: one event {@code {"id"?,"type","data","metadata"?}} or
 * an array of them. Malformed JSON (or a repeated key) is a 400; a wrong shape is a 422 naming each
 * problem: {@code {"type":"is required"}} for one event, {@code {"2":{"type":"is required"}}} in an array
 * (the shape of the CRUD bulk errors). Events without an id get a random UUID here.
 */
final class AppendBody {
    static final int MAX_EVENTS = 10_000;
    private static final Set<String> MEMBERS = Set.of("id", "type", "data", "metadata");
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final ObjectMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)   // 12.50 stays 12.50
            .build();

    List<ProposedEvent> parse(byte[] body) {
        var root = tree(body);
        if (root.isObject()) {
            var errors = new LinkedHashMap<String, String>();
            var event = event(root, errors);
            if (!errors.isEmpty()) {
                throw new ValidationFailed(errors);
            }
            return List.of(event);
        }
        if (!root.isArray()) {
            throw new ValidationFailed("the body must be an event or an array of events",
                    Map.of("body", "must be a JSON object (one event) or an array of events"));
        }
        if (root.isEmpty()) {
            throw new ValidationFailed("an empty array appends nothing", Map.of("events", "must hold at least one event"));
        }
        if (root.size() > MAX_EVENTS) {
            throw new ValidationFailed("too many events in one request",
                    Map.of("events", "at most " + MAX_EVENTS + " events per request, not " + root.size()));
        }
        var errors = new LinkedHashMap<String, Object>();
        var events = new ArrayList<ProposedEvent>(root.size());
        var firstIndexOfId = new HashMap<UUID, Integer>();
        for (int i = 0; i < root.size(); i++) {
            var node = root.get(i);
            if (!node.isObject()) {
                errors.put(Integer.toString(i), "must be an event object");
                continue;
            }
            var eventErrors = new LinkedHashMap<String, String>();
            var event = event(node, eventErrors);
            if (event != null) {
                var earlier = firstIndexOfId.putIfAbsent(event.id(), i);
                if (earlier != null) {
                    eventErrors.put("id", "repeats the id of event " + earlier);
                }
            }
            if (eventErrors.isEmpty()) {
                events.add(event);
            } else {
                errors.put(Integer.toString(i), eventErrors);
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors.size() == 1 ? "1 event is invalid" : errors.size() + " events are invalid", errors);
        }
        return events;
    }

    private JsonNode tree(byte[] body) {
        if (body.length == 0) {
            throw new BadRequest("the body is empty: send an event {\"type\",\"data\"} or an array of them");
        }
        try {
            var node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new BadRequest("the body is empty: send an event {\"type\",\"data\"} or an array of them");
            }
            return node;
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            var where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new BadRequest("the body is not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequest("the body could not be read: " + e.getMessage());
        }
    }

    /** One event, or {@code null} with {@code errors} filled. */
    private ProposedEvent event(JsonNode node, Map<String, String> errors) {
        node.fieldNames().forEachRemaining(name -> {
            if (!MEMBERS.contains(name)) {
                errors.put(name, "is not a member of an event (id, type, data, metadata)");
            }
        });
        UUID id = null;
        var idNode = node.get("id");
        if (idNode == null || idNode.isNull()) {
            id = UUID.randomUUID();
        } else if (idNode.isTextual() && UUID_TEXT.matcher(idNode.asText()).matches()) {
            id = UUID.fromString(idNode.asText());
        } else {
            errors.put("id", "must be a UUID such as 7d4f2a52-0000-4000-8000-000000000001, or left out");
        }
        var typeNode = node.get("type");
        String type = null;
        if (typeNode == null || typeNode.isNull()) {
            errors.put("type", "is required");
        } else if (!typeNode.isTextual()) {
            errors.put("type", "must be a string");
        } else {
            type = typeNode.asText();
            var problem = EventType.problem(type);
            if (problem.isPresent()) {
                errors.put("type", problem.get());
            }
        }
        var data = jsonObject(node.get("data"), "data", true, errors);
        var metadata = jsonObject(node.get("metadata"), "metadata", false, errors);
        if (!errors.isEmpty()) {
            return null;
        }
        return new ProposedEvent(id, type, data, metadata);
    }

    private String jsonObject(JsonNode node, String name, boolean required, Map<String, String> errors) {
        if (node == null || node.isNull()) {
            if (required) {
                errors.put(name, "is required (a JSON object)");
            }
            return null;
        }
        if (!node.isObject()) {
            errors.put(name, "must be a JSON object");
            return null;
        }
        String text;
        try {
            text = json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            errors.put(name, "cannot be stored: " + e.getOriginalMessage());
            return null;
        }
        if (hasUnpairedSurrogate(text)) {
            errors.put(name, "holds text that is not valid Unicode (an unpaired surrogate such as \\ud800)");
            return null;
        }
        return text;
    }

    private static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            var c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
