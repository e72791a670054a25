package io.dbbasic.ai.generate.offline;

import io.dbbasic.hooks.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.Normalizer;
import java.util.Locale;

/**
 * The helper functions generated code uses, twice: as Java methods the interpreter calls when it works
 * out a rule's expected results, and as source text ({@link #SOURCE}) pasted into generated hooks.
 * Keep the two in step: the generated tests compare them.
 */
final class Helpers {
    private Helpers() {}

    static BigDecimal num(Row r, String field) {
        var value = r.getDecimal(field);
        return value == null ? BigDecimal.ZERO : value;
    }

    static BigDecimal div(BigDecimal a, BigDecimal b) {
        if (b.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        return a.divide(b, 10, RoundingMode.HALF_UP);
    }

    static BigDecimal clean(BigDecimal value) {
        var stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    static String slug(String text) {
        var plain = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        var slug = plain.toLowerCase(Locale.ROOT).replace("&", " and ").replaceAll("[^a-z0-9]+", "-");
        slug = slug.replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "item" : slug;
    }

    static int words(String text) {
        var trimmed = text == null ? "" : text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    static String titleCase(String text) {
        var out = new StringBuilder();
        var start = true;
        for (var c : text.toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = Character.isWhitespace(c) || c == '-';
        }
        return out.toString();
    }

    static final String SOURCE = """
                private static BigDecimal num(Row r, String field) {
                    var value = r.getDecimal(field);
                    return value == null ? BigDecimal.ZERO : value;
                }

                private static BigDecimal div(BigDecimal a, BigDecimal b) {
                    if (b.signum() == 0) {
                        throw new ArithmeticException("division by zero");
                    }
                    return a.divide(b, 10, RoundingMode.HALF_UP);
                }

                private static BigDecimal clean(BigDecimal value) {
                    var stripped = value.stripTrailingZeros();
                    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
                }

                private static String slug(String text) {
                    var plain = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\\\p{M}+", "");
                    var slug = plain.toLowerCase(Locale.ROOT).replace("&", " and ").replaceAll("[^a-z0-9]+", "-");
                    slug = slug.replaceAll("^-+|-+$", "");
                    return slug.isEmpty() ? "item" : slug;
                }

                private static int words(String text) {
                    var trimmed = text == null ? "" : text.strip();
                    return trimmed.isEmpty() ? 0 : trimmed.split("\\\\s+").length;
                }

                private static String titleCase(String text) {
                    var out = new StringBuilder();
                    var start = true;
                    for (var c : text.toCharArray()) {
                        out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
                        start = Character.isWhitespace(c) || c == '-';
                    }
                    return out.toString();
                }
            """;
}
