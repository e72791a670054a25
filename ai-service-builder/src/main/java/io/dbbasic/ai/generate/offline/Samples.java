package io.dbbasic.ai.generate.offline;

import io.dbbasic.ai.models.Catalog;
import io.dbbasic.hooks.Row;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Sample inputs for generated tests: a base record (with a value for every field the description makes
 * unconditionally required, so other rules' samples are not all refused) plus what a rule varies.
 * Each sample is {record, previous}; previous is null for a create.
 */
final class Samples {
    static final List<BigDecimal> NUMBERS = List.of(new BigDecimal("3"), new BigDecimal("12.5"), new BigDecimal("7"), new BigDecimal("2"));
    static final List<String> WORDS = List.of("Ada", "Lovelace", "London", "Analyst");

    private final Catalog.ResourceInfo resource;
    private final Map<String, Object> required;

    Samples(Catalog.ResourceInfo resource, Map<String, Object> required) {
        this.resource = resource;
        this.required = Map.copyOf(required);
    }

    Row[] base() {
        return new Row[] {new Row(required), null};
    }

    Row[] with(String field, Object value) {
        var sample = base();
        sample[0].set(field, value);
        return sample;
    }

    Row[] copy(Row[] sample) {
        return new Row[] {sample[0].copy(), sample[1] == null ? null : sample[1].copy()};
    }

    /** A plausible value for a field, by its declared type when the resource is known. */
    Object sampleFor(String field) {
        var type = resource == null ? "" : resource.field(field).map(Catalog.FieldInfo::type).orElse("");
        switch (type) {
            case "integer": case "foreign_key": return 5L;
            case "decimal": return new BigDecimal("12.50");
            case "boolean": return true;
            case "date": return "2026-06-15";
            case "timestamp": return "2026-06-15T10:00:00Z";
            case "email": return "ann@example.com";
            case "url": return "https://example.com/page";
            case "select": return resource.field(field).map(f -> (Object) f.options().get(0)).orElse("sample");
            default: return "Sample value";
        }
    }

    /** A value that the named format accepts. */
    static String exampleFor(String label) {
        if (label.contains("e-mail")) {
            return "ann@example.com";
        }
        if (label.contains("URL")) {
            return "https://example.com/a";
        }
        if (label.contains("phone")) {
            return "+1 555 123 4567";
        }
        if (label.contains("ZIP")) {
            return "94107";
        }
        if (label.contains("colour")) {
            return "#1a2b3c";
        }
        if (label.contains("UUID")) {
            return "123e4567-e89b-12d3-a456-426614174000";
        }
        if (label.contains("letters and digits")) {
            return "abc123";
        }
        if (label.contains("digits")) {
            return "12345";
        }
        return "abc";
    }
}
