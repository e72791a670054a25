package io.dbbasic.crud.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Resource;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns field values into {@link Cell}s, as lists, boards and detail pages show them. */
public final class Cells {
    /** Bootstrap's theme colours: a {@code ui.colors} value outside them is drawn as secondary. */
    static final Set<String> COLOURS = Set.of("primary", "secondary", "success", "danger", "warning", "info", "light", "dark");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final int SHORT_TEXT = 80;

    private Cells() {}

    /**
     * The cell for {@code value} of {@code field}; {@code labels} names the linked records of a relation field.
     * {@code shorten}: long text is cut (lists), or shown whole (detail pages).
     */
    public static Cell of(Resource resource, Field field, Object value, Map<Long, String> labels, boolean shorten) {
        if (value == null || value instanceof Collection<?> empty && empty.isEmpty()) {
            return Cell.muted();
        }
        var type = field.type();
        if (type instanceof FieldType.Select) {
            return badge(field, value.toString());
        }
        if (type instanceof FieldType.Bool) {
            return new Cell("bool", Boolean.TRUE.equals(value) ? "Yes" : "No", Boolean.TRUE.equals(value) ? "text-success" : "text-body-secondary", null, null);
        }
        if (type instanceof FieldType.ForeignKey fk) {
            var id = ((Number) value).longValue();
            return new Cell("link", labels.getOrDefault(id, "#" + id), "", UiPaths.record(fk.references(), id), null);
        }
        if (type instanceof FieldType.ManyToMany) {
            var names = ((Collection<?>) value).stream().map(id -> labels.getOrDefault(((Number) id).longValue(), "#" + id))
                    .collect(Collectors.joining(", "));
            return Cell.text(names);
        }
        if (type instanceof FieldType.Timestamp && value instanceof Instant instant) {
            return new Cell("text", MINUTES.format(instant) + " UTC", "text-nowrap", null, instant.toString());
        }
        if (type instanceof FieldType.File && value instanceof Map<?, ?> file) {
            return new Cell("file", String.valueOf(file.get("name")), "", String.valueOf(file.get("url")), String.valueOf(file.get("content_type")));
        }
        if (value instanceof JsonNode json) {
            return new Cell("code", shorten ? shortened(json.toString()) : json.toPrettyString(), "", null, null);
        }
        if (type instanceof FieldType.Text text && text.kind() == FieldType.TextKind.URL && isWebLink(value.toString())) {
            return new Cell("link", shorten ? shortened(value.toString()) : value.toString(), "", value.toString(), null);
        }
        var shown = value instanceof java.math.BigDecimal number ? number.toPlainString() : value.toString();
        return shorten ? new Cell("text", shortened(shown), "", null, shown.length() > SHORT_TEXT ? shown : null) : Cell.text(shown);
    }

    /** A select value as a badge in its {@code ui.colors} colour when the field asks for badges, else as text. */
    public static Cell badge(Field field, String value) {
        if (!"badge".equals(field.ui().variant())) {
            return Cell.text(value);
        }
        return new Cell("badge", value, "badge " + colourClass(field, value), null, null);
    }

    /** {@code text-bg-success} for a value coloured {@code success}; secondary without a known colour. */
    public static String colourClass(Field field, String value) {
        var colour = field.ui().colors().get(value);
        return "text-bg-" + (colour != null && COLOURS.contains(colour) ? colour : "secondary");
    }

    /** The ids a relation value points at (a foreign key's one, a many_to_many's list), for label look-ups. */
    public static List<Long> linkedIds(Object value) {
        if (value instanceof Number id) {
            return List.of(id.longValue());
        }
        if (value instanceof Collection<?> ids) {
            return ids.stream().filter(Number.class::isInstance).map(id -> ((Number) id).longValue()).toList();
        }
        return List.of();
    }

    /** Only http(s) links become {@code href}s: a stored {@code javascript:} URL stays text. */
    static boolean isWebLink(String url) {
        var lower = url.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    private static String shortened(String text) {
        var line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= SHORT_TEXT ? line : line.substring(0, SHORT_TEXT - 1) + "…";
    }
}
