package io.dbbasic.crud.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a client may send on {@code /ws} (CONTRACT §5). Parsing is strict, like the REST write path: an
 * unknown key is an error naming it rather than silently ignored (a misspelt {@code since} would
 * otherwise quietly lose the resume). Field names and filter operators are checked later, against the
 * model, by {@code Records.filter}.
 */
sealed interface ClientMessage {
    /** {@code filter} maps list-filter keys ({@code status}, {@code price[gte]}) to their query-string text. */
    record Subscribe(String resource, Map<String, String> filter, OptionalLong since) implements ClientMessage {
        public Subscribe {
            filter = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(filter));
        }
    }

    record Unsubscribe(String resource) implements ClientMessage {}

    /** A message that is not understood; {@code resource} when the message named one. */
    final class Bad extends Exception {
        private final transient String resource;

        Bad(String message, String resource) {
            super(message, null, false, false);
            this.resource = resource;
        }

        Optional<String> resource() {
            return Optional.ofNullable(resource);
        }
    }

    Set<String> SUBSCRIBE_KEYS = Set.of("action", "resource", "filter", "since");
    Set<String> UNSUBSCRIBE_KEYS = Set.of("action", "resource");

    static ClientMessage parse(ObjectMapper json, String text) throws Bad {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Bad("not JSON: send an object like {\"action\":\"subscribe\",\"resource\":\"posts\"}", null);
        }
        if (node == null || !node.isObject()) {
            throw new Bad("send a JSON object like {\"action\":\"subscribe\",\"resource\":\"posts\"}", null);
        }
        var action = node.path("action");
        var resourceNode = node.path("resource");
        var resource = resourceNode.isTextual() ? resourceNode.textValue() : null;
        if (!action.isTextual()) {
            throw new Bad("`action` is required: subscribe or unsubscribe", resource);
        }
        var allowed = switch (action.textValue()) {
            case "subscribe" -> SUBSCRIBE_KEYS;
            case "unsubscribe" -> UNSUBSCRIBE_KEYS;
            default -> throw new Bad("unknown action `" + action.textValue() + "`: use subscribe or unsubscribe", resource);
        };
        var unknown = new ArrayList<String>();
        for (var property : node.properties()) {
            if (!allowed.contains(property.getKey())) {
                unknown.add(property.getKey());
            }
        }
        if (!unknown.isEmpty()) {
            throw new Bad("unknown key " + String.join(", ", unknown.stream().map(k -> "`" + k + "`").toList()) + " in "
                    + action.textValue() + "; allowed: " + String.join(", ", allowed.stream().sorted().toList()), resource);
        }
        if (resource == null || resource.isBlank()) {
            throw new Bad("`resource` is required and must be a resource name", null);
        }
        if (action.textValue().equals("unsubscribe")) {
            return new Unsubscribe(resource);
        }
        return new Subscribe(resource, filter(node.path("filter"), resource), since(node.path("since"), resource));
    }

    private static Map<String, String> filter(JsonNode node, String resource) throws Bad {
        var filter = new LinkedHashMap<String, String>();
        if (node.isMissingNode() || node.isNull()) {
            return filter;
        }
        if (!node.isObject()) {
            throw new Bad("`filter` must be an object like {\"status\":\"published\",\"price[gte]\":10}", resource);
        }
        for (var entry : node.properties()) {
            filter.put(entry.getKey(), text(entry.getKey(), entry.getValue(), resource));
        }
        return filter;
    }

    /** A filter value as it would appear in a query string; an array is the comma list {@code [in]} takes. */
    private static String text(String key, JsonNode value, String resource) throws Bad {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        if (value.isArray()) {
            var items = new ArrayList<String>();
            for (var item : value) {
                if (!(item.isTextual() || item.isNumber() || item.isBoolean())) {
                    throw new Bad("filter `" + key + "`: list items must be strings, numbers or booleans", resource);
                }
                items.add(item.asText());
            }
            return String.join(",", items);
        }
        if (value.isNull()) {
            throw new Bad("filter `" + key + "` is null; to match a missing value use {\"" + key + "[null]\":true}", resource);
        }
        throw new Bad("filter `" + key + "` must be a string, number, boolean or list", resource);
    }

    private static OptionalLong since(JsonNode node, String resource) throws Bad {
        if (node.isMissingNode() || node.isNull()) {
            return OptionalLong.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new Bad("`since` must be a position: a whole number, 0 or more (0 replays the whole log)", resource);
        }
        return OptionalLong.of(node.longValue());
    }
}
