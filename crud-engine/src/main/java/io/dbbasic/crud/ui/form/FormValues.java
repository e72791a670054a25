package io.dbbasic.crud.ui.form;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;

/**
 * Field values as a form's inputs hold them (text), the same shape as what the browser sends back: a
 * timestamp as a {@code datetime-local} value in UTC, json pretty-printed, many_to_many as one text per id.
 */
final class FormValues {
    private final ObjectMapper json;

    FormValues(ObjectMapper json) {
        this.json = json;
    }

    List<String> of(Field field, Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> ids) {
            return ids.stream().map(String::valueOf).toList();
        }
        if (value instanceof Instant instant) {
            return List.of(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC).toString());
        }
        if (value instanceof BigDecimal number) {
            return List.of(number.toPlainString());
        }
        if (value instanceof JsonNode node) {
            return List.of(node.toPrettyString());
        }
        if (field.type() instanceof FieldType.Json) {
            try {
                return List.of(json.writerWithDefaultPrettyPrinter().writeValueAsString(value));   // a YAML default: plain maps and lists
            } catch (JsonProcessingException e) {
                return List.of(String.valueOf(value));
            }
        }
        if (field.type() instanceof FieldType.File) {
            return List.of();   // a file is shown as the current file, never as text
        }
        return List.of(value.toString());
    }
}
