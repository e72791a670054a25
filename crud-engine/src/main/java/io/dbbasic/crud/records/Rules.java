package io.dbbasic.crud.records;

import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The per-field rules of CONTRACT §4 "Writes", checked on a typed value. Pure: no database, so it runs
 * on the request thread before anything is queued. Existence and uniqueness are checked by the writer.
 */
final class Rules {
    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    // compiled once per pattern text; the model is immutable, so the cache only grows with the YAML
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    /** The problem with {@code value} for {@code field}, or {@code null} when it is fine. */
    String check(Field field, Object value) {
        if (value == null) {
            return field.required() ? "is required" : null;
        }
        if (value instanceof String text) {
            return checkText(field, text);
        }
        if (value instanceof BigDecimal number) {
            return checkNumber(field, number);
        }
        if (value instanceof Long number && field.type() instanceof FieldType.Integer) {
            return checkNumber(field, BigDecimal.valueOf(number));
        }
        return null;
    }

    private String checkText(Field field, String text) {
        if (field.required() && text.isBlank()) {
            return "is required";
        }
        var length = text.codePointCount(0, text.length());
        if (field.maxLength() != null && length > field.maxLength()) {
            return "must be at most " + field.maxLength() + " characters (it has " + length + ")";
        }
        if (field.minLength() != null && length < field.minLength() && !(text.isEmpty() && !field.required())) {
            return "must be at least " + field.minLength() + " characters";
        }
        if (text.indexOf('\0') >= 0) {
            return "must not contain NUL characters";
        }
        var type = field.type();
        if (type instanceof FieldType.Select select && !select.options().contains(text)) {
            return "must be one of " + String.join(", ", select.options());
        }
        if (type instanceof FieldType.Text t && t.kind() == FieldType.TextKind.EMAIL && !text.isEmpty() && !EMAIL.matcher(text).matches()) {
            return "must be an email address";
        }
        if (type instanceof FieldType.Text t && t.kind() == FieldType.TextKind.URL && !text.isEmpty() && !isWebUrl(text)) {
            return "must be an absolute http or https URL";
        }
        if (field.pattern() != null && !text.isEmpty()
                && !patterns.computeIfAbsent(field.pattern(), Pattern::compile).matcher(text).matches()) {
            return "must match the pattern " + field.pattern();
        }
        return null;
    }

    private static String checkNumber(Field field, BigDecimal number) {
        if (field.min() != null && number.compareTo(field.min()) < 0) {
            return "must be ≥ " + field.min().toPlainString();
        }
        if (field.max() != null && number.compareTo(field.max()) > 0) {
            return "must be ≤ " + field.max().toPlainString();
        }
        if (field.type() instanceof FieldType.Decimal decimal) {
            var scale = Math.max(number.stripTrailingZeros().scale(), 0);
            if (scale > decimal.scale()) {
                return "must have at most " + decimal.scale() + " decimal places";
            }
            var integerDigits = number.precision() - number.scale();
            if (integerDigits > decimal.precision() - decimal.scale()) {
                return "is too large (at most " + (decimal.precision() - decimal.scale()) + " digits before the point)";
            }
        }
        return null;
    }

    private static boolean isWebUrl(String text) {
        try {
            var uri = new URI(text);
            return uri.isAbsolute() && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
